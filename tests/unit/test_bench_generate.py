"""bench/generate.py: the benchmark's generated inputs are deterministic, valid and realistic."""

from __future__ import annotations

import geopandas as gpd
import shapely

from bench.generate import write_polygons
from dashboard.intake.bundled import load_outline


def test_generator_is_deterministic_and_realistic(tmp_path):
    first = write_polygons(200, tmp_path / "a")
    second = write_polygons(200, tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    gdf = gpd.read_file(first)
    assert len(gdf) == 200 and gdf.is_valid.all()
    vertices = shapely.get_num_coordinates(gdf.geometry.values) - 1  # closing point
    assert vertices.min() >= 20 and vertices.max() <= 60
    strip = load_outline().geometry.iloc[0].buffer(0.001)
    assert gdf.within(strip).all()
    assert set(gdf.columns) >= {"name", "kind", "value", "surveyed"}
