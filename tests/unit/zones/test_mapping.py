"""dashboard.zones.mapping: zone categories for user files, from a property or for all."""

from __future__ import annotations

import pytest

from dashboard.intake.user_files import read_geodata
from dashboard.zones.mapping import assign_zones, has_zones, zone_values
from tests.conftest import DATA


def loaded(name: str):
    return read_geodata((DATA / name).read_bytes(), name).gdf


def test_own_zone_column_with_unknown_values_listed_by_name():
    gdf = loaded("unknown_zone_value.geojson")
    assert has_zones(gdf)
    zoned, messages = assign_zones(gdf)
    assert list(zoned["zone"]) == ["withdrawal", None]
    assert len(zoned) == 2  # kept, not dropped
    assert "'annexed'" in messages[0].text and "1 feature(s)" in messages[0].text


def test_mapping_from_another_property():
    gdf = loaded("no_zone_property.geojson")
    assert not has_zones(gdf)
    assert zone_values(gdf, "status") == ["handed back", "held"]
    zoned, messages = assign_zones(gdf, column="status", mapping={"held": "retained"})
    assert list(zoned["zone"]) == [None, "retained"]
    assert "'handed back'" in messages[0].text


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
