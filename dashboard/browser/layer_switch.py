"""Layers shown and hidden by the map itself when a toggle beside it changes: no round trip.

The page always sends every zone and reference layer, so the map's layer list (and thus
the text streamlit-folium compares between runs) does not change when a layer is toggled:
nothing is removed, sent or built again. Each such layer carries the key of the toggle
that controls it (:class:`SwitchedBy`); the map watches those toggles in the page around
it (the same origin) and shows or hides the layer as soon as one is clicked, in a few
milliseconds. The click still reruns the page, so Python learns the state as before (for
the area table, the address and the downloads), but the map has nothing left to do.

Streamlit marks a widget's container with the class ``st-key-<key>``; that is how the map
finds a toggle. Where there is no page around the map (a downloaded file) or the toggle is
not found, the layer shows as the page last said (``shown``).
"""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from dashboard.browser.elements import map_name
from dashboard.browser.escaping import script_json


class SwitchedBy(MacroElement):
    """Shows the layer group it is added to only while the page's toggle ``key`` is on.

    Parameters
    ----------
    key : str
        The Streamlit key of the toggle (a checkbox or a toggle widget).
    shown : bool
        Whether the layer shows when the toggle cannot be read (an export, a test page).
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function (map, group, key, shown) {
    var sw = map._layerSwitch;
    if (!sw) {
        sw = map._layerSwitch = {groups: {}, shown: {}, listeners: {}};
        var page = null;
        try {
            if (window.parent !== window) { page = window.parent.document; void page.body; }
        } catch (e) { page = null; }
        sw.toggle = function (name) {
            if (!page) return null;
            var box = page.querySelector(".st-key-" + name + " input[type=checkbox]");
            return box ? box.checked : null;
        };
        sw.sync = function () {
            var added = [];
            Object.keys(sw.groups).forEach(function (name) {
                var layer = sw.groups[name], on = sw.toggle(name);
                if (on === null) on = sw.shown[name];
                if (on && !map.hasLayer(layer)) { map.addLayer(layer); added.push(layer); }
                if (!on && map.hasLayer(layer)) map.removeLayer(layer);
            });
            // A layer added again is drawn on top of its pane: put the layers that come
            // after it in the page's order back above it (lines and towns over zones).
            var order = window.feature_group || [], first = order.length;
            added.forEach(function (layer) {
                var at = order.indexOf(layer);
                if (at >= 0) first = Math.min(first, at);
            });
            for (var i = first + 1; i < order.length; i++) {
                if (map.hasLayer(order[i]) && order[i].bringToFront) order[i].bringToFront();
            }
            Object.keys(sw.listeners).forEach(function (name) { sw.listeners[name](); });
        };
        if (page) {
            // One listener on the page for all toggles; the toggle's own state is read once
            // the page has updated it (the next frame).
            var onInput = function () { requestAnimationFrame(sw.sync); };
            page.addEventListener("click", onInput, true);
            page.addEventListener("change", onInput, true);
            page.addEventListener("keyup", onInput, true);
            // A toggle drawn or set by the page itself (a link's ?layers=, a first run that
            // drew the map before the sidebar) is read once the page has changed: at most
            // once a frame, however many elements the page redraws.
            var pending = false;
            var onChange = function () {
                if (pending) return;
                pending = true;
                requestAnimationFrame(function () { pending = false; sw.sync(); });
            };
            var app = page.querySelector('[data-testid="stApp"]');
            var watcher = app && new MutationObserver(onChange);
            if (watcher) watcher.observe(app, {childList: true, subtree: true, attributes: true,
                                               attributeFilter: ["data-test-script-state"]});
            window.addEventListener("pagehide", function () {
                page.removeEventListener("click", onInput, true);
                page.removeEventListener("change", onInput, true);
                page.removeEventListener("keyup", onInput, true);
                if (watcher) watcher.disconnect();
            });
        }
    }
    sw.groups[key] = group;
    sw.shown[key] = shown;
    // streamlit-folium adds the group to the map right after this script: hide it then,
    // before anything is painted, if its toggle is off.
    Promise.resolve().then(sw.sync);
})({{ this.map_name() }}, {{ this._parent.get_name() }}, {{ this.key }}, {{ this.shown }});
{% endmacro %}
"""
    )

    def __init__(self, key: str, shown: bool) -> None:
        super().__init__()
        self._name = "SwitchedBy"
        self.key = script_json(key)
        self.shown = script_json(bool(shown))

    def map_name(self) -> str:
        """The JavaScript name of the map this element is drawn on."""
        return map_name(self)
