"""The map's own buttons in the page's language: their tooltips and spoken names.

The map's base (zoom, full screen, ruler, PNG) is built once with English words, so that
its script, and thus the map, stays the same when the language changes. A group with no
features, :func:`words_group`, gives the map the words of the page's language: it sets
them on the buttons drawn, and the buttons whose words change with their state (full
screen and back, measuring and not) read them from the map (``map._words``, keyed by the
button's ``data-word``).
"""

from __future__ import annotations

from collections.abc import Mapping

import folium
from branca.element import MacroElement
from jinja2 import Template

from dashboard.browser.elements import map_name
from dashboard.browser.escaping import script_json

# Each button's word, by key (the ``data-word`` of the buttons drawn by this package), in
# English: what the base map is built with, and what a missing translation falls back to.
ENGLISH_WORDS: dict[str, str] = {
    "zoom_in": "Zoom in",
    "zoom_out": "Zoom out",
    "fullscreen": "Full screen",
    "fullscreen_leave": "Leave full screen",
    "measure": "Measure a distance: click points on the map",
    "measure_stop": "Stop measuring (clears the path)",
    "png": "Save the map as a PNG image",
}

# A button's word, in the buttons' own scripts: the map's words once given, else English.
WORD_JS = "function (key, english) { return (map._words && map._words[key]) || english; }"


class MapWords(MacroElement):
    """Gives the map ``words`` (key -> text) and puts them on its buttons at once."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function (map) {
    map._words = {{ this.words }};
    var box = map.getContainer();
    function put(button, text) {
        if (!button || !text) return;
        button.title = text;
        button.setAttribute("aria-label", text);
    }
    put(box.querySelector(".leaflet-control-zoom-in"), map._words.zoom_in);
    put(box.querySelector(".leaflet-control-zoom-out"), map._words.zoom_out);
    box.querySelectorAll("[data-word]").forEach(function (button) {
        put(button, map._words[button.getAttribute("data-word")]);
    });
})({{ this.map_name() }});
{% endmacro %}
"""
    )

    def __init__(self, words: Mapping[str, str]) -> None:
        super().__init__()
        self._name = "MapWords"
        self.words = script_json({**ENGLISH_WORDS, **{k: v for k, v in words.items() if v}})

    def map_name(self) -> str:
        """The JavaScript name of the map this element is drawn on."""
        return map_name(self)


def words_group(words: Mapping[str, str]) -> folium.FeatureGroup:
    """A group with no features that gives the map its buttons' ``words``."""
    group = folium.FeatureGroup(name="Words", control=False)
    MapWords(words).add_to(group)
    return group
