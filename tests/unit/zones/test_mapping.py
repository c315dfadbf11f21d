"""dashboard.zones.mapping: zone categories for user files, from a property or for all."""

from __future__ import annotations

import pytest

from dashboard.intake.user_files import read_geodata
from dashboard.messages import without_isolates
from dashboard.zones.mapping import (
    assign_zones,
    has_unknown_zones_only,
    has_zones,
    zone_messages,
    zone_values,
)
from tests.conftest import DATA


def loaded(name: str):
    return read_geodata((DATA / name).read_bytes(), name).gdf


def test_own_zone_column_with_unknown_values_listed_by_name():
    gdf = loaded("unknown_zone_value.geojson")
    assert has_zones(gdf)
    zoned, messages = assign_zones(gdf)
    assert list(zoned["zone"]) == ["withdrawal", None]
    assert len(zoned) == 2  # kept, not dropped
    assert messages[0].text.startswith(
        "1 feature(s) have a `zone` that is not a category ('\u2068annexed\u2069');"
    )
    assert "No feature has a category" not in messages[0].text  # one of them has one
    assert zone_messages(gdf) == messages


def test_mapping_from_another_property():
    gdf = loaded("no_zone_property.geojson")
    assert not has_zones(gdf)
    assert zone_values(gdf, "status") == ["handed back", "held"]
    zoned, messages = assign_zones(gdf, column="status", mapping={"held": "retained"})
    assert list(zoned["zone"]) == [None, "retained"]
    assert without_isolates(messages[0].text).startswith(
        "1 feature(s) have a `status` value that is not mapped to a category ('handed back');"
    )
    assert "`\u2068status\u2069`" in messages[0].text


def test_one_category_for_the_whole_file():
    zoned, messages = assign_zones(loaded("no_zone_property.geojson"), single="buffer")
    assert set(zoned["zone"]) == {"buffer"} and messages == []
    with pytest.raises(ValueError):
        assign_zones(loaded("no_zone_property.geojson"), single="annexed")


def test_zone_values_normalised():
    gdf = loaded("valid_zones.geojson")
    gdf.loc[0, "zone"] = " Withdrawal "
    zoned, messages = assign_zones(gdf)
    assert zoned.loc[0, "zone"] == "withdrawal" and messages == []


def test_a_zone_property_with_no_known_value_is_named_as_such():
    """Every `zone` is unknown: the layer is not "without a `zone` property"; the message
    names the values and says how to give the features categories (page and CLI alike)."""
    gdf = loaded("unknown_zone_value.geojson")
    gdf["zone"] = ["green_zone", "green_zone"]
    assert not has_zones(gdf) and has_unknown_zones_only(gdf)
    (message,) = zone_messages(gdf)
    assert message.level == "warning"
    assert message.text.startswith(
        "2 feature(s) have a `zone` that is not a category ('\u2068green_zone\u2069'); "
    )
    assert "map the `zone` values to categories" in message.text
    assert zone_values(gdf, "zone") == ["green_zone"]


def test_no_zone_property_is_no_unknown_zone():
    gdf = loaded("no_zone_property.geojson")
    assert not has_unknown_zones_only(gdf) and zone_messages(gdf) == []
    assert zone_messages(loaded("valid_zones.geojson")) == []


def test_categories_are_read_ignoring_case_and_spaces():
    gdf = loaded("valid_zones.geojson")
    gdf["zone"] = [" Withdrawal ", "RETAINED"]
    assert has_zones(gdf) and not has_unknown_zones_only(gdf)
