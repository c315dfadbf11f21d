"""Geometry helpers shared by the geodata builders (``tools/build_geodata.py``, ``zone_versions``).

Shapes are built in metres (EPSG:32636) and written in longitude/latitude, rounded to
:data:`PRECISION` decimals (about 1 m), vertex by vertex so that shared edges stay shared
(:mod:`dashboard.zones.grid`; the edges of the Strip are :mod:`dashboard.zones.strip_edges`,
which ``python -m dashboard versions add`` uses too).
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from dashboard.zones import strip_edges
from dashboard.zones.grid import (  # noqa: F401 - the build's helpers, moved to the package
    PRECISION,
    for_file,
    geographic,
    metric,
    only_polygons,
    round_geometry,
)

# The corners of the outline's ring that bound its edges (``outline_corners`` in the shared
# version file): data, read once.
SHARED_FILE = Path(__file__).resolve().parents[1] / "geodata" / "versions" / "shared.json"
CORNERS = json.loads(SHARED_FILE.read_text(encoding="utf-8"))["outline_corners"]


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


def fence_line(outline: Polygon) -> LineString:
    """The stretch of the outline bordering Israel: tripoint -> east -> north tip."""
    return strip_edges.fence_line(outline, CORNERS)


def land_border(outline: Polygon) -> LineString:
    """The whole land border: Rafah coast -> Egypt border -> tripoint -> Israel -> north tip."""
    return strip_edges.land_border(outline, CORNERS)


def egypt_border(outline: Polygon) -> LineString:
    """The border with Egypt: Rafah coast -> tripoint."""
    return strip_edges.egypt_border(outline, CORNERS)
