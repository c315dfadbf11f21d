"""dashboard.zones.contract: every way a zone file can break the contract is reported."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Polygon

from dashboard.zones.contract import (
    REQUIRED_ZONE_PROPERTIES,
    ZoneDataError,
    check_zones,
    zone_problems,
)
from tests.conftest import DATA


@pytest.fixture
def zones() -> gpd.GeoDataFrame:
    gdf = gpd.read_file(DATA / "valid_zones.geojson", datetime_as_string=True)
    gdf["as_of"] = gdf["as_of"].str[:10]
    return gdf


def test_valid_zones_pass(zones):
    assert zone_problems(zones, "z.geojson") == []
    assert check_zones(zones, "z.geojson") is zones


def test_contract_reports_each_problem(zones):
    broken = zones.copy()
    broken.loc[0, "zone"] = "annexed"
    broken.loc[1, "as_of"] = "10/10/2025"
    broken.loc[1, "confidence"] = "certain"
    broken.loc[0, "source"] = "  "
    problems = zone_problems(broken, "mine.geojson")
    assert any("zone 'annexed' is not one of retained" in p for p in problems)
    assert any("as_of '10/10/2025' is not an ISO date" in p for p in problems)
    assert any("confidence 'certain' is not one of low" in p for p in problems)
    assert any("'source' is empty" in p for p in problems)
    assert len(problems) == 4
    assert all(p.startswith("mine.geojson, feature ") for p in problems)
    assert any("('West square')" in p for p in problems)  # features are named
    with pytest.raises(ZoneDataError) as info:
        check_zones(broken, "mine.geojson")
    assert str(info.value).splitlines() == problems


def test_geometry_problems(zones):
    bow_tie = Polygon([(34.30, 31.40), (34.31, 31.41), (34.31, 31.40), (34.30, 31.41)])
    broken = zones.set_geometry([bow_tie, LineString([(34.3, 31.4), (34.4, 31.5)])])
    problems = zone_problems(broken, "g.geojson")
    assert "invalid geometry (Self-intersection" in problems[0]
    assert "a zone must be a polygon, not a LineString" in problems[1]


def test_missing_properties_and_no_features(zones):
    (problem,) = zone_problems(zones.drop(columns=["phase", "source"]), "m.geojson")
    assert problem.startswith("m.geojson: missing properties phase, source;")
    assert zone_problems(zones.iloc[:0], "e.geojson") == [
        "e.geojson: the file has no zone features."
    ]
    assert "zone" in REQUIRED_ZONE_PROPERTIES
