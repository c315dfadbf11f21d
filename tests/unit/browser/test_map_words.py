"""The map's buttons in the page's language: a group gives the map its words, the buttons
read them by their ``data-word``."""

from __future__ import annotations

import json
import re

import folium

from dashboard.browser.map_builder import build_base_map
from dashboard.browser.map_words import ENGLISH_WORDS, words_group


def _words_in(html: str) -> dict:
    found = re.search(r"map._words = (\{.*?\});", html)
    assert found, html
    return json.loads(found.group(1))


def test_the_group_gives_the_map_the_words_of_the_page():
    fmap = folium.Map()
    words_group({"zoom_in": "تكبير", "fullscreen": "ملء الشاشة"}).add_to(fmap)
    words = _words_in(fmap.get_root().render())
    assert words["zoom_in"] == "تكبير" and words["fullscreen"] == "ملء الشاشة"
    # A word not given (or empty) stays English rather than blank.
    assert words["zoom_out"] == ENGLISH_WORDS["zoom_out"]


def test_words_are_written_as_script_safe_json():
    fmap = folium.Map()
    words_group({"png": "</script><b>"}).add_to(fmap)
    html = fmap.get_root().render()
    assert "</script><b>" not in html
    assert _words_in(html)["png"] == "</script><b>"


def test_the_zoom_buttons_and_every_drawn_button_take_the_words():
    fmap = folium.Map()
    words_group({}).add_to(fmap)
    html = fmap.get_root().render()
    assert ".leaflet-control-zoom-in" in html and ".leaflet-control-zoom-out" in html
    assert 'querySelectorAll("[data-word]")' in html


def test_the_base_maps_buttons_name_their_word():
    html = build_base_map().get_root().render()
    for key in ("fullscreen", "measure"):
        assert f'"data-word", "{key}"' in html
    # Their changing titles (full screen and back, measuring and not) read the map's words.
    assert "map._words && map._words[key]" in html
