"""dashboard.browser.styles: the palette applied to features, and the tooltip specs."""

from __future__ import annotations

import pytest

from dashboard.browser import styles
from dashboard.config import INK_COLOUR, NEUTRAL_COLOUR, OUTLINE_COLOUR, ZONE_COLOURS


def feature(**properties) -> dict:
    return {"properties": properties}


@pytest.mark.parametrize(
    ("zone", "colour"),
    [("retained", "#882255"), ("withdrawal", "#117733"), ("buffer", "#CC79A7"), ("x", "#555555")],
)
def test_zone_style_colours(zone, colour):
    assert styles.zone_style(feature(zone=zone))["fillColor"] == colour


def test_zone_style_keeps_the_shared_options_and_does_not_change_them():
    style = styles.zone_style(feature(zone="retained"))
    assert style == {**styles.ZONE_STYLE, "fillColor": ZONE_COLOURS["retained"]}
    assert "fillColor" not in styles.ZONE_STYLE
    assert styles.zone_style(feature(zone=None))["fillColor"] == NEUTRAL_COLOUR


def test_line_style_by_kind():
    assert styles.line_style(feature(kind="yellow_line"))["color"] == "#F0E442"
    assert "dashArray" in styles.line_style(feature(kind="corridor"))
    assert styles.line_style(feature(kind="other")) == styles.LINE_STYLES["corridor"]
    styles.line_style(feature(kind="corridor"))["color"] = "red"  # a copy is returned
    assert styles.LINE_STYLES["corridor"]["color"] == INK_COLOUR


def test_change_style_uses_the_new_category_colour():
    style = styles.change_style(feature(zone="buffer"))
    assert style["fillColor"] == ZONE_COLOURS["buffer"] and style["dashArray"]
    assert styles.change_style(feature())["fillColor"] == NEUTRAL_COLOUR


def test_point_style_by_kind_in_leaflet_names():
    crossing = styles.point_style(feature(kind="crossing"))
    assert crossing["fillColor"] == styles.POINT_STYLES["crossing"]["fill_color"]
    assert crossing["radius"] == 6 and "fill_color" not in crossing
    assert styles.point_style(feature(kind="?"))["radius"] == styles.POINT_STYLES["town"]["radius"]


@pytest.mark.parametrize(
    "style",
    [styles.outline_style, styles.governorate_style, styles.border_style],
)
def test_lines_without_fill(style):
    assert style(feature())["fill"] is False


def test_fixed_styles():
    assert styles.outline_style(feature())["color"] == OUTLINE_COLOUR
    assert styles.neutral_style(feature(zone="retained"))["fillColor"] == NEUTRAL_COLOUR
    assert styles.strip_fill_style(feature())["stroke"] is False
    assert styles.land_style(feature())["fillOpacity"] == 1.0


def test_tooltip_specs_pair_fields_with_labels():
    for spec in (styles.ZONE_TOOLTIP, styles.NAME_TOOLTIP):
        assert len(spec.fields) == len(spec.aliases)
    assert styles.ZONE_TOOLTIP.fields[0] == "name"


def test_uploads_stand_apart_from_the_zones():
    from dashboard.config import UPLOAD_COLOURS, ZONE_COLOURS

    assert not set(UPLOAD_COLOURS) & {*ZONE_COLOURS.values(), NEUTRAL_COLOUR}
    plain = styles.neutral_style(feature(), colour=UPLOAD_COLOURS[1])
    assert plain["color"] == plain["fillColor"] == UPLOAD_COLOURS[1]
    zoned = styles.upload_zone_style(feature(zone="retained"), UPLOAD_COLOURS[2])
    assert zoned["fillColor"] == ZONE_COLOURS["retained"]  # its category, as a zone
    assert zoned["color"] == UPLOAD_COLOURS[2] and zoned["dashArray"]  # its own outline


def test_the_orange_zone_has_its_own_colour_apart_from_retained():
    from dashboard.config import ORANGE_ZONE_COLOUR

    orange = styles.zone_style({"properties": {"zone": "buffer", "kind": styles.ORANGE_KIND}})
    perimeter = styles.zone_style({"properties": {"zone": "buffer", "kind": "reported"}})
    retained = styles.zone_style({"properties": {"zone": "retained", "kind": "reported"}})
    assert orange["fillColor"] == ORANGE_ZONE_COLOUR == "#D55E00"
    assert len({orange["fillColor"], perimeter["fillColor"], retained["fillColor"]}) == 3
