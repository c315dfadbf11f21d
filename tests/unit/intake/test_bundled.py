"""dashboard.intake.bundled: the bundled Gaza data honours its contract and the reported facts."""

from __future__ import annotations

import datetime as dt
import json

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point

from dashboard.config import GEODATA_DIR, METRIC_CRS, ZONE_CATEGORIES
from dashboard.intake import bundled
from dashboard.zones import series
from dashboard.zones.areas import area_by_category, total_area_km2
from dashboard.zones.contract import (
    REQUIRED_ZONE_PROPERTIES,
    VERSION_PROPERTIES,
    ZoneDataError,
    tiling_problems,
    zone_problems,
)
from tests.conftest import REPO

# The IDF's 19 Oct 2025 map as digitised by Gaza Maps: the input of that version.
IDF_VERSION = "2025-10-19-idf-map"
# The version's file holds the digitised polygon as its held side (geodata/README.md).
IDF_POLYGON = REPO / "geodata" / "versions" / f"{IDF_VERSION}.geojson"


@pytest.fixture(scope="module")
def zones() -> gpd.GeoDataFrame:
    return bundled.load_zones()


@pytest.fixture(scope="module")
def outline() -> gpd.GeoDataFrame:
    return bundled.load_outline()


@pytest.fixture(scope="module")
def strip_km2(outline) -> float:
    return total_area_km2(outline)


def test_outline_is_the_strip(outline, strip_km2):
    assert 355 <= strip_km2 <= 375
    minx, miny, maxx, maxy = outline.total_bounds
    assert minx == pytest.approx(34.2187, abs=0.01) and maxx == pytest.approx(34.5680, abs=0.01)
    assert miny == pytest.approx(31.2244, abs=0.01) and maxy == pytest.approx(31.5949, abs=0.01)


@pytest.fixture(scope="module")
def versions() -> gpd.GeoDataFrame:
    return bundled.load_zone_versions()


def test_zones_file_satisfies_the_contract():
    # Read without load_zones(), which checks the contract itself and would raise first.
    raw = bundled.read_bundled(bundled.ZONES_FILE)
    assert zone_problems(raw, bundled.ZONES_FILE, versioned=True) == []
    assert set(REQUIRED_ZONE_PROPERTIES + VERSION_PROPERTIES) <= set(raw.columns)
    assert set(raw["zone"]) == set(ZONE_CATEGORIES)
    assert raw.geometry.is_valid.all()


def test_load_zones_is_the_first_withdrawal_until_the_page_picks_a_version(zones, versions):
    assert set(zones["version"]) == {bundled.DEFAULT_ZONE_VERSION}
    assert len(zones) == 11 and list(zones.index) == list(range(11))
    assert len(versions) > len(zones)
    other = bundled.load_zones(version=IDF_VERSION)
    assert set(other["version"]) == {IDF_VERSION}


def test_load_zones_refuses_a_file_that_breaks_the_contract(tmp_path):
    broken = bundled.read_bundled(bundled.ZONES_FILE)
    broken.loc[broken.index[0], "zone"] = "annexed"
    (tmp_path / bundled.ZONES_FILE).write_text(broken.to_json())
    with pytest.raises(ZoneDataError, match="zone 'annexed' is not one of"):
        bundled.load_zones(tmp_path)


def test_the_ground_track_runs_without_gap_from_the_ceasefire(versions):
    ground = series.versions(versions, series.GROUND_TRACK)
    assert ground[0].valid_from == dt.date(2025, 10, 10)
    assert ground[0].id == bundled.DEFAULT_ZONE_VERSION
    assert ground[-1].valid_to is None
    for earlier, later in zip(ground, ground[1:], strict=False):
        assert earlier.valid_to == later.valid_from, earlier.id
    assert {v.kind for v in ground} == {"reported", "published"}
    assert series.tracks(versions) == ["ground", "plan-phase-1", "plan-phase-2", "plan-phase-3"]
    plan = [v for v in series.versions(versions) if v.planned]
    assert {v.kind for v in plan} == {"planned"} and all(v.valid_to is None for v in plan)


def _dates_to_check(versions: gpd.GeoDataFrame) -> list[tuple[str, dt.date]]:
    """Every version's first and last day in force, and a day in between."""
    found = []
    for version in series.versions(versions):
        last = (version.valid_to or version.valid_from + dt.timedelta(days=400)) - dt.timedelta(
            days=1
        )
        middle = version.valid_from + (last - version.valid_from) / 2
        found += [(version.track, day) for day in (version.valid_from, middle, last)]
    return found


def test_at_every_date_the_version_in_force_tiles_the_strip(versions, outline):
    strip = outline.geometry.iloc[0]
    problems = [
        problem
        for track, day in _dates_to_check(versions)
        for problem in tiling_problems(
            series.zones_at(versions, day, track), strip, f"{track} on {day.isoformat()}"
        )
    ]
    assert problems == []
    assert len(_dates_to_check(versions)) == 3 * len(series.versions(versions))


def _held_pct(versions: gpd.GeoDataFrame, version: str, strip_km2: float, **kwargs) -> float:
    held = series.held_side(series.zones_of(versions, version), **kwargs)
    return 100 * total_area_km2(gpd.GeoDataFrame(geometry=[held], crs="EPSG:4326")) / strip_km2


def test_the_idf_map_version_is_the_published_polygon(versions, outline, strip_km2):
    """19 Oct 2025: the held side is the digitised IDF polygon inside the Strip."""
    data = json.loads(IDF_POLYGON.read_text(encoding="utf-8"))
    (held_side,) = [f for f in data["features"] if f["properties"]["input"] == "held_side"]
    published = shapely.geometry.shape(held_side["geometry"])
    strip = outline.geometry.iloc[0]
    idf_zones = series.zones_of(versions, IDF_VERSION)
    frame = gpd.GeoSeries(
        [series.held_side(idf_zones), published.intersection(strip)], crs="EPSG:4326"
    ).to_crs(METRIC_CRS)
    held, inside = frame.iloc[0], frame.iloc[1]
    iou = held.intersection(inside).area / held.union(inside).area
    assert iou >= 0.95
    # The published polygon is 53 % of the Strip, as reported (ToI, ISW/CTP: about 53 %).
    assert 100 * inside.area / 1e6 / strip_km2 == pytest.approx(53, abs=1)
    # The held side adds the tracing gaps between the digitised fence and the outline
    # (about 5 km², 35-160 m wide): 54.5 %, still within the reported 53-58 %.
    assert _held_pct(versions, IDF_VERSION, strip_km2) == pytest.approx(53, abs=1.6)
    assert held.difference(inside).area / 1e6 < 5.5
    kinds = idf_zones.set_index("name")
    assert kinds.loc["Retained – Gaza", "confidence"] == "medium"
    assert "mushon/nibal" in kinds.loc["Retained – Gaza", "source"]
    assert set(idf_zones["kind"]) == {"published"}


@pytest.mark.parametrize(
    ("version", "low", "high"),
    [
        # Al Jazeera's reading of the White House map: 55 % / 37 % / 18 % held; Sanad: 58 %
        # on the 4 Oct map; "about 40 %" and "about 15 %" in other media readings.
        ("2025-09-29-plan-phase-1", 53, 58),
        ("2025-09-29-plan-phase-2", 36, 40),
        ("2025-09-29-plan-phase-3", 15, 19),
        # Forensic Architecture: about 54 % in January 2026 (on its own outline).
        ("2026-01-05-east-gaza-city", 54, 57),
        # Reuters: the orange zone adds about 11 %, "nearly two-thirds" in all.
        ("2026-03-15-orange-zone", 63, 68),
    ],
)
def test_held_shares_match_reporting(versions, strip_km2, version, low, high):
    assert low <= _held_pct(versions, version, strip_km2) <= high


def test_the_orange_zone_is_a_restricted_buffer_beyond_the_line(versions, strip_km2):
    orange = series.zones_of(versions, "2026-03-15-orange-zone")
    restricted = orange[orange["restriction"] == "orange"]
    assert list(restricted["zone"]) == ["buffer"]
    share = 100 * total_area_km2(restricted) / strip_km2
    assert share == pytest.approx(11, abs=0.5)
    behind = _held_pct(versions, "2026-03-15-orange-zone", strip_km2, include_restricted=False)
    assert behind == pytest.approx(_held_pct(versions, "2026-01-05-east-gaza-city", strip_km2))


def test_later_moves_only_add_to_the_held_side(versions):
    ground = series.versions(versions, series.GROUND_TRACK)[1:]  # from the IDF's map on
    for earlier, later in zip(ground, ground[1:], strict=False):
        before = series.held_side(series.zones_of(versions, earlier.id))
        after = series.held_side(series.zones_of(versions, later.id))
        assert before.difference(after).area < 1e-7, later.id  # about 1,000 m²


def test_hand_drawn_changes_say_how_they_were_drawn(versions):
    moved = versions[versions["name"].str.startswith("Moved ")]
    assert set(moved["version"]) >= {
        "2025-11-20-gaza-city-jabalia",
        "2025-12-08-bani-suhaila",
        "2025-12-13-tuffah",
        "2026-01-05-east-gaza-city",
    }
    assert (moved["confidence"] == "low").all()
    assert moved["description"].str.contains("How it was drawn: ").all()
    assert moved["source"].str.len().gt(40).all()
    assert set(moved["zone"]) == {"retained"}
    # Every version after the IDF's map carries the moves made before it, as features.
    last = series.zones_of(versions, "2026-03-15-orange-zone")
    assert last["name"].str.startswith("Moved ").sum() == moved["name"].nunique()


def test_every_registered_file_is_shipped():
    assert all((GEODATA_DIR / name).is_file() for name in bundled.BUNDLED_FILES)
    assert {spec.filename for spec in bundled.REFERENCE_LAYERS} <= bundled.BUNDLED_FILES


def test_zones_tile_the_strip(zones, outline):
    zones_m = zones.to_crs(METRIC_CRS).geometry
    strip_m = outline.to_crs(METRIC_CRS).geometry.iloc[0]
    union = shapely.union_all(zones_m.values)
    overlap_km2 = (zones_m.area.sum() - union.area) / 1e6
    gap_km2 = strip_m.difference(union).area / 1e6
    outside_km2 = union.difference(strip_m).area / 1e6
    assert overlap_km2 < 0.05
    assert gap_km2 < 0.05
    assert outside_km2 < 0.05


def test_areas_match_reporting(zones, strip_km2):
    table = area_by_category(zones, strip_km2).set_index("category")
    israeli_side = table.loc[["retained", "buffer"], "area_km2"].sum()
    # Reported: 53 % (ToI/ISW) to 58 % (Al Jazeera, 210 km²) on the Israeli side.
    assert 190 <= israeli_side <= 215
    assert 150 <= table.loc["withdrawal", "area_km2"] <= 175
    # The perimeter buffer: ACLED's 0.7-1.1 km band, more than 10 % of the Strip.
    assert 35 <= table.loc["buffer", "area_km2"] <= 65
    assert table["share_pct"].sum() == pytest.approx(100, abs=0.1)


ISRAELI_SIDE = {
    "Beit Hanoun": (34.5358, 31.5353),
    "Khuza'a": (34.3611, 31.3067),
    "Rafah": (34.2586, 31.2725),
    "Morag corridor": (34.2881, 31.3083),
}
HANDED_BACK = {
    "Gaza City": (34.4667, 31.5016),
    "Deir al-Balah": (34.3503, 31.4178),
    "Nuseirat": (34.3925, 31.4486),
    "Bureij": (34.4031, 31.4394),
    "Khan Younis": (34.3063, 31.3402),
}


def _zone_at(zones: gpd.GeoDataFrame, lon: float, lat: float) -> str:
    hits = zones[zones.contains(Point(lon, lat))]
    assert len(hits) == 1, f"{lon},{lat} falls in {len(hits)} zones"
    return hits["zone"].iloc[0]


@pytest.mark.parametrize("place", sorted(ISRAELI_SIDE))
def test_reported_israeli_side(zones, versions, place):
    assert _zone_at(zones, *ISRAELI_SIDE[place]) in ("retained", "buffer")
    for version in series.versions(versions, series.GROUND_TRACK):
        at = series.zones_of(versions, version.id)
        assert _zone_at(at, *ISRAELI_SIDE[place]) in ("retained", "buffer"), version.id


@pytest.mark.parametrize("place", sorted(HANDED_BACK))
def test_reported_handed_back(zones, versions, place):
    assert _zone_at(zones, *HANDED_BACK[place]) == "withdrawal"
    for version in series.versions(versions, series.GROUND_TRACK):
        at = series.zones_of(versions, version.id)
        behind_line = series.held_side(at, include_restricted=False)
        assert not behind_line.contains(Point(HANDED_BACK[place])), version.id


def test_municipalities_layer_has_arabic_names_and_the_osm_credit():
    spec = next(s for s in bundled.REFERENCE_LAYERS if s.key == "municipalities")
    assert (spec.kind, spec.visible, spec.filename) == ("polygons", False, "municipalities.geojson")
    towns = bundled.load_reference_layer(spec)
    assert len(towns) == 25 and set(towns.geom_type) <= {"Polygon", "MultiPolygon"}
    by_name = towns.set_index("name")
    assert by_name.loc["Beit Hanoun", "name_ar"] == "بيت حانون"
    assert by_name.loc["Jabalia", "osm_id"] == "relation/10521507"
    assert (towns["licence"] == "© OpenStreetMap contributors, ODbL 1.0").all()
    assert towns["source"].str.contains("OpenStreetMap").all()
    # No stray direction marks in the Arabic names (one had a trailing U+200E in OSM).
    assert not towns["name_ar"].str.contains("[\u200e\u200f]").any()
    assert set(towns["admin_level"]) == {8, 9}


def test_every_feature_says_where_it_comes_from():
    for spec in bundled.REFERENCE_LAYERS:
        gdf = bundled.load_reference_layer(spec)
        assert not gdf.empty, spec.key
        assert gdf["source"].str.len().gt(10).all(), spec.key
        assert gdf["confidence"].isin(["low", "medium", "high"]).all(), spec.key
