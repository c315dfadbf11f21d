"""The map's legend: rows from the palette in its order, colours checked, upload names as
text."""

from __future__ import annotations

import pytest

from dashboard.browser.map_builder import build_base_map
from dashboard.browser.map_legend import LegendEntry, legend_entries, legend_group
from dashboard.config import INK_COLOUR, UPLOAD_COLOURS, ZONE_COLOURS, ZONE_LABELS


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
        ("line", "#F0E442", "Yellow line"),
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


def test_an_uploads_name_cannot_reverse_its_legend_row():
    entries = legend_entries(
        categories=[], category_labels=ZONE_LABELS, uploads=[("\u202egnp", "#123456")]
    )
    assert entries[-1].text == "gnp"


def test_the_orange_zone_and_the_drift_band_have_rows_of_their_own():
    from dashboard.browser.map_legend import ORANGE_ZONE_KEY
    from dashboard.config import DRIFT_COLOUR, ORANGE_ZONE_COLOUR

    entries = legend_entries(
        ["buffer"],
        {**ZONE_LABELS, ORANGE_ZONE_KEY: "Orange zone"},
        ["drift"],
        {"drift": "Drift"},
        switches={"buffer": "show_zone_buffer", "drift": "show_ref_drift"},
    )
    assert [(e.mark, e.colour, e.text, e.switch) for e in entries] == [
        ("area", ZONE_COLOURS["buffer"], ZONE_LABELS["buffer"], "show_zone_buffer"),
        ("area", ORANGE_ZONE_COLOUR, "Orange zone", "show_zone_buffer"),
        ("band", DRIFT_COLOUR, "Drift", "show_ref_drift"),
    ]
