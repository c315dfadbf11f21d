"""Area statistics, always computed in a metric CRS (EPSG:32636), never in degrees."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from dashboard.config import M2_PER_KM2, METRIC_CRS, ZONE_CATEGORIES, ZONE_LABELS

POLYGONAL = ("Polygon", "MultiPolygon")


def area_km2(gdf: gpd.GeoDataFrame, metric: gpd.GeoSeries | None = None) -> pd.Series:
    """Area of each feature in km²; 0 for points, lines and empty geometries.

    ``metric`` is ``gdf``'s geometry already in :data:`METRIC_CRS`, when the caller has it
    (reprojecting a large layer costs seconds; see :func:`to_metric`).
    """
    metric = to_metric(gdf) if metric is None else metric
    areas = metric.area / M2_PER_KM2
    return areas.where(gdf.geom_type.isin(POLYGONAL), 0.0)


def total_area_km2(gdf: gpd.GeoDataFrame) -> float:
    """Area of the union of ``gdf``'s polygons in km² (overlaps counted once)."""
    polygons = gdf[gdf.geom_type.isin(POLYGONAL)]
    if polygons.empty:
        return 0.0
    return float(polygons.geometry.to_crs(METRIC_CRS).union_all().area / M2_PER_KM2)


def to_metric(gdf: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """``gdf``'s geometry in :data:`METRIC_CRS` (EPSG:32636), for areas and simplification."""
    return gdf.geometry.to_crs(METRIC_CRS)


def with_areas(
    zones: gpd.GeoDataFrame, strip_km2: float, metric: gpd.GeoSeries | None = None
) -> gpd.GeoDataFrame:
    """Return a copy of ``zones`` with ``area_km2`` and ``share_pct`` (of the Strip) columns.

    ``metric``: the geometry already in :data:`METRIC_CRS`, if the caller has it.
    """
    out = zones.copy()
    out["area_km2"] = area_km2(zones, metric)
    out["share_pct"] = 100 * out["area_km2"] / strip_km2
    return out


def area_by_category(zones: gpd.GeoDataFrame, strip_km2: float) -> pd.DataFrame:
    """Area (km²) and share of the Strip (%) per zone category, in legend order.

    Features whose ``zone`` is not a known category are left out; categories with
    no feature appear with zero area so that tables line up when compared.
    """
    areas = area_km2(zones).groupby(zones["zone"]).sum()
    rows = [
        {
            "category": category,
            "label": ZONE_LABELS[category],
            "area_km2": float(areas.get(category, 0.0)),
            "share_pct": float(100 * areas.get(category, 0.0) / strip_km2),
        }
        for category in ZONE_CATEGORIES
    ]
    return pd.DataFrame(rows)
