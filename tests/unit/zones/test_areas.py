"""dashboard.zones.areas: areas in a metric CRS, per feature, in total and per category."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, box

from dashboard.config import ZONE_CATEGORIES, ZONE_LABELS
from dashboard.zones.areas import area_by_category, area_km2, total_area_km2, with_areas

# About 1 km x 1 km at 31.4° N: 0.01° of latitude is 1.109 km, of longitude 0.949 km.
SQUARE_KM2 = 1.109 * 0.949 * 1.0


@pytest.fixture
def zones() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"zone": ["retained", "retained", "buffer", "annexed", "retained"]},
        geometry=[
            box(34.40, 31.40, 34.41, 31.41),
            box(34.405, 31.40, 34.415, 31.41),  # overlaps the first by half
            box(34.42, 31.40, 34.43, 31.41),
            box(34.44, 31.40, 34.45, 31.41),
            LineString([(34.40, 31.40), (34.45, 31.45)]),
        ],
        crs="EPSG:4326",
    )


def test_area_km2_per_feature(zones):
    areas = area_km2(zones)
    assert areas.iloc[0] == pytest.approx(SQUARE_KM2, rel=0.01)
    assert areas.iloc[4] == 0  # a line has no area


def test_total_counts_overlaps_once(zones):
    assert total_area_km2(zones) == pytest.approx(3.5 * SQUARE_KM2, rel=0.01)
    assert total_area_km2(zones.iloc[4:]) == 0
    points = gpd.GeoDataFrame(geometry=[Point(34.4, 31.4)], crs="EPSG:4326")
    assert total_area_km2(points) == 0


def test_with_areas_adds_columns_to_a_copy(zones):
    out = with_areas(zones, 100.0)
    assert out["share_pct"].iloc[0] == pytest.approx(out["area_km2"].iloc[0])
    assert "area_km2" not in zones.columns


def test_area_by_category_in_legend_order_with_every_category(zones):
    table = area_by_category(zones, 100.0)
    assert list(table["category"]) == list(ZONE_CATEGORIES)
    assert list(table["label"]) == [ZONE_LABELS[c] for c in ZONE_CATEGORIES]
    by = table.set_index("category")
    assert by.loc["retained", "area_km2"] == pytest.approx(2 * SQUARE_KM2, rel=0.01)
    assert by.loc["withdrawal", "area_km2"] == 0  # present, with zero area
    assert by.loc["buffer", "share_pct"] == pytest.approx(by.loc["buffer", "area_km2"])
    # The unknown "annexed" feature is left out.
    assert table["area_km2"].sum() == pytest.approx(3 * SQUARE_KM2, rel=0.01)
