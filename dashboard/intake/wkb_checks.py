"""Geometries in WKB read as bytes before GEOS sees them: how deep their collections nest,
how many vertices and parts they hold, and whether their counts fit their bytes.

GEOS reads a geometry inside a collection by recursion: a 1 KB WKB of GeometryCollections
nested 20,000 deep overflows the thread's stack inside ``shapely.from_wkb`` and the whole
process dies (no exception to catch). So the bytes are walked here first, headers and
counts only, no geometry built: a collection inside collections deeper than a few levels
is refused, and the vertices and parts (geometries and rings) are counted so that a
layer's limits hold before anything is decoded.

The walk handles ISO WKB (types 1001-3007 for Z, M and ZM) and PostGIS' extended WKB
(Z, M and SRID flags in the type's high bits), each part with its own byte order, as
GEOS does. It runs on all the geometries at once, one token (a header or a ring's count)
per step with numpy; the few geometries still walking when most are done are finished
one by one in Python (:func:`walk_one`), so that one geometry of a million rings does not
cost a million numpy steps.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np

# What :func:`walk` finds wrong with a geometry (``WkbSummary.problem``).
FINE = 0
DAMAGED = 1  # counts that run past the end of its bytes, or an unknown byte order
TOO_DEEP = 2  # a collection inside more collections than allowed
UNSUPPORTED = 3  # a type GEOS does not read as a simple feature (curves, surfaces, ...)

POINT, LINESTRING, POLYGON = 1, 2, 3
CURVED = range(8, 18)  # CircularString ... Triangle: real types that GEOS does not read
COLLECTIONS = (4, 5, 6, 7)  # MultiPoint, MultiLineString, MultiPolygon, GeometryCollection
# Extended WKB's flags in the type word.
EWKB_Z, EWKB_M, EWKB_SRID = 0x80000000, 0x40000000, 0x20000000
TYPE_BITS = 0x0FFFFFFF
# Below this many geometries still walking, the rest are walked one by one in Python.
SCALAR_TAIL = 32
# Stack levels kept per geometry: the collections allowed, a polygon's rings, one to spare.
_RING = 1  # kind of a stack level holding a polygon's rings (0: a collection's members)


@dataclass(frozen=True)
class WkbSummary:
    """What the walk found, one value per geometry."""

    vertices: np.ndarray  # int64: points of every ring, line and point
    parts: np.ndarray  # int64: geometries (the top one and those inside it) and rings
    problem: np.ndarray  # int8: FINE, DAMAGED, TOO_DEEP or UNSUPPORTED


def _decode_type(word: int) -> tuple[int, int, int]:
    """Base type (1-7 when supported), coordinate dimensions and header length of a type."""
    code = word & TYPE_BITS
    base, iso = code % 1000, code // 1000
    if iso > 3:
        return -1, 2, 5
    has_z = bool(word & EWKB_Z) or iso in (1, 3)
    has_m = bool(word & EWKB_M) or iso in (2, 3)
    return base, 2 + has_z + has_m, 9 if word & EWKB_SRID else 5


_U32 = {0: struct.Struct(">I"), 1: struct.Struct("<I")}


def walk_one(wkb: bytes | memoryview, max_nesting: int) -> tuple[int, int, int]:
    """Walk one geometry's WKB: ``(vertices, parts, problem)`` (see :class:`WkbSummary`).

    Iterative (a stack of counts), so that depth costs no Python recursion either.
    """
    end = len(wkb)
    pos = vertices = parts = 0
    remaining: list[int] = []  # members left in each open collection
    while True:
        if pos + 5 > end or wkb[pos] > 1:
            return vertices, parts, DAMAGED
        u32 = _U32[wkb[pos]]
        base, dims, header = _decode_type(u32.unpack_from(wkb, pos + 1)[0])
        parts += 1
        pos += header
        if not 1 <= base <= 7:  # a known type GEOS cannot read, or no type at all
            return vertices, parts, UNSUPPORTED if base in CURVED else DAMAGED
        if base == POINT:
            vertices += 1
            pos += 8 * dims
        else:
            if pos + 4 > end:
                return vertices, parts, DAMAGED
            count = u32.unpack_from(wkb, pos)[0]
            pos += 4
            if base == LINESTRING:
                vertices += count
                pos += 8 * dims * count
            elif base == POLYGON:
                parts += count
                for _ in range(count):
                    if pos + 4 > end:
                        return vertices, parts, DAMAGED
                    points = u32.unpack_from(wkb, pos)[0]
                    vertices += points
                    pos += 4 + 8 * dims * points
            elif len(remaining) >= max_nesting:
                return vertices, parts, TOO_DEEP
            elif count:
                remaining.append(count)
                continue  # its first member's header is next
        if pos > end:
            return vertices, parts, DAMAGED
        # One member done: close the collections it ends.
        while remaining:
            remaining[-1] -= 1
            if remaining[-1]:
                break
            remaining.pop()
        if not remaining:
            return vertices, parts, FINE


def _u32(data: np.ndarray, at: np.ndarray, little: np.ndarray) -> np.ndarray:
    """Unsigned 32-bit integers at byte offsets ``at``, each in its own byte order."""
    b = [data[at + k].astype(np.int64) for k in range(4)]
    le = b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)
    be = b[3] | (b[2] << 8) | (b[1] << 16) | (b[0] << 24)
    return np.where(little, le, be)


def walk(data: np.ndarray, offsets: np.ndarray, max_nesting: int) -> WkbSummary:
    """Walk every geometry of a WKB column without decoding any.

    Parameters
    ----------
    data : numpy.ndarray
        The column's bytes (uint8), the geometries one after the other.
    offsets : numpy.ndarray
        ``len + 1`` offsets into ``data``: geometry ``i`` is ``data[offsets[i]:offsets[i+1]]``.
    max_nesting : int
        The most collections one part may sit in (a MultiPolygon: 1; a GeometryCollection
        holding one: 2).

    Returns
    -------
    WkbSummary
    """
    data = np.ascontiguousarray(data, dtype=np.uint8)
    offsets = np.asarray(offsets, dtype=np.int64)
    n = len(offsets) - 1
    pos, end = offsets[:-1].copy(), offsets[1:].copy()
    vertices = np.zeros(n, np.int64)
    parts = np.zeros(n, np.int64)
    problem = np.zeros(n, np.int8)
    levels = max_nesting + 2
    stack = np.zeros((n, levels), np.int64)  # members or rings left at each open level
    kind = np.zeros((n, levels), np.int8)
    depth = np.zeros(n, np.int64)
    ring_little = np.zeros(n, bool)  # byte order and dimensions of the open polygon
    ring_dims = np.zeros(n, np.int64)
    active = np.arange(n)

    def fail(rows: np.ndarray, code: int) -> None:
        problem[rows] = code

    def finish(rows: np.ndarray) -> None:
        """One member (a part or a ring) of each row's open level is done."""
        while len(rows):
            rows = rows[depth[rows] > 0]
            top = depth[rows] - 1
            stack[rows, top] -= 1
            rows = rows[stack[rows, top] == 0]
            depth[rows] -= 1  # that level is complete: a member of the one above is done

    while len(active) > SCALAR_TAIL:
        top = np.maximum(depth[active] - 1, 0)
        on_ring = (depth[active] > 0) & (kind[active, top] == _RING)
        rings, heads = active[on_ring], active[~on_ring]

        # A ring's point count, in its polygon's byte order.
        short = pos[rings] + 4 > end[rings]
        fail(rings[short], DAMAGED)
        rings = rings[~short]
        points = _u32(data, pos[rings], ring_little[rings])
        vertices[rings] += points
        parts[rings] += 1
        pos[rings] += 4 + 8 * ring_dims[rings] * points
        finish(rings)

        # A geometry's header.
        order = np.where(pos[heads] < end[heads], data[np.minimum(pos[heads], len(data) - 1)], 2)
        bad = (pos[heads] + 5 > end[heads]) | (order > 1)
        fail(heads[bad], DAMAGED)
        heads, little = heads[~bad], order[~bad] == 1
        word = _u32(data, pos[heads] + 1, little)
        code = word & TYPE_BITS
        base, iso = code % 1000, code // 1000
        dims = 2 + ((word & EWKB_Z > 0) | (iso == 1) | (iso == 3))
        dims += (word & EWKB_M > 0) | (iso == 2) | (iso == 3)
        parts[heads] += 1
        pos[heads] += np.where(word & EWKB_SRID, 9, 5)
        odd = (base < 1) | (base > 7) | (iso > 3)
        curved = odd & (base >= CURVED.start) & (base < CURVED.stop) & (iso <= 3)
        fail(heads[curved], UNSUPPORTED)
        fail(heads[odd & ~curved], DAMAGED)
        keep = ~odd
        heads, little, base, dims = heads[keep], little[keep], base[keep], dims[keep]

        is_point = base == POINT
        points_done = heads[is_point]
        vertices[points_done] += 1
        pos[points_done] += 8 * dims[is_point]

        counted = ~is_point
        rows, little, base, dims = heads[counted], little[counted], base[counted], dims[counted]
        short = pos[rows] + 4 > end[rows]
        fail(rows[short], DAMAGED)
        rows, little, base, dims = rows[~short], little[~short], base[~short], dims[~short]
        count = _u32(data, pos[rows], little)
        pos[rows] += 4
        is_line = base == LINESTRING
        vertices[rows[is_line]] += count[is_line]
        pos[rows[is_line]] += 8 * dims[is_line] * count[is_line]
        is_collection = base >= 4
        nested_too_deep = is_collection & (depth[rows] >= max_nesting)
        fail(rows[nested_too_deep], TOO_DEEP)
        opens = ((base == POLYGON) | is_collection) & ~nested_too_deep & (count > 0)
        opened = rows[opens]
        stack[opened, depth[opened]] = count[opens]
        kind[opened, depth[opened]] = np.where(base[opens] == POLYGON, _RING, 0)
        ring_little[opened] = little[opens]
        ring_dims[opened] = dims[opens]
        depth[opened] += 1
        done = np.concatenate(
            [points_done, rows[~opens & ~nested_too_deep]]
        )  # points, lines, empty polygons and collections
        finish(done)

        overrun = pos[active] > end[active]
        fail(active[overrun], DAMAGED)
        active = active[(depth[active] > 0) & (problem[active] == FINE)]

    for i in active:  # the few left: from their start, in Python
        vertices[i], parts[i], problem[i] = walk_one(
            data[offsets[i] : offsets[i + 1]].tobytes(), max_nesting
        )
    return WkbSummary(vertices=vertices, parts=parts, problem=problem)
