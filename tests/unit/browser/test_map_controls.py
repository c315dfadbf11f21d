"""The map's own controls: present on every base map, their texts as JSON in the script;
the keys passed to the page."""

from __future__ import annotations

from dashboard.browser.map_builder import build_base_map, tile_group
from dashboard.browser.map_controls import PageKeys


def test_every_base_map_has_full_screen_and_a_ruler():
    html = build_base_map().get_root().render()
    assert "fullscreen-button" in html and "requestFullscreen" in html
    assert "measure-button" in html and '"Measure a distance: click points on the map"' in html


def test_an_online_base_says_when_its_tiles_fail():
    fmap = build_base_map()
    tile_group("OpenStreetMap").add_to(fmap)
    html = fmap.get_root().render()
    assert 'once("tileerror"' in html
    assert "the online tiles could not load" in html


def test_the_keys_p_and_n_are_passed_from_the_map_to_the_page():
    fmap = build_base_map()
    PageKeys(("P", "N")).add_to(fmap)
    html = fmap.get_root().render()
    assert 'var keys = ["p","n"]' in html
    assert "parent.document.body.dispatchEvent" in html


def test_measuring_closes_hover_tooltips():
    html = build_base_map().get_root().render()
    assert "closeHoverTooltips()" in html and 'map.on("tooltipopen"' in html
