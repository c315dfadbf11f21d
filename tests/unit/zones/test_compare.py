"""dashboard.zones.compare: a zone file compared with the bundled zones."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from dashboard.config import METRIC_CRS
from dashboard.zones.compare import change_areas, compare_areas


def zones_from(boxes: dict[str, tuple[float, float, float, float]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"zone": list(boxes), "name": list(boxes)},
        geometry=[box(*b) for b in boxes.values()],
        crs="EPSG:4326",
    )


OLD = zones_from(
    {"retained": (34.40, 31.40, 34.42, 31.42), "withdrawal": (34.38, 31.40, 34.40, 31.42)}
)
NEW = zones_from(
    {"retained": (34.39, 31.40, 34.42, 31.42), "withdrawal": (34.38, 31.40, 34.39, 31.42)}
)


def test_compare_areas_reports_difference():
    table = compare_areas(OLD, NEW, 365.0).set_index("category")
    gained = table.loc["retained", "difference_km2"]
    assert gained > 0
    assert table.loc["withdrawal", "difference_km2"] == pytest.approx(-gained)
    assert table.loc["buffer", "loaded_km2"] == 0


def test_change_areas_locates_the_moved_strip():
    changes = change_areas(OLD, NEW)
    assert list(changes["name"]) == ["withdrawal → retained"]
    expected = box(34.39, 31.40, 34.40, 31.42)
    moved = changes.to_crs(METRIC_CRS).geometry.iloc[0]
    truth = gpd.GeoSeries([expected], crs="EPSG:4326").to_crs(METRIC_CRS).iloc[0]
    assert moved.symmetric_difference(truth).area < 1e-4 * truth.area
    assert changes["area_km2"].iloc[0] == pytest.approx(truth.area / 1e6, rel=1e-3)


def test_no_change_is_empty():
    assert change_areas(OLD, OLD).empty
