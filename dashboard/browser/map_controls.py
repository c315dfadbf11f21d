"""Controls drawn on the map by the browser itself: full screen, a ruler, a note when
online tiles fail, and the page's keys forwarded from inside the map. A few lines of
Leaflet each, written here (no plugin file to serve). The legend is in
:mod:`dashboard.browser.map_legend`, the labels' placement in
:mod:`dashboard.browser.map_labels`."""

from __future__ import annotations

from collections.abc import Sequence

from branca.element import MacroElement
from jinja2 import Template

from dashboard.browser.escaping import script_json
from dashboard.browser.map_words import ENGLISH_WORDS, WORD_JS


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
        var word = {{ this.word_js }};
        var ENGLISH = {fullscreen: {{ this.enter }}, fullscreen_leave: {{ this.leave }}};
        button.setAttribute("data-word", "fullscreen");
        button.title = button.ariaLabel = word("fullscreen", {{ this.enter }});
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
            var key = document.fullscreenElement ? "fullscreen_leave" : "fullscreen";
            button.setAttribute("data-word", key);
            button.title = button.ariaLabel = word(key, ENGLISH[key]);
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
        self.enter = script_json(ENGLISH_WORDS["fullscreen"])
        self.leave = script_json(ENGLISH_WORDS["fullscreen_leave"])
        self.word_js = WORD_JS


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
        var word = {{ this.word_js }};
        button.setAttribute("data-word", "measure");
        button.title = button.ariaLabel = word("measure", {{ this.start }});
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
            button.setAttribute("data-word", active ? "measure_stop" : "measure");
            button.title = button.ariaLabel = active
                ? word("measure_stop", {{ this.stop }}) : word("measure", {{ this.start }});
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
        self.start = script_json(ENGLISH_WORDS["measure"])
        self.stop = script_json(ENGLISH_WORDS["measure_stop"])
        self.word_js = WORD_JS


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
