"""dashboard.intake.repair: invalid shapes repaired within a budget of edge crossings."""

from __future__ import annotations

import shapely
from shapely.geometry import LineString, Polygon

from dashboard.intake.repair import count_crossings, polygonal_part, repair
from dashboard.intake.user_files import read_geodata
from tests.conftest import DATA

BOW_TIE = Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])


def star(points: int, turns: int) -> Polygon:
    """A star polygon traced ``turns`` times round: many self-crossings."""
    import numpy as np

    angles = np.linspace(0, 2 * np.pi * turns, points * turns, endpoint=False)
    radius = np.where(np.arange(len(angles)) % 2 == 0, 1.0, 0.3)
    return Polygon(np.column_stack([radius * np.cos(angles), radius * np.sin(angles)]))


def test_invalid_geometries_repaired_and_reported():
    loaded = read_geodata((DATA / "self_intersecting.geojson").read_bytes(), "s.geojson")
    assert loaded.gdf.geometry.is_valid.all()
    assert loaded.gdf.geom_type.iloc[0] in ("Polygon", "MultiPolygon")
    (message,) = loaded.messages
    assert "1 invalid geometry(ies) repaired" in message.text
    assert "#0 ('\u2068Bow tie\u2069'): Self-intersection" in message.text


def test_count_crossings():
    assert count_crossings(Polygon([(0, 0), (1, 0), (1, 1), (0, 1)]), 10) == 0
    assert count_crossings(BOW_TIE, 10) == 1
    many = star(50, 7)
    assert count_crossings(many, 10) > 10  # stops past the budget
    assert count_crossings(many, 10) < count_crossings(many, 10**9)


def test_repair_keeps_polygons_polygons():
    result = repair(BOW_TIE)
    assert result.geometry.is_valid and result.geometry.geom_type == "MultiPolygon"
    assert result.reason.startswith("Self-intersection")
    assert shapely.area(result.geometry) == 0.5


def test_repair_refuses_shapes_over_the_budget():
    result = repair(star(50, 7), limit=10)
    assert result.geometry is None
    assert "crosses itself more than 10 times" in result.reason


def test_polygonal_part():
    mixed = shapely.GeometryCollection([LineString([(0, 0), (1, 1)]), BOW_TIE.buffer(0)])
    assert polygonal_part(mixed).geom_type == "Polygon"
    assert polygonal_part(LineString([(0, 0), (1, 1)])) is None
