"""Repairing invalid geometries within a budget.

``make_valid`` costs time and memory that grow with the *square* of a shape's
self-intersections: one 200 KB polygon (a star traced 2,000 times over itself) took a
minute and 6 GB. So the crossings between each invalid shape's edges are counted first,
cheaply, stopping as soon as the budget is spent; a shape over the budget is refused
instead of repaired.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely import STRtree

from dashboard.config import MAX_REPAIR_CROSSINGS
from dashboard.messages import say, token
from dashboard.zones.areas import POLYGONAL

# Edges examined per tree query: bounds the memory of one query's answer.
QUERY_CHUNK = 64


@dataclass(frozen=True)
class Repair:
    """The outcome for one geometry: the repaired shape, or None when it was refused."""

    geometry: shapely.Geometry | None
    reason: str  # GEOS's reason for the invalidity, or why the shape was refused


def _edges(geom: shapely.Geometry) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every edge of ``geom``'s rings and lines as 2-point lines, with the ring each edge
    belongs to and its position in that ring."""
    lines = []
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            lines.extend(shapely.get_rings(part))
        elif part.geom_type in ("LineString", "LinearRing"):
            lines.append(part)
    coords, owner = shapely.get_coordinates(lines, return_index=True)
    same = owner[1:] == owner[:-1]  # consecutive vertices of one ring make an edge
    starts, ends = coords[:-1][same], coords[1:][same]
    ring = owner[:-1][same]
    first = np.r_[0, np.flatnonzero(np.diff(ring)) + 1] if len(ring) else np.empty(0, int)
    position = np.arange(len(ring)) - np.repeat(first, np.diff(np.r_[first, len(ring)]))
    segments = shapely.linestrings(np.stack([starts, ends], axis=1))
    return segments, ring, position


def count_crossings(geom: shapely.Geometry, limit: int) -> int:
    """Pairs of non-adjacent edges of ``geom`` that touch or cross, counted up to ``limit``.

    Stops as soon as the count passes ``limit`` (and returns a value above it), so the
    cost is bounded by the budget, not by the shape's pathology.
    """
    segments, ring, position = _edges(geom)
    if len(segments) < 3:
        return 0
    ring_length = np.bincount(ring)
    tree = STRtree(segments)
    count = 0
    for start in range(0, len(segments), QUERY_CHUNK):
        left, right = tree.query(segments[start : start + QUERY_CHUNK], predicate="intersects")
        left = left + start
        keep = right > left
        left, right = left[keep], right[keep]
        same_ring = ring[left] == ring[right]
        gap = np.abs(position[left] - position[right])
        closing = gap == ring_length[ring[left]] - 1  # first and last edge of a ring meet
        adjacent = same_ring & ((gap == 1) | closing)
        count += int((~adjacent).sum())
        if count > limit:
            return count
    return count


def polygonal_part(geom: shapely.Geometry) -> shapely.Geometry | None:
    """The polygons of a (repaired) geometry, or None when it has none."""
    parts = [
        p
        for p in shapely.get_parts(geom)
        for p in shapely.get_parts(p)
        if p.geom_type == "Polygon" and not p.is_empty
    ]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def repair(geom: shapely.Geometry, limit: int = MAX_REPAIR_CROSSINGS) -> Repair:
    """Make ``geom`` valid if that is affordable; polygons stay polygons.

    Parameters
    ----------
    geom : shapely.Geometry
        An invalid geometry.
    limit : int
        The most edge crossings a shape may have to be repaired.

    Returns
    -------
    Repair
        ``geometry`` is None when the shape was refused (too many crossings).
    """
    reason = token(shapely.is_valid_reason(geom))  # GEOS's own words, e.g. "Self-intersection"
    crossings = count_crossings(geom, limit)
    if crossings > limit:
        return Repair(None, say("repair.too_many_crossings", limit=f"{limit:,}"))
    repaired = shapely.make_valid(geom)
    if geom.geom_type in POLYGONAL:
        repaired = polygonal_part(repaired) or repaired
    return Repair(repaired, reason)
