"""The WKB walk: what it counts agrees with GEOS on every flavour, and it refuses nesting
and damage on the bytes alone (never calling ``shapely.from_wkb`` on the deep sample:
that would crash this process)."""

from __future__ import annotations

import struct

import numpy as np
import pytest
import shapely

from dashboard.intake.wkb_checks import (
    DAMAGED,
    FINE,
    SCALAR_TAIL,
    TOO_DEEP,
    UNSUPPORTED,
    walk,
    walk_one,
)
from tests.data.make_hostile_files import nested_collections_wkb

GEOMETRIES = [
    shapely.Point(1, 2),
    shapely.Point(),
    shapely.LineString([(0, 0), (1, 1), (2, 0)]),
    shapely.box(0, 0, 1, 1).difference(shapely.box(0.2, 0.2, 0.4, 0.4)),  # with a hole
    shapely.Polygon(),
    shapely.MultiPoint([(0, 0), (1, 1)]),
    shapely.MultiLineString([[(0, 0), (1, 1)], [(2, 2), (3, 3), (4, 4)]]),
    shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.box(2, 2, 3, 3)]),
    shapely.GeometryCollection(
        [shapely.Point(0, 0), shapely.GeometryCollection([shapely.box(0, 0, 1, 1)])]
    ),
    shapely.GeometryCollection(),
    shapely.Point(1, 2, 3),
    shapely.Polygon([(0, 0, 1), (1, 0, 1), (1, 1, 1), (0, 0, 1)]),
]


def _column(blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    offsets = np.concatenate([[0], np.cumsum([len(b) for b in blobs])])
    return np.frombuffer(b"".join(blobs), np.uint8), offsets


def _parts(geometry) -> int:
    """Headers and rings, counted by GEOS' own structure."""
    if isinstance(geometry, shapely.Polygon):
        return 1 + (0 if geometry.is_empty else 1 + len(geometry.interiors))
    if hasattr(geometry, "geoms"):
        return 1 + sum(_parts(g) for g in geometry.geoms)
    return 1


@pytest.mark.parametrize(
    "options",
    [
        {"byte_order": 1},
        {"byte_order": 0},
        {"flavor": "iso"},
        {"flavor": "extended", "include_srid": True},
    ],
    ids=["little", "big", "iso", "ewkb-srid"],
)
def test_counts_agree_with_geos_in_every_flavour(options):
    geometries = [shapely.set_srid(g, 4326) for g in GEOMETRIES]
    blobs = [shapely.to_wkb(g, **options) for g in geometries]
    # Enough copies that the vectorised walk, not only the scalar tail, does the work.
    blobs *= SCALAR_TAIL
    summary = walk(*_column(blobs), max_nesting=3)
    decoded = shapely.from_wkb(blobs)
    assert (summary.problem == FINE).all()
    points = [1 if isinstance(g, shapely.Point) and g.is_empty else 0 for g in decoded]
    # An empty point is written as one point of NaNs: one vertex to the walk.
    assert summary.vertices.tolist() == (shapely.get_num_coordinates(decoded) + points).tolist()
    assert summary.parts.tolist() == [_parts(g) for g in decoded]
    one_by_one = [walk_one(b, 3) for b in blobs]
    walked = np.column_stack([summary.vertices, summary.parts, summary.problem])
    assert walked.tolist() == [list(x) for x in one_by_one]


@pytest.mark.parametrize("copies", [1, SCALAR_TAIL * 2], ids=["scalar", "vectorised"])
def test_collections_nested_past_the_limit_are_refused_on_the_bytes(copies):
    deep = nested_collections_wkb(20_000)  # GEOS would overflow its stack on it
    fine = nested_collections_wkb(3)
    summary = walk(*_column([deep, fine] * copies), max_nesting=3)
    assert summary.problem.tolist() == [TOO_DEEP, FINE] * copies
    assert summary.vertices[1] == 1
    assert walk_one(nested_collections_wkb(4), 3)[2] == TOO_DEEP


def test_a_multipolygon_inside_a_collection_is_within_the_limit():
    inner = shapely.GeometryCollection([shapely.MultiPolygon([shapely.box(0, 0, 1, 1)])])
    assert walk(*_column([shapely.to_wkb(inner)] * 40), max_nesting=2).problem.max() == FINE
    assert walk(*_column([shapely.to_wkb(inner)] * 40), max_nesting=1).problem.max() == TOO_DEEP


@pytest.mark.parametrize("copies", [1, SCALAR_TAIL * 2], ids=["scalar", "vectorised"])
def test_counts_that_run_past_the_bytes_are_damage(copies):
    line = shapely.to_wkb(shapely.LineString([(0, 0), (1, 1)]))
    lying = line[:5] + struct.pack("<I", 2**31) + line[9:]  # claims two billion points
    polygon = shapely.to_wkb(shapely.box(0, 0, 1, 1))
    blobs = [lying, polygon[:20], b"\x07" + line[1:], b"", line] * copies
    summary = walk(*_column(blobs), max_nesting=3)
    assert summary.problem.tolist() == [DAMAGED, DAMAGED, DAMAGED, DAMAGED, FINE] * copies


def test_curves_are_unsupported_and_unknown_types_damaged():
    circular = b"\x01" + struct.pack("<II", 8, 0)  # an empty CircularString
    odd = b"\x01" + struct.pack("<I", 5003) + struct.pack("<I", 0)
    summary = walk(*_column([circular, odd] * 20), max_nesting=3)
    assert summary.problem.tolist() == [UNSUPPORTED, DAMAGED] * 20
    assert [walk_one(blob, 3)[2] for blob in (circular, odd)] == [UNSUPPORTED, DAMAGED]


def test_a_polygon_of_many_rings_is_counted_without_a_step_per_ring():
    rings = 50_000
    polygon = b"\x01" + struct.pack("<II", 3, rings) + struct.pack("<I", 0) * rings
    summary = walk(*_column([polygon]), max_nesting=3)
    assert summary.problem[0] == FINE
    assert summary.parts[0] == rings + 1
