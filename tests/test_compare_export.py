"""Comparison with the bundled zones, exports, drop-in scanning, display simplification."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box

from dashboard.browser.export import standalone_html, zones_geojson
from dashboard.browser.features import describe_zones
from dashboard.browser.map_builder import build_base_map, zone_group
from dashboard.browser.simplify import is_coverage, simplify_for_display, vertex_count
from dashboard.config import METRIC_CRS
from dashboard.intake import dropin
from dashboard.zones.areas import area_by_category, with_areas
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


def test_zones_geojson_is_rfc7946_with_properties():
    data = json.loads(zones_geojson(with_areas(OLD, 365.0)))
    assert data["type"] == "FeatureCollection" and "crs" not in data
    assert data["features"][0]["properties"]["zone"] == "retained"
    assert "area_km2" in data["features"][0]["properties"]


def test_standalone_html_needs_no_network():
    from dashboard.browser.offline_assets import use_local_assets

    use_local_assets()
    html = standalone_html(
        build_base_map(), [zone_group(describe_zones(with_areas(OLD, 365.0), "z"), "Z")]
    )
    assert not re.findall(r"<script[^>]+src=|<link[^>]+href=", html)
    assert "L.geoJson" in html or "L.geoJSON" in html
    assert "Leaflet" in html  # the library itself is inlined


def test_dropin_scan_skips_bundled_and_sees_changes(tmp_path, monkeypatch):
    monkeypatch.setenv(dropin.DATA_DIR_ENV, str(tmp_path))
    dirs = dropin.watched_dirs()
    assert dirs[-1] == tmp_path.resolve()
    assert all(f.path.name not in dropin.BUNDLED_NAMES for f in dropin.scan(dirs))
    new = tmp_path / "update.geojson"
    new.write_text(OLD.to_json())
    first = [f for f in dropin.scan(dirs) if f.path == new]
    assert len(first) == 1
    new.write_text(NEW.to_json() + " ")
    second = [f for f in dropin.scan(dirs) if f.path == new]
    assert second[0] != first[0]
    new.unlink()
    assert not [f for f in dropin.scan(dirs) if f.path == new]


def test_data_dir_option():
    assert dropin.data_dir_option(["--data-dir", "/x"]).as_posix() == "/x"
    assert dropin.data_dir_option([]) is None


def adjacent_wiggly_zones(n: int = 400) -> gpd.GeoDataFrame:
    """Two zones sharing a finely traced, wiggly edge (a coverage)."""
    import numpy as np

    ys = np.linspace(31.40, 31.45, n)
    xs = 34.40 + 0.0005 * np.sin(ys * 4000)
    edge = list(zip(xs, ys, strict=True))
    west = shapely.Polygon([(34.38, 31.40), *edge, (34.38, 31.45)])
    east = shapely.Polygon([*edge, (34.42, 31.45), (34.42, 31.40)])
    return gpd.GeoDataFrame(
        {"zone": ["withdrawal", "retained"]}, geometry=[west, east.normalize()], crs="EPSG:4326"
    )


def test_display_simplification_keeps_topology_and_statistics():
    zones = adjacent_wiggly_zones()
    assert is_coverage(zones.to_crs(METRIC_CRS))
    before = area_by_category(zones, 365.0)
    display = simplify_for_display(zones, 30.0)
    assert display.vertices_after < display.vertices_before / 2
    # Adjacent zones still share their edge: no gap, no overlap.
    metric = display.gdf.to_crs(METRIC_CRS).geometry
    assert metric.iloc[0].intersection(metric.iloc[1]).area < 1e-3
    union = shapely.union_all(metric.values)
    original = shapely.union_all(zones.to_crs(METRIC_CRS).geometry.values)
    assert union.symmetric_difference(original).area / original.area < 0.01
    assert is_coverage(display.gdf.to_crs(METRIC_CRS))
    # Statistics come from the full geometry, untouched by display simplification.
    assert area_by_category(zones, 365.0).equals(before)
    assert vertex_count(zones) == display.vertices_before


def test_too_heavy_layers_are_drawn_as_points(monkeypatch):
    from dashboard.browser import simplify

    zones = adjacent_wiggly_zones()
    monkeypatch.setattr(simplify, "DISPLAY_VERTEX_BUDGET", 10)
    display = simplify.simplify_for_display(zones, 5.0)
    assert display.as_points
    assert set(display.gdf.geom_type) == {"Point"}
    assert all(z.contains(p) for z, p in zip(zones.geometry, display.gdf.geometry, strict=True))
