"""dashboard.intake.bundled: the bundled Gaza data honours its contract and the reported facts."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point

from dashboard.config import GEODATA_DIR, METRIC_CRS, ZONE_CATEGORIES
from dashboard.intake import bundled
from dashboard.zones.areas import area_by_category, total_area_km2
from dashboard.zones.contract import REQUIRED_ZONE_PROPERTIES, ZoneDataError, zone_problems


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


def test_zones_file_satisfies_the_contract():
    # Read without load_zones(), which checks the contract itself and would raise first.
    raw = bundled.read_bundled(bundled.ZONES_FILE)
    assert zone_problems(raw, bundled.ZONES_FILE) == []
    assert set(REQUIRED_ZONE_PROPERTIES) <= set(raw.columns)
    assert set(raw["zone"]) == set(ZONE_CATEGORIES)
    assert raw.geometry.is_valid.all()


def test_load_zones_refuses_a_file_that_breaks_the_contract(tmp_path):
    broken = bundled.read_bundled(bundled.ZONES_FILE)
    broken.loc[broken.index[0], "zone"] = "annexed"
    (tmp_path / bundled.ZONES_FILE).write_text(broken.to_json())
    with pytest.raises(ZoneDataError, match="zone 'annexed' is not one of"):
        bundled.load_zones(tmp_path)


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
def test_reported_israeli_side(zones, place):
    assert _zone_at(zones, *ISRAELI_SIDE[place]) in ("retained", "buffer")


@pytest.mark.parametrize("place", sorted(HANDED_BACK))
def test_reported_handed_back(zones, place):
    assert _zone_at(zones, *HANDED_BACK[place]) == "withdrawal"


def test_every_feature_says_where_it_comes_from():
    for spec in bundled.REFERENCE_LAYERS:
        gdf = bundled.load_reference_layer(spec)
        assert not gdf.empty, spec.key
        assert gdf["source"].str.len().gt(10).all(), spec.key
        assert gdf["confidence"].isin(["low", "medium", "high"]).all(), spec.key
