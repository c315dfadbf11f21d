"""Place labels kept readable in the browser: inside the map, clear of its controls and of
each other."""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template


class LabelsInside(MacroElement):
    """Keeps labels and tooltips inside the map, clear of its buttons and of each other.

    A label that would run past an edge or under a control (the zoom buttons, the legend)
    goes to the other side of its point (and back when there is room again), or is wrapped
    to fit where neither side has room; a label that would cover one placed before it
    tries the other side, and is hidden where both are taken (shown again after a zoom
    that makes room: its point stays, and a click on it still opens its details); a
    background town's centred name is shown whole or not.

    Place labels go right of their dot by default; on a small map (the venue inset, a
    phone) long or crowded names were cut off or piled up. Checked when a tooltip opens
    and after each move or zoom, in the browser, where the labels' sizes are known.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function (map) {
    var MARGIN = 10;  // and room for the tooltip's little arrow (6 px)
    var SLACK = 4;    // two labels may touch by this much (their padding, not their text)
    function rel(r, box) {
        return {left: r.left - box.left, right: r.right - box.left,
                top: r.top - box.top, bottom: r.bottom - box.top};
    }
    function overlaps(a, b) {
        return a.left < b.right - SLACK && b.left < a.right - SLACK
            && a.top < b.bottom - SLACK && b.top < a.bottom - SLACK;
    }
    // The boxes of the map's shown controls (buttons, legend, scale), in the container's
    // pixels.
    function controls(box) {
        return Array.from(map.getContainer().querySelectorAll(".leaflet-control"))
            .map(function (c) { return rel(c.getBoundingClientRect(), box); })
            .filter(function (r) { return r.right > r.left && r.bottom > r.top; });
    }
    // The free stretch of a label's row between the controls at its height (the zoom
    // buttons on the left, the legend on the right), in the container's pixels.
    function limits(top, bottom, width, box) {
        var lo = 0, hi = width;
        controls(box).forEach(function (r) {
            if (r.bottom < top || r.top > bottom) return;
            if (r.left + r.right < width) lo = Math.max(lo, r.right);
            else hi = Math.min(hi, r.left);
        });
        return [lo, hi];
    }
    function place(tip) {
        var el = tip.getElement && tip.getElement();
        if (!el) return;
        var box = map.getContainer().getBoundingClientRect(), r = el.getBoundingClientRect();
        el.style.visibility = "";
        if (tip.options.direction === "center") {
            // A background town's name centred on a point at the edge: shown whole or not.
            el.style.visibility = r.left < box.left || r.right > box.right ? "hidden" : "";
            return;
        }
        // "auto" (the hover tooltips): Leaflet itself puts them on the side with room.
        if (["top", "bottom", "auto"].indexOf(tip.options.direction) >= 0) return;
        // The side with room for the label's natural width, right first; where neither
        // has room, the roomier side, the label wrapped to fit it.
        // Its width on one line, measured now (an early measure can be the pane's width).
        el.style.width = "max-content";
        el.style.whiteSpace = "nowrap";
        var natural = el.getBoundingClientRect().width;
        var dx = Math.abs((tip.options.offset && tip.options.offset.x) || 8);
        // The container's own width: Leaflet's cached size lags behind a frame resized late.
        var x = map.latLngToContainerPoint(tip.getLatLng()).x;
        var width = map.getContainer().clientWidth;
        var row = rel(r, box), free = limits(row.top, row.bottom, width, box);
        var right = free[1] - x - dx - MARGIN, left = x - dx - free[0] - MARGIN;
        // The side the label was given first (a neighbour's label may be on the other).
        if (tip.__preferred === undefined) tip.__preferred = tip.options.direction;
        var first = tip.__preferred === "left" ? left : right;
        var other = tip.__preferred === "left" ? right : left;
        var otherSide = tip.__preferred === "left" ? "right" : "left";
        var side = natural <= first ? tip.__preferred
            : natural <= other ? otherSide : first >= other ? tip.__preferred : otherSide;
        var room = Math.max(side === "right" ? right : left, 60);
        var wrap = natural > room;
        el.style.whiteSpace = wrap ? "normal" : "";
        el.style.boxSizing = wrap ? "border-box" : "";
        el.style.width = wrap ? room + "px" : "";
        turn(tip, side, dx);
        tip.__fits = {natural: natural, left: left, right: right, dx: dx};
    }
    function turn(tip, side, dx) {
        if (side !== tip.options.direction) {
            tip.options.direction = side;
            tip.options.offset = L.point(side === "left" ? -dx : dx, 0);
        }
        tip.update();
    }
    // Labels in the order they were added (places before the background towns): a label
    // that would cover a control or a label kept before it tries its other side, then is
    // hidden.
    function declutter(tips) {
        var box = map.getContainer().getBoundingClientRect();
        var kept = controls(box);  // the buttons, the legend and the scale count as taken
        function clear(el) {
            var r = rel(el.getBoundingClientRect(), box);
            return kept.every(function (k) { return !overlaps(r, k); }) ? r : null;
        }
        tips.forEach(function (tip) {
            var el = tip.getElement();
            if (el.style.visibility === "hidden") return;
            var r = clear(el), f = tip.__fits, was = tip.options.direction;
            if (!r && f && (was === "left" || was === "right")) {
                var other = was === "left" ? "right" : "left";
                if (f.natural <= (other === "left" ? f.left : f.right)) {
                    turn(tip, other, f.dx);
                    r = clear(el);
                    if (!r) turn(tip, was, f.dx);
                }
            }
            if (r) kept.push(r);
            else el.style.visibility = "hidden";
        });
    }
    function all() {
        var tips = [];
        map.eachLayer(function (layer) {
            var tip = layer.getTooltip && layer.getTooltip();
            if (tip && tip.options.permanent && map.hasLayer(tip) && tip.getElement()) {
                place(tip);
                tips.push(tip);
            }
        });
        tips.sort(function (a, b) {
            return (a.options.direction === "center") - (b.options.direction === "center");
        });
        declutter(tips);
    }
    var pending = null;
    function soon() {
        if (pending) clearTimeout(pending);
        pending = setTimeout(all, 60);
    }
    map.on("moveend zoomend resize layeradd overlayadd overlayremove", soon);
    window.addEventListener("resize", soon);
    map.whenReady(function () { setTimeout(all, 500); });
    // Web fonts change the labels' widths once loaded.
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(soon);
    map.on("tooltipopen", function (e) { if (!e.tooltip.options.permanent) place(e.tooltip); });
})({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "LabelsInside"
