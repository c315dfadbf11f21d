"""Controls drawn on the map by the browser itself: full screen, a ruler, a note when
online tiles fail, the legend, and the page's keys forwarded from inside the map. A few
lines of Leaflet each, written here (no plugin file to serve)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import folium
from branca.element import MacroElement
from jinja2 import Template

from dashboard.browser.escaping import script_json
from dashboard.browser.styles import LINE_STYLES
from dashboard.config import INK_COLOUR, ZONE_CATEGORIES, ZONE_COLOURS


class FullscreenButton(MacroElement):
    """A button under the zoom control that shows the map full screen (and back).

    Written here rather than taken from a plugin: a few lines of the browser's Fullscreen
    API, with no file to serve. Streamlit's component frames allow full screen.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function (map) {
    var control = L.control({position: "topleft"});
    control.onAdd = function () {
        var bar = L.DomUtil.create("div", "leaflet-bar leaflet-control");
        var button = L.DomUtil.create("a", "fullscreen-button", bar);
        button.href = "#";
        button.setAttribute("role", "button");
        button.title = button.ariaLabel = {{ this.enter }};
        // Four corner brackets, drawn (a font may lack a full-screen symbol).
        button.innerHTML = '<svg width="16" height="16" viewBox="0 0 16 16" fill="none" '
            + 'stroke="currentColor" stroke-width="2" aria-hidden="true" style="margin-top:7px">'
            + '<path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5"/></svg>';
        L.DomEvent.disableClickPropagation(bar);
        L.DomEvent.on(button, "click", function (event) {
            L.DomEvent.preventDefault(event);
            var box = map.getContainer();
            if (document.fullscreenElement) { document.exitFullscreen(); }
            else if (box.requestFullscreen) { box.requestFullscreen(); }
        });
        document.addEventListener("fullscreenchange", function () {
            button.title = button.ariaLabel = document.fullscreenElement
                ? {{ this.leave }} : {{ this.enter }};
            map.invalidateSize();
        });
        return bar;
    };
    control.addTo(map);
})({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "FullscreenButton"
        self.enter = script_json("Full screen")
        self.leave = script_json("Leave full screen")


class MeasureTool(MacroElement):
    """A ruler under the full-screen button: click it, then click points on the map; the
    running length of the path shows at the last point (great-circle distances, Leaflet's
    ``map.distance``, rounded to 10 m). Click the ruler again to clear and stop.

    Hover tooltips open when measuring starts are closed, and none opens while measuring.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function (map) {
    var active = false, points = [], drawn = L.layerGroup(), line = null, label = null;
    var others = [];
    function reset() {
        drawn.clearLayers(); points = []; line = null; label = null;
    }
    function length() {
        var total = 0;
        for (var i = 1; i < points.length; i++) total += map.distance(points[i - 1], points[i]);
        if (total < 1000) return Math.round(total / 10) * 10 + " m";
        return (total / 1000).toFixed(2) + " km";
    }
    // A feature's hover tooltip (not the permanent labels, not the running length).
    function isHoverTooltip(tooltip) {
        return tooltip && !tooltip.options.permanent;
    }
    function closeHoverTooltips() {
        map.eachLayer(function (layer) {
            var tooltip = layer.getTooltip && layer.getTooltip();
            if (isHoverTooltip(tooltip) && layer.isTooltipOpen()) layer.closeTooltip();
            if (layer instanceof L.Tooltip && isHoverTooltip(layer)) map.closeTooltip(layer);
        });
    }
    // No hover tooltip opens while measuring (it would cover the path being drawn).
    map.on("tooltipopen", function (event) {
        if (!active || !isHoverTooltip(event.tooltip)) return;
        var tooltip = event.tooltip;
        setTimeout(function () {  // after Leaflet has finished opening it
            if (tooltip._source) tooltip._source.closeTooltip();
            else map.closeTooltip(tooltip);
        }, 0);
    });
    var control = L.control({position: "topleft"});
    control.onAdd = function () {
        var bar = L.DomUtil.create("div", "leaflet-bar leaflet-control");
        var button = L.DomUtil.create("a", "measure-button", bar);
        button.href = "#";
        button.setAttribute("role", "button");
        button.title = button.ariaLabel = {{ this.start }};
        button.innerHTML = '<svg width="16" height="16" viewBox="0 0 16 16" fill="none" '
            + 'stroke="currentColor" stroke-width="1.6" aria-hidden="true" style="margin-top:7px">'
            + '<path d="M1 11 11 1l4 4L5 15zM4 8l2 2M6 6l1 1M8 4l2 2M10 2l1 1"/></svg>';
        L.DomEvent.disableClickPropagation(bar);
        L.DomEvent.on(button, "click", function (event) {
            L.DomEvent.preventDefault(event);
            active = !active;
            reset();
            if (active) {
                closeHoverTooltips();
                // While measuring, clicks measure only: features do not catch them, and
                // the page's own click handlers (selection, distance) are set aside.
                others = (map._events.click || []).filter(function (h) {
                    return h.fn !== measure;
                });
                others.forEach(function (h) { map.off("click", h.fn, h.ctx); });
                drawn.addTo(map);
            } else {
                others.forEach(function (h) { map.on("click", h.fn, h.ctx); });
                others = [];
                drawn.remove();
            }
            L.DomUtil[active ? "addClass" : "removeClass"](map.getContainer(), "measuring");
            map.getContainer().style.cursor = active ? "crosshair" : "";
            button.classList.toggle("measure-active", active);
            button.title = button.ariaLabel = active ? {{ this.stop }} : {{ this.start }};
        });
        return bar;
    };
    control.addTo(map);
    function measure(event) {
        if (!active) return;
        points.push(event.latlng);
        L.circleMarker(event.latlng, {radius: 3, color: "#000", weight: 1, fillColor: "#FFF",
            fillOpacity: 1, interactive: false}).addTo(drawn);
        if (!line) {
            line = L.polyline(points, {color: "#000", weight: 2, dashArray: "4 4",
                interactive: false}).addTo(drawn);
        } else {
            line.setLatLngs(points);
        }
        if (!label) {
            label = L.tooltip({permanent: true, direction: "right", className: "measure-label"})
                .setLatLng(event.latlng).setContent(length());
            drawn.addLayer(label);
        } else {
            label.setLatLng(event.latlng).setContent(length());
        }
    }
    map.on("click", measure);
})({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "MeasureTool"
        self.start = script_json("Measure a distance: click points on the map")
        self.stop = script_json("Stop measuring (clears the path)")


class TileErrorNotice(MacroElement):
    """On the first tile that fails to load, a note on the map: the online base could not
    be reached and the bundled one shows instead. Removed with its tile layer."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.once("tileerror", function () {
    var layer = {{ this._parent.get_name() }}, map = layer._map;
    if (!map) return;
    var note = L.control({position: "bottomleft"});
    note.onAdd = function () {
        var box = L.DomUtil.create("div", "tile-error-note");
        box.textContent = {{ this.message }};
        return box;
    };
    note.addTo(map);
    layer.once("remove", function () { note.remove(); });
});
{% endmacro %}
"""
    )

    def __init__(self, base: str) -> None:
        super().__init__()
        self._name = "TileErrorNotice"
        self.message = script_json(
            f"{base}: the online tiles could not load (no internet?). "
            "Showing the bundled offline base instead."
        )


class PageKeys(MacroElement):
    """The page's one-letter keys (e.g. P and N: previous and next event) still work after
    a click in the map.

    The map lives in its own frame: once clicked, it has the keyboard focus and the
    page's key handler never hears a key. This passes each of ``keys``, pressed in the
    map without a modifier, on to the page as the same key, so the same action runs.
    A page of another origin cannot be reached, and then nothing is passed on.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
    var keys = {{ this.keys }};
    function page() {
        try {
            var parent = window.parent;
            return parent !== window && parent.document ? parent : null;
        } catch (error) {
            return null;  // another origin
        }
    }
    function pass(event) {
        if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
        if (keys.indexOf((event.key || "").toLowerCase()) < 0) return;
        var target = event.target;
        var typing = /^(INPUT|TEXTAREA|SELECT)$/;
        if (target && (target.isContentEditable || typing.test(target.tagName))) return;
        var parent = page();
        if (!parent) return;
        var copy = new parent.KeyboardEvent(event.type, {
            key: event.key, code: event.code, shiftKey: event.shiftKey,
            bubbles: true, cancelable: true
        });
        // Key handlers that read the legacy key codes get them too.
        ["keyCode", "which"].forEach(function (name) {
            Object.defineProperty(copy, name, {value: event.keyCode});
        });
        parent.document.body.dispatchEvent(copy);
    }
    document.addEventListener("keydown", pass);
    document.addEventListener("keyup", pass);
})();
{% endmacro %}
"""
    )

    def __init__(self, keys: Sequence[str] = ("p", "n")) -> None:
        super().__init__()
        self._name = "PageKeys"
        self.keys = script_json([key.lower() for key in keys])


# A legend entry's mark: a filled square (an area), a line, a dashed line, a town's ring,
# a crossing's dot, or an upload's dashed square (its outline colour, lightly filled).
LEGEND_MARKS = ("area", "line", "dashed", "town", "crossing", "upload")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
# Below this map width (px) the legend starts folded: on a phone it must not cover the map,
# and beside the desktop page's sidebar (which has the legend too) the map is narrow.
LEGEND_FOLDED_BELOW_PX = 700


@dataclass(frozen=True)
class LegendEntry:
    """One row of a legend: a mark drawn in ``colour`` and its text (plain text)."""

    mark: str
    colour: str
    text: str
    switch: str | None = None  # the page's toggle of the layer: the row shows while it is on

    def __post_init__(self) -> None:
        if self.mark not in LEGEND_MARKS:
            raise ValueError(f"unknown legend mark {self.mark!r}; one of {LEGEND_MARKS}")
        if not _COLOUR.fullmatch(self.colour):
            raise ValueError(f"a legend colour must be #RRGGBB, not {self.colour!r}")


# Which reference layers have a legend entry, and how each is drawn.
REFERENCE_MARKS: dict[str, tuple[str, str]] = {
    "yellow_line": ("line", str(LINE_STYLES["yellow_line"]["color"])),
    "corridors": ("dashed", INK_COLOUR),
    "towns": ("town", INK_COLOUR),
    "crossings": ("crossing", INK_COLOUR),
}


def legend_entries(
    categories: Sequence[str],
    category_labels: Mapping[str, str],
    references: Sequence[str] = (),
    reference_labels: Mapping[str, str] | None = None,
    uploads: Sequence[tuple[str, str]] = (),
    switches: Mapping[str, str] | None = None,
) -> list[LegendEntry]:
    """The legend of what a map shows, from the palette: the zone ``categories`` shown (in
    the palette's order, named by ``category_labels``), the ``references`` that have a mark
    (see :data:`REFERENCE_MARKS`, named by ``reference_labels``), then each upload as
    ``(name, colour)``. Names are kept as plain text: the browser writes them as text.

    ``switches`` maps a category or reference key to the page's toggle of that layer: its
    row shows while the toggle is on (see :mod:`dashboard.browser.layer_switch`).
    """
    toggles = switches or {}
    entries = [
        LegendEntry("area", ZONE_COLOURS[c], category_labels[c], toggles.get(c))
        for c in ZONE_CATEGORIES
        if c in categories
    ]
    labels = reference_labels or {}
    for key, (mark, colour) in REFERENCE_MARKS.items():
        if key in references and key in labels:
            entries.append(LegendEntry(mark, colour, labels[key], toggles.get(key)))
    entries.extend(LegendEntry("upload", colour, name) for name, colour in uploads)
    return entries


LEGEND_CSS = (
    ".map-legend{background:rgba(255,255,255,.95);border-radius:4px;color:" + INK_COLOUR + ";"
    "box-shadow:0 1px 5px rgba(0,0,0,.35);font:12px/1.5 system-ui,sans-serif;"
    "max-width:min(250px,60vw)}"
    ".map-legend-toggle{display:block;padding:4px 8px;font-weight:600;cursor:pointer;"
    "color:inherit !important;text-decoration:none;white-space:nowrap}"
    ".map-legend-list{padding:0 8px 6px;max-height:45vh;overflow:auto}"
    ".map-legend-list[hidden]{display:none}"
    ".map-legend-row{display:flex;align-items:center;gap:6px;margin:2px 0}"
    ".map-legend-mark{flex:none;display:inline-block;width:14px;height:14px;"
    "box-sizing:border-box}"
    ".map-legend-area{background:var(--c);opacity:.8;outline:1px solid #bbb;"
    "border:1px solid #fff}"
    ".map-legend-line{height:0;width:18px;border-top:3px solid var(--c)}"
    ".map-legend-dashed{height:0;width:18px;border-top:3px dashed var(--c)}"
    ".map-legend-town{width:10px;height:10px;margin:0 4px 0 2px;border-radius:50%;"
    "border:2px solid var(--c);background:#fff}"
    ".map-legend-crossing{width:10px;height:10px;margin:0 4px 0 2px;border-radius:50%;"
    "background:var(--c);border:2px solid #fff;outline:1px solid var(--c)}"
    ".map-legend-upload{border:2px dashed var(--c);"
    "background:color-mix(in srgb,var(--c) 25%,transparent)}"
)


class MapLegend(MacroElement):
    """A legend on the map, folded into a "Legend" button and unfolded with a click: it
    shows while the feature group it belongs to is on the map (so it follows the page's
    layer choices without re-mounting the map).

    Every text goes to the browser as JSON and is written with ``textContent``; colours
    are checked to be ``#RRGGBB``. The legend starts unfolded on maps at least
    :data:`LEGEND_FOLDED_BELOW_PX` wide, folded on narrower ones; a fold or unfold by the
    user is kept while the map lives.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function (group) {
    var entries = {{ this.entries }}, texts = {{ this.texts }};
    if (!document.getElementById("map-legend-css")) {
        var style = document.createElement("style");
        style.id = "map-legend-css";
        style.textContent = {{ this.css }};
        document.head.appendChild(style);
    }
    var control = L.control({position: "bottomright"});  // over land, clear of the Strip
    control.onAdd = function (map) {
        var box = L.DomUtil.create("div", "leaflet-control map-legend");
        box.dir = texts.dir;
        box.setAttribute("data-testid", "map-legend-control");
        var toggle = L.DomUtil.create("a", "map-legend-toggle", box);
        toggle.href = "#";
        toggle.setAttribute("role", "button");
        var list = L.DomUtil.create("div", "map-legend-list", box);
        var switched = [];
        entries.forEach(function (entry) {
            var row = L.DomUtil.create("div", "map-legend-row", list);
            if (entry.switch) switched.push([row, entry.switch]);
            var mark = L.DomUtil.create("span", "map-legend-mark map-legend-" + entry.mark, row);
            mark.style.setProperty("--c", entry.colour);
            L.DomUtil.create("span", "map-legend-text", row).textContent = entry.text;
        });
        function unfold(open) {
            window.__mapLegendOpen = open;
            list.hidden = !open;
            toggle.textContent = texts.heading + (open ? " \\u25B4" : " \\u25BE");
            toggle.title = toggle.ariaLabel = open ? texts.hide : texts.show;
            toggle.setAttribute("aria-expanded", open ? "true" : "false");
        }
        var open = window.__mapLegendOpen;
        unfold(open === undefined ? map.getSize().x >= {{ this.folded_below }} : open);
        // Rows of layers toggled beside the map follow their toggles, as the layers do.
        function follow() {
            var sw = map._layerSwitch;
            if (!sw) return;
            switched.forEach(function (pair) {
                var on = sw.toggle(pair[1]);
                // Not the hidden attribute: the rows' own display rule would win over it.
                pair[0].style.display = (on === null ? sw.shown[pair[1]] : on) ? "" : "none";
            });
        }
        if (map._layerSwitch) map._layerSwitch.listeners.legend = follow;
        follow();
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        L.DomEvent.on(toggle, "click", function (event) {
            L.DomEvent.preventDefault(event);
            unfold(list.hidden);
        });
        return box;
    };
    group.on("add", function () { control.addTo(group._map); });
    group.on("remove", function () { control.remove(); });
})({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(
        self,
        entries: Sequence[LegendEntry],
        *,
        heading: str = "Legend",
        show: str = "Show the legend",
        hide: str = "Hide the legend",
        rtl: bool = False,
    ) -> None:
        super().__init__()
        self._name = "MapLegend"
        self.entries = script_json(
            [
                {"mark": e.mark, "colour": e.colour, "text": e.text, "switch": e.switch}
                for e in entries
            ]
        )
        self.texts = script_json(
            {"heading": heading, "show": show, "hide": hide, "dir": "rtl" if rtl else "ltr"}
        )
        self.css = script_json(LEGEND_CSS)
        self.folded_below = LEGEND_FOLDED_BELOW_PX


def legend_group(
    entries: Sequence[LegendEntry],
    *,
    heading: str = "Legend",
    show: str = "Show the legend",
    hide: str = "Hide the legend",
    rtl: bool = False,
) -> folium.FeatureGroup:
    """A feature group holding only the legend (see :class:`MapLegend`): add it with the
    map's other groups and the legend shows; leave it out and it goes."""
    group = folium.FeatureGroup(name="Legend", control=False)
    MapLegend(entries, heading=heading, show=show, hide=hide, rtl=rtl).add_to(group)
    return group


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
