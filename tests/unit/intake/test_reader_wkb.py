"""dashboard.intake.reader_wkb: GDAL's WKB sent as it is while it describes the layer."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import shapely

from dashboard.intake import worker_wire as wire
from dashboard.intake.reader_wkb import ReaderWkb
from dashboard.intake.user_files import read_geodata
from tests.conftest import DATA


def reader(n: int = 4) -> ReaderWkb:
    geoms = shapely.box(np.arange(n), 0, np.arange(n) + 1, 1)
    wkb = pa.chunked_array(
        [pa.array(shapely.to_wkb(geoms[:2])), pa.array(shapely.to_wkb(geoms[2:]))]
    )
    return ReaderWkb(geoms, wkb)


def test_the_same_objects_in_the_same_order_get_the_reader_s_wkb():
    read = reader()
    wkb = read.describing(read.geometries.copy())  # a copy of the array, the same objects
    assert wkb is not None
    assert shapely.equals(
        shapely.from_wkb(wkb.to_numpy(zero_copy_only=False)), read.geometries
    ).all()


def test_a_changed_dropped_or_reordered_geometry_gets_none():
    read = reader()
    changed = read.geometries.copy()
    changed[1] = shapely.box(1, 0, 2, 1)  # equal shape, another object: repaired, moved...
    assert read.describing(changed) is None
    assert read.describing(read.geometries[:3]) is None
    assert read.describing(read.geometries[::-1]) is None


def test_a_plain_geojson_keeps_gdal_s_wkb_and_the_wire_carries_the_same_layer():
    loaded = read_geodata((DATA / "valid_zones.geojson").read_bytes(), "valid_zones.geojson")
    assert loaded.wkb is not None
    name = loaded.gdf.geometry.name
    reused = wire.frame_from_wire(
        wire.frame_to_wire(loaded.gdf, loaded.wkb)[0].to_pybytes(), name, []
    )
    encoded = wire.frame_from_wire(wire.frame_to_wire(loaded.gdf)[0].to_pybytes(), name, [])
    assert reused.crs == encoded.crs and list(reused.columns) == list(encoded.columns)
    assert shapely.equals(reused.geometry.array, encoded.geometry.array).all()
    assert reused.drop(columns=name).equals(encoded.drop(columns=name))


def test_a_fixed_ring_or_a_repaired_shape_is_encoded_again():
    unclosed = read_geodata((DATA / "unclosed_ring.geojson").read_bytes(), "unclosed_ring.geojson")
    assert unclosed.wkb is None  # GDAL's WKB has the ring open; the layer has it closed
    repaired = read_geodata(
        (DATA / "self_intersecting.geojson").read_bytes(), "self_intersecting.geojson"
    )
    assert repaired.wkb is None
