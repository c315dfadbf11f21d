"""Geometry helpers shared by the geodata builders (``tools/build_geodata.py``, ``zone_versions``).

Shapes are built in metres (EPSG:32636) and written in longitude/latitude, rounded to
:data:`PRECISION` decimals (about 1 m), vertex by vertex so that shared edges stay shared.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

METRIC = "EPSG:32636"
GEOGRAPHIC = "EPSG:4326"
PRECISION = 5  # decimals: about 1 m, finer than any source deserves, coarse enough to stay small

# Corner vertices of the thinned geoBoundaries ring (counter-clockwise). Looked up by value,
# so a different outline fails loudly instead of silently.
CORNERS = {
    "north_tip": (34.49139, 31.59491),
    "tripoint": (34.26597, 31.22438),
    "egypt_coast": (34.21867, 31.32375),
}


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
    return shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]


def metric(geom: BaseGeometry) -> BaseGeometry:
    """``geom`` from longitude/latitude to EPSG:32636 (metres)."""
    return gpd.GeoSeries([geom], crs=GEOGRAPHIC).to_crs(METRIC).iloc[0]


def geographic(geom: BaseGeometry) -> BaseGeometry:
    """``geom`` from EPSG:32636 back to longitude/latitude."""
    return gpd.GeoSeries([geom], crs=METRIC).to_crs(GEOGRAPHIC).iloc[0]


def for_file(geom_m: BaseGeometry) -> BaseGeometry:
    """A metric polygon as it is written: longitude/latitude, rounded, polygons only."""
    return only_polygons(round_geometry(geographic(geom_m)))


def feature(geom: BaseGeometry, props: dict) -> dict:
    """A GeoJSON feature."""
    return {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(geom)}


def read_features(path: Path) -> list[dict]:
    """The features of a GeoJSON file."""
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def load_outline(path: Path) -> Polygon:
    """The Strip outline: the first feature of ``path``, a valid Polygon."""
    poly = shapely.geometry.shape(read_features(path)[0]["geometry"])
    assert poly.is_valid and poly.geom_type == "Polygon"
    return poly


def _ring_stretch(outline: Polygon, start: str, end: str) -> LineString:
    """The outline from corner ``start`` to corner ``end``, counter-clockwise."""
    ring = list(outline.exterior.coords)[:-1]
    first, last = ring.index(CORNERS[start]), ring.index(CORNERS[end])
    coords = ring[first : last + 1] if first <= last else ring[first:] + ring[: last + 1]
    return LineString(coords)


def fence_line(outline: Polygon) -> LineString:
    """The stretch of the outline bordering Israel: tripoint -> east -> north tip."""
    return _ring_stretch(outline, "tripoint", "north_tip")


def land_border(outline: Polygon) -> LineString:
    """The whole land border: Rafah coast -> Egypt border -> tripoint -> Israel -> north tip."""
    return _ring_stretch(outline, "egypt_coast", "north_tip")


def egypt_border(outline: Polygon) -> LineString:
    """The border with Egypt: Rafah coast -> tripoint."""
    return _ring_stretch(outline, "egypt_coast", "tripoint")
