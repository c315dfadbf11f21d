"""Lighter geometry for display; statistics always use the full geometry.

Zone files are coverages (polygons that share edges), so they are simplified with
``shapely.coverage_simplify``, which moves shared edges together: adjacent zones
keep touching, with no gaps or overlaps opened by the simplification. Other
layers are simplified feature by feature with topology preserved.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from dashboard.config import GEOGRAPHIC_CRS, METRIC_CRS
from dashboard.zones.geometry_threads import in_parts

# Tolerances in metres, by the number of vertices a layer has: invisible at the zoom
# levels where that many vertices would otherwise slow the browser down.
TOLERANCE_STEPS_M: tuple[tuple[int, float], ...] = (
    (50_000, 0.0),
    (500_000, 5.0),
    (2_000_000, 15.0),
)
MAX_TOLERANCE_M = 30.0
# Zone files are a few thousand polygons at most; checking a building layer of 150,000
# for shared edges costs seconds for no gain (buildings do not share edges).
COVERAGE_CHECK_MAX = 20_000
# What a browser draws smoothly; past it (after simplification) features are drawn as points.
DISPLAY_VERTEX_BUDGET = 600_000
# A layer drawn from its binary copy (dashboard.browser.canvas_layer) costs the browser far
# less per vertex, and features too small to see are drawn as dots: it keeps more of its
# shape (a building stays a building when zoomed in).
CANVAS_TOLERANCE_STEPS_M: tuple[tuple[int, float], ...] = (
    (200_000, 0.0),
    (4_000_000, 2.0),
)
CANVAS_MAX_TOLERANCE_M = 5.0
# Also bounds the GeoJSON text kept for exports (about 20 bytes a vertex), which the page
# checks against MAX_LAYER_PAYLOAD_BYTES.
CANVAS_VERTEX_BUDGET = 1_500_000
METRES_PER_DEGREE = 111_320.0  # of latitude (and of longitude at the equator)


@dataclass(frozen=True)
class Simplified:
    """A display copy of a layer and what was done to it."""

    gdf: gpd.GeoDataFrame
    tolerance_m: float
    vertices_before: int
    vertices_after: int
    as_points: bool = False


def vertex_count(gdf: gpd.GeoDataFrame) -> int:
    """Total number of vertices of ``gdf``'s geometries."""
    return int(shapely.get_num_coordinates(gdf.geometry.to_numpy()).sum())


def tolerance_for(vertices: int, *, canvas: bool = False) -> float:
    """The display tolerance (m) for a layer of ``vertices`` vertices; 0 means untouched.

    ``canvas``: for the binary copy drawn on a canvas (finer, see
    :data:`CANVAS_TOLERANCE_STEPS_M`).
    """
    steps = CANVAS_TOLERANCE_STEPS_M if canvas else TOLERANCE_STEPS_M
    for limit, tolerance in steps:
        if vertices <= limit:
            return tolerance
    return CANVAS_MAX_TOLERANCE_M if canvas else MAX_TOLERANCE_M


def is_coverage(gdf: gpd.GeoDataFrame | gpd.GeoSeries) -> bool:
    """True when the polygons do not overlap (edge-sharing allowed): a coverage."""
    polygons = (gdf.geometry if isinstance(gdf, gpd.GeoDataFrame) else gdf).to_numpy()
    if len(polygons) < 2 or len(polygons) > COVERAGE_CHECK_MAX:
        return False
    if not np.isin(shapely.get_type_id(polygons), (3, 6)).all():  # Polygon, MultiPolygon
        return False
    invalid = shapely.coverage_invalid_edges(polygons)
    return bool(shapely.is_empty(invalid).all())


def simplify_for_display(
    gdf: gpd.GeoDataFrame,
    tolerance_m: float | None = None,
    *,
    metric: gpd.GeoSeries | None = None,
    canvas: bool = False,
) -> Simplified:
    """Simplify ``gdf`` in EPSG:32636 by ``tolerance_m`` (chosen from its size if None).

    ``metric`` is ``gdf``'s geometry already in EPSG:32636, when the caller has it (see
    :func:`dashboard.zones.areas.to_metric`): a large layer is then reprojected once.
    ``canvas``: the copy drawn from binary arrays on a canvas, with its finer tolerances
    and larger vertex budget.
    """
    before = vertex_count(gdf)
    tolerance = tolerance_for(before, canvas=canvas) if tolerance_m is None else tolerance_m
    if tolerance <= 0 or gdf.empty:
        return Simplified(gdf, 0.0, before, before)
    out = gdf.copy()
    if is_coverage(gdf if metric is None else metric):
        metric = gdf.geometry.to_crs(METRIC_CRS) if metric is None else metric
        simplified = shapely.coverage_simplify(metric.to_numpy(), tolerance, simplify_boundary=True)
        out["geometry"] = _in_degrees(simplified, gdf.index)
    elif canvas:
        out["geometry"] = simplify_lonlat(gdf.geometry.to_numpy(), tolerance)
    else:
        metric = gdf.geometry.to_crs(METRIC_CRS) if metric is None else metric
        simplified = shapely.simplify(metric.to_numpy(), tolerance, preserve_topology=True)
        out["geometry"] = _in_degrees(simplified, gdf.index)
    after = vertex_count(out)
    if after > (CANVAS_VERTEX_BUDGET if canvas else DISPLAY_VERTEX_BUDGET):
        # Still too heavy for a browser: one point per feature (its representative point,
        # which lies inside it). Statistics keep using the full geometry.
        out["geometry"] = shapely.point_on_surface(out.geometry.to_numpy())
        return Simplified(out, tolerance, before, len(out), as_points=True)
    return Simplified(out, tolerance, before, after)


def _in_degrees(metric_geoms: np.ndarray, index) -> gpd.GeoSeries:
    return gpd.GeoSeries(metric_geoms, index=index, crs=METRIC_CRS).to_crs(GEOGRAPHIC_CRS)


def simplify_lonlat(geoms: np.ndarray, tolerance_m: float) -> np.ndarray:
    """Douglas-Peucker on longitude/latitude by about ``tolerance_m`` metres, for the canvas
    copy of a large layer.

    The canvas fills each ring on its own and draws features under two pixels as dots, so
    it needs neither topology preserved nor metres: this is about four times faster than
    the topology-preserving simplification, and skips two reprojections (one when areas
    are measured apart, see :mod:`dashboard.browser.prepare`). The tolerance is taken in
    degrees of latitude, which is at most that many metres east-west too (a degree of
    longitude is shorter). A feature that would vanish keeps its full shape.
    """
    degrees = tolerance_m / METRES_PER_DEGREE
    out = in_parts(shapely.simplify, geoms, degrees, preserve_topology=False)  # on two cores
    gone = shapely.is_empty(out) & ~shapely.is_empty(geoms)
    out[gone] = geoms[gone]
    return out
