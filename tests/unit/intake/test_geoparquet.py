"""GeoParquet read in batches within limits known before decoding (issue 19's samples,
made small here against lowered limits; bench/hostile.py runs the review's sizes)."""

from __future__ import annotations

import datetime as dt
import json

import geopandas as gpd
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import shapely

import dashboard.intake.geoparquet as geoparquet
from dashboard.intake.user_files import Limits, read_geodata
from dashboard.messages import GeodataError
from tests.data.make_hostile_files import (
    _write_geoparquet,
    deep_collection_parquet,
    dictionary_geometry_parquet,
    dictionary_text_parquet,
    null_columns_parquet,
)


def _read(path, **limits):
    return read_geodata(path.read_bytes(), path.name, limits=Limits(**limits))


def test_a_collection_nested_20000_deep_is_refused_before_geos_reads_it(tmp_path):
    # Read by GEOS, this 1 KB file kills the process (a segmentation fault): the test
    # process surviving is half of the assertion.
    path = deep_collection_parquet(tmp_path / "deep.parquet", depth=20_000)
    assert path.stat().st_size < 2_000
    with pytest.raises(GeodataError, match="feature 1 nests collections .* more than 3 levels"):
        _read(path)


def test_a_dictionary_encoded_polygon_is_counted_on_every_row_before_decoding(tmp_path):
    path = dictionary_geometry_parquet(tmp_path / "dict.parquet", vertices=10_000, rows=100)
    with pytest.raises(GeodataError, match="more than 500,000 vertices"):
        _read(path, max_vertices=500_000)
    with pytest.raises(GeodataError, match="would take more than 1.0 MB once decoded"):
        _read(path, max_geometry_bytes=2**20)
    loaded = _read(path, max_vertices=2_000_000)  # within the limits: read, rows sharing it
    assert len(loaded.gdf) == 100


def test_empty_columns_are_refused_by_features_times_properties(tmp_path):
    path = null_columns_parquet(tmp_path / "nulls.parquet", columns=300, rows=2_000)
    with pytest.raises(GeodataError, match=r"2,000 features × 200 properties = 400,000 values"):
        _read(path, max_property_values=100_000)


def test_only_the_first_properties_are_read(tmp_path):
    path = null_columns_parquet(tmp_path / "nulls.parquet", columns=12, rows=50)
    loaded = _read(path, max_properties=5)
    assert [c for c in loaded.gdf.columns if c != "geometry"] == [f"c{i}" for i in range(5)]
    assert any("12 properties; only the first 5" in m.text for m in loaded.messages)


def test_a_long_dictionary_text_is_cut_once_not_per_row(tmp_path, monkeypatch):
    monkeypatch.setattr(geoparquet, "BATCH_ROWS", 700)  # several batches
    path = dictionary_text_parquet(tmp_path / "text.parquet", chars=100_000, rows=2_000)
    loaded = _read(path)
    notes = loaded.gdf["note"]
    assert notes.str.len().max() == 2_000 and notes.iloc[0].endswith("…")
    assert len({id(v) for v in notes}) <= 3  # one object per batch, not one per row
    assert any("2,000 text(s) longer than 2,000" in m.text for m in loaded.messages)


def test_too_many_parts_are_refused(tmp_path):
    empty_polygons = b"\x01" + np.array([6, 5_000], "<u4").tobytes()
    empty_polygons += (b"\x01" + np.array([3, 0], "<u4").tobytes()) * 5_000
    path = _write_geoparquet(
        tmp_path / "parts.parquet", {"name": ["many"]}, pa.array([empty_polygons], pa.binary())
    )
    with pytest.raises(GeodataError, match="more than 1,000 geometry parts"):
        _read(path, max_geometry_parts=1_000)


def test_properties_and_geometries_come_through_batches_unchanged(tmp_path, monkeypatch):
    monkeypatch.setattr(geoparquet, "BATCH_ROWS", 3)
    n = 10
    gdf = gpd.GeoDataFrame(
        {
            "name": [f"site {i}" if i % 4 else None for i in range(n)],
            "count": pa.array([i if i % 3 else None for i in range(n)], pa.int64()),
            "value": np.linspace(0, 1, n),
            "day": [dt.date(2025, 10, 1 + i) for i in range(n)],
        },
        geometry=[shapely.Point(34.40 + i / 100, 31.4) if i != 5 else None for i in range(n)],
        crs="EPSG:4326",
    )
    path = tmp_path / "sites.parquet"
    gdf.to_parquet(path)
    loaded = _read(path)
    # The feature without a geometry is left out (with a note), the others keep their order.
    rows = [i for i in range(n) if i != 5]
    assert loaded.gdf["name"].tolist() == [f"site {i}" if i % 4 else None for i in rows]
    assert loaded.gdf["count"].tolist() == [i if i % 3 else None for i in rows]
    assert loaded.gdf["value"].tolist() == pytest.approx([i / (n - 1) for i in rows])
    assert loaded.gdf["day"].tolist() == [f"2025-10-{1 + i:02d}" for i in rows]
    assert loaded.gdf.geometry.x.round(6).tolist() == [round(34.40 + i / 100, 6) for i in rows]


def test_geoarrow_encoded_geoparquet_is_read(tmp_path):
    gdf = gpd.GeoDataFrame(
        {"name": ["a", "b"]},
        geometry=[shapely.box(34.40, 31.40, 34.41, 31.41), shapely.box(34.42, 31.40, 34.43, 31.41)],
        crs="EPSG:4326",
    )
    path = tmp_path / "native.parquet"
    gdf.to_parquet(path, geometry_encoding="geoarrow")
    loaded = _read(path)
    assert loaded.gdf.geometry.equals(gdf.geometry)
    with pytest.raises(GeodataError, match="more than 5 vertices"):
        _read(path, max_vertices=5)


def test_columns_of_lists_and_records_are_left_out_with_a_note(tmp_path):
    path = _write_geoparquet(
        tmp_path / "nested.parquet",
        {"name": ["a"], "tags": pa.array([["x", "y"]]), "bbox": pa.array([{"xmin": 1.0}])},
        pa.array([shapely.to_wkb(shapely.Point(34.4, 31.4))], pa.binary()),
    )
    loaded = _read(path)
    assert [c for c in loaded.gdf.columns if c != "geometry"] == ["name"]
    assert any("2 properties hold lists" in m.text for m in loaded.messages)


def test_geo_metadata_without_a_primary_column_is_refused(tmp_path):
    path = tmp_path / "odd.parquet"
    table = pa.table({"geometry": [shapely.to_wkb(shapely.Point(34.4, 31.4))]})
    pq.write_table(table.replace_schema_metadata({b"geo": json.dumps({"x": 1}).encode()}), path)
    with pytest.raises(GeodataError, match="it names no geometry column"):
        _read(path)


def test_bounding_boxes_and_row_labels_are_not_properties(tmp_path):
    gdf = gpd.GeoDataFrame({"name": ["a"]}, geometry=[shapely.Point(34.4, 31.4)], crs="EPSG:4326")
    path = tmp_path / "covered.parquet"
    gdf.index = [7]  # pandas keeps such row labels as a column of their own
    gdf.to_parquet(path, write_covering_bbox=True)
    assert {"bbox", "__index_level_0__"} <= set(pq.read_schema(path).names)
    loaded = _read(path)
    assert list(loaded.gdf.columns) == ["name", "geometry"]
    assert not loaded.messages


def test_dictionary_entries_are_sliced_when_they_follow_each_other_else_taken():
    dictionary = pa.array(["a", "b", "c", "d"])
    assert geoparquet._entries(dictionary, np.array([1, 2, 3])).to_pylist() == ["b", "c", "d"]
    assert geoparquet._entries(dictionary, np.array([0, 3])).to_pylist() == ["a", "d"]
