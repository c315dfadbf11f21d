"""The Strip's edges: the fence with Israel, the border with Egypt, the whole land border.

Cut from the outline's ring between named corner vertices (``outline_corners`` in
``geodata/versions/shared.json``), looked up by value so that a different outline fails
loudly instead of silently. The build cuts the perimeter buffer and the plan's bands from
these edges; ``python -m dashboard versions add`` cuts an added version's perimeter from
the fence in the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from shapely.geometry import LineString, Polygon

Corners = Mapping[str, Sequence[float]]  # corner name -> (lon, lat) of an outline vertex


class OutlineCornerError(ValueError):
    """A corner named in ``outline_corners`` is not a vertex of the outline."""


def _ring_stretch(outline: Polygon, corners: Corners, start: str, end: str) -> LineString:
    """The outline from corner ``start`` to corner ``end``, counter-clockwise."""
    ring = list(outline.exterior.coords)[:-1]
    try:
        first, last = (ring.index(tuple(corners[name])) for name in (start, end))
    except ValueError:
        raise OutlineCornerError(
            f"the outline has no vertex at the corners {start!r} and {end!r} "
            "(outline_corners in geodata/versions/shared.json)"
        ) from None
    coords = ring[first : last + 1] if first <= last else ring[first:] + ring[: last + 1]
    return LineString(coords)


def fence_line(outline: Polygon, corners: Corners) -> LineString:
    """The stretch of the outline bordering Israel: tripoint -> east -> north tip."""
    return _ring_stretch(outline, corners, "tripoint", "north_tip")


def land_border(outline: Polygon, corners: Corners) -> LineString:
    """The whole land border: Rafah coast -> Egypt border -> tripoint -> Israel -> north tip."""
    return _ring_stretch(outline, corners, "egypt_coast", "north_tip")


def egypt_border(outline: Polygon, corners: Corners) -> LineString:
    """The border with Egypt: Rafah coast -> tripoint."""
    return _ring_stretch(outline, corners, "egypt_coast", "tripoint")
