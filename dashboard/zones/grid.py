"""Geometry between longitude/latitude and metres (EPSG:32636), and the grid of the files.

Zones are built in metres and written in longitude/latitude, rounded to :data:`PRECISION`
decimals (about 1 m), vertex by vertex so that shared edges stay shared. The build
(``tools/build_geodata.py``) and ``python -m dashboard versions add`` write zones this way.
"""

from __future__ import annotations

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from dashboard.config import GEOGRAPHIC_CRS, METRIC_CRS

PRECISION = 5  # decimals: about 1 m, finer than any source deserves, coarse enough to stay small


def round_geometry(geom: BaseGeometry) -> BaseGeometry:
    """Round vertices to the grid one by one (shared edges stay shared), then repair."""
    rounded = shapely.set_precision(geom, 10**-PRECISION, mode="pointwise")
    return rounded if rounded.is_valid else shapely.make_valid(rounded)


def only_polygons(geom: BaseGeometry) -> BaseGeometry:
    """The polygonal parts of ``geom`` (make_valid may nest them in a collection)."""
    parts = [
        poly
        for part in shapely.get_parts(geom)
        for poly in shapely.get_parts(part)
        if poly.geom_type == "Polygon" and poly.area > 0
    ]
    if not parts:
        return shapely.Polygon()
    return shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]


def metric(geom: BaseGeometry) -> BaseGeometry:
    """``geom`` from longitude/latitude to EPSG:32636 (metres)."""
    return gpd.GeoSeries([geom], crs=GEOGRAPHIC_CRS).to_crs(METRIC_CRS).iloc[0]


def geographic(geom: BaseGeometry) -> BaseGeometry:
    """``geom`` from EPSG:32636 back to longitude/latitude."""
    return gpd.GeoSeries([geom], crs=METRIC_CRS).to_crs(GEOGRAPHIC_CRS).iloc[0]


def for_file(geom_m: BaseGeometry) -> BaseGeometry:
    """A metric polygon as it is written: longitude/latitude, rounded, polygons only."""
    return only_polygons(round_geometry(geographic(geom_m)))
