"""dashboard.zones.contract: every way a zone file can break the contract is reported."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Polygon, box

from dashboard.zones.contract import (
    REQUIRED_ZONE_PROPERTIES,
    VERSION_PROPERTIES,
    ZoneDataError,
    check_zones,
    tiling_problems,
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


# --- the version properties (required of the bundled zones only) -------------------------


@pytest.fixture
def versioned(zones) -> gpd.GeoDataFrame:
    out = zones.copy()
    out["version"] = "v1"
    out["valid_from"] = "2025-10-10"
    out["valid_to"] = None
    out["kind"] = "reported"
    out["track"] = "ground"
    out["label"] = "10 Oct 2025"
    return out


def test_uploads_need_no_version_properties(zones, versioned):
    assert zone_problems(zones, "upload.geojson") == []
    assert zone_problems(versioned, "bundled.geojson", versioned=True) == []
    (problem,) = zone_problems(zones, "bundled.geojson", versioned=True)
    assert problem.startswith(
        "bundled.geojson: missing properties version, valid_from, valid_to, kind, track, label;"
    )
    assert {"version", "valid_from", "valid_to", "kind"} <= set(VERSION_PROPERTIES)


def test_version_properties_are_checked_feature_by_feature(versioned):
    broken = versioned.copy()
    broken.loc[0, "kind"] = "rumoured"
    broken.loc[0, "valid_from"] = "19 Oct"
    broken.loc[1, "version"] = " "
    problems = zone_problems(broken, "z.geojson", versioned=True)
    assert (
        "z.geojson, feature 0 ('West square'): kind 'rumoured' is not one of planned, "
        in (problems[0])
    )
    assert any("valid_from '19 Oct' is not an ISO date (YYYY-MM-DD)." in p for p in problems)
    assert any("feature 1 ('East square'): 'version' is empty." in p for p in problems)
    with pytest.raises(ZoneDataError):
        check_zones(broken, "z.geojson", versioned=True)
    assert check_zones(broken, "z.geojson") is broken  # an upload is not held to them


def test_a_version_is_consistent_and_ends_after_it_starts(versioned):
    broken = versioned.copy()
    broken.loc[1, "label"] = "Another label"
    broken["valid_to"] = "2025-10-01"
    problems = zone_problems(broken, "z.geojson", versioned=True)
    assert problems == [
        "z.geojson, version 'v1': its features disagree on label ('10 Oct 2025', "
        "'Another label'); every feature of a version must carry the same value.",
        "z.geojson, version 'v1': valid_to 2025-10-01 is not after valid_from 2025-10-10; "
        "leave valid_to empty while the version is in force.",
    ]


def test_versions_of_one_track_never_overlap(versioned):
    two = versioned.copy()
    two.loc[1, "version"] = "v2"
    two.loc[1, "valid_from"] = "2025-10-19"
    assert zone_problems(two, "z.geojson", versioned=True) == [
        "z.geojson: versions 'v1' and 'v2' of track 'ground' are both in force on 2025-10-19; "
        "end 'v1' (valid_to) on or before the day the next one starts."
    ]
    two.loc[0, "valid_to"] = "2025-10-19"
    assert zone_problems(two, "z.geojson", versioned=True) == []
    two.loc[1, "track"] = "plan-phase-1"  # alternatives on their own track may overlap
    two.loc[0, "valid_to"] = None
    assert zone_problems(two, "z.geojson", versioned=True) == []


def test_tiling_problems_name_overlaps_gaps_and_spill(zones):
    strip = box(34.33, 31.40, 34.37, 31.41)  # exactly the two squares
    assert tiling_problems(zones, strip, "v1") == []
    wide = box(34.33, 31.40, 34.38, 31.41)  # 1 km² more than the squares cover
    (gap,) = tiling_problems(zones, wide, "v1")
    assert gap.startswith("v1: 1.05 km² of the Strip is in no zone (allowed: 0.05 km²)")
    doubled = zones.set_geometry([box(34.33, 31.40, 34.36, 31.41), box(34.35, 31.40, 34.37, 31.41)])
    (overlap,) = tiling_problems(doubled, strip, "v1")
    assert overlap.startswith("v1: zone features overlap by 1.05 km²")
    (outside,) = tiling_problems(zones, box(34.33, 31.40, 34.36, 31.41), "v1")
    assert outside.startswith("v1: 1.05 km² of the zones lies outside the Strip")
    assert tiling_problems(zones.iloc[:0], strip, "v1") == [
        "v1: no zone features, so nothing covers the Strip."
    ]
