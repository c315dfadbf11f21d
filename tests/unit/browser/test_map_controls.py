"""The map's own controls: present on every base map, their texts as JSON in the script;
the legend from the palette, upload names as text; the keys passed to the page."""

from __future__ import annotations

import pytest

from dashboard.browser.map_builder import build_base_map, tile_group
from dashboard.browser.map_controls import LegendEntry, PageKeys, legend_entries, legend_group
from dashboard.config import INK_COLOUR, UPLOAD_COLOURS, ZONE_COLOURS, ZONE_LABELS


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


def test_the_legend_lists_what_is_shown_in_palette_colours():
    entries = legend_entries(
        ["buffer", "retained"],
        ZONE_LABELS,
        ["towns", "yellow_line", "outline"],
        {"yellow_line": "Yellow line", "towns": "Town", "outline": "Strip outline"},
        [("schools", UPLOAD_COLOURS[1])],
    )
    assert [(e.mark, e.colour, e.text) for e in entries] == [
        ("area", ZONE_COLOURS["retained"], ZONE_LABELS["retained"]),  # the palette's order
        ("area", ZONE_COLOURS["buffer"], ZONE_LABELS["buffer"]),
        ("line", "#E69F00", "Yellow line"),
        ("town", INK_COLOUR, "Town"),
        ("upload", UPLOAD_COLOURS[1], "schools"),
    ]


def test_a_legend_colour_must_be_a_colour():
    with pytest.raises(ValueError, match="#RRGGBB"):
        LegendEntry("upload", "red;background:url(x)", "name")


def test_an_upload_name_reaches_the_legend_as_text_never_markup():
    name = '</script><img src=x onerror="alert(1)">'
    fmap = build_base_map()
    legend_group(legend_entries([], ZONE_LABELS, uploads=[(name, "#009E73")])).add_to(fmap)
    html = fmap.get_root().render()
    assert name not in html and "<img" not in html
    assert "\\u003c/script\\u003e\\u003cimg" in html  # JSON-escaped, written with textContent
    script = html[html.index("var entries") :]  # the legend's script, to the end
    assert ".textContent = entry.text" in script and "innerHTML" not in script


def test_the_keys_p_and_n_are_passed_from_the_map_to_the_page():
    fmap = build_base_map()
    PageKeys(("P", "N")).add_to(fmap)
    html = fmap.get_root().render()
    assert 'var keys = ["p","n"]' in html
    assert "parent.document.body.dispatchEvent" in html


def test_measuring_closes_hover_tooltips():
    html = build_base_map().get_root().render()
    assert "closeHoverTooltips()" in html and 'map.on("tooltipopen"' in html
