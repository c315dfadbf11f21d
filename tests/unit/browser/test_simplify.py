"""dashboard.browser.simplify: light display copies that keep topology and statistics."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import Point, box

from dashboard.browser import simplify
from dashboard.browser.simplify import (
    MAX_TOLERANCE_M,
    is_coverage,
    simplify_for_display,
    tolerance_for,
    vertex_count,
)
from dashboard.config import METRIC_CRS
from dashboard.zones.areas import area_by_category


def adjacent_wiggly_zones(n: int = 400) -> gpd.GeoDataFrame:
    """Two zones sharing a finely traced, wiggly edge (a coverage)."""
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


def test_small_layers_are_left_as_they_are():
    zones = adjacent_wiggly_zones()
    display = simplify_for_display(zones)
    assert display.tolerance_m == 0 and display.gdf is zones
    assert display.vertices_after == display.vertices_before == vertex_count(zones)


def test_tolerance_grows_with_the_vertices():
    assert tolerance_for(100) == 0
    steps = [tolerance_for(v) for v in (10_000, 100_000, 1_000_000, 10_000_000)]
    assert steps == sorted(steps) and steps[-1] == MAX_TOLERANCE_M


def test_is_coverage_only_for_non_overlapping_polygons():
    apart = gpd.GeoSeries([box(0, 0, 1, 1), box(1, 0, 2, 1)])
    overlapping = gpd.GeoSeries([box(0, 0, 1, 1), box(0.5, 0, 2, 1)])
    assert is_coverage(gpd.GeoDataFrame(geometry=apart))
    assert not is_coverage(gpd.GeoDataFrame(geometry=overlapping))
    assert not is_coverage(gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1)]))  # one polygon
    assert not is_coverage(gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1), Point(3, 3)]))


def test_too_heavy_layers_are_drawn_as_points(monkeypatch):
    zones = adjacent_wiggly_zones()
    monkeypatch.setattr(simplify, "DISPLAY_VERTEX_BUDGET", 10)
    display = simplify.simplify_for_display(zones, 5.0)
    assert display.as_points
    assert set(display.gdf.geom_type) == {"Point"}
    assert all(z.contains(p) for z, p in zip(zones.geometry, display.gdf.geometry, strict=True))


def test_the_canvas_copy_is_finer_and_has_a_larger_budget():
    for vertices in (100_000, 1_000_000, 3_000_000, 10_000_000):
        assert tolerance_for(vertices, canvas=True) < max(tolerance_for(vertices), 1.0)
    assert simplify.CANVAS_VERTEX_BUDGET > simplify.DISPLAY_VERTEX_BUDGET


def test_a_canvas_copy_keeps_shapes_past_the_display_budget(monkeypatch):
    zones = adjacent_wiggly_zones()
    monkeypatch.setattr(simplify, "DISPLAY_VERTEX_BUDGET", 10)
    display = simplify.simplify_for_display(zones, 5.0, canvas=True)
    assert not display.as_points
