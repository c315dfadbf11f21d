"""dashboard.intake.read_geometries: what the reader found, used while it still holds."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import shapely

from dashboard.intake import worker_wire as wire
from dashboard.intake.read_geometries import ReadGeometries
from dashboard.intake.user_files import read_geodata
from tests.conftest import DATA


def reader(n: int = 4) -> ReadGeometries:
    geoms = shapely.box(np.arange(n), 0, np.arange(n) + 1, 1)
    wkb = pa.chunked_array(
        [pa.array(shapely.to_wkb(geoms[:2])), pa.array(shapely.to_wkb(geoms[2:]))]
    )
    return ReadGeometries(geoms, shapely.is_valid(geoms), wkb)


def test_the_same_objects_in_the_same_order_get_the_reader_s_wkb():
    read = reader()
    wkb = read.wkb_of(read.geometries.copy())  # a copy of the array, the same objects
    assert wkb is not None
    assert shapely.equals(
        shapely.from_wkb(wkb.to_numpy(zero_copy_only=False)), read.geometries
    ).all()


def test_a_changed_dropped_or_reordered_geometry_gets_none():
    read = reader()
    changed = read.geometries.copy()
    changed[1] = shapely.box(1, 0, 2, 1)  # equal shape, another object: repaired, moved...
    assert read.wkb_of(changed) is None
    assert read.wkb_of(read.geometries[:3]) is None
    assert read.wkb_of(read.geometries[::-1]) is None
    assert read.validity(changed) is None and read.validity(read.geometries[:3]) is None
    assert read.validity(read.geometries.copy()).all()


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


def test_the_validity_found_while_reading_serves_the_check(monkeypatch):
    from dashboard.intake import geometry_checks

    calls: list[int] = []
    real = geometry_checks.in_parts
    monkeypatch.setattr(
        geometry_checks, "in_parts", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    read_geodata((DATA / "valid_zones.geojson").read_bytes(), "valid_zones.geojson")
    assert calls == []  # not checked a second time
    repaired = read_geodata(
        (DATA / "self_intersecting.geojson").read_bytes(), "self_intersecting.geojson"
    )
    assert repaired.messages  # the invalid shape found from the reader's validity: repaired


def test_a_fixed_ring_or_a_repaired_shape_is_encoded_again():
    unclosed = read_geodata((DATA / "unclosed_ring.geojson").read_bytes(), "unclosed_ring.geojson")
    assert unclosed.wkb is None  # GDAL's WKB has the ring open; the layer has it closed
    repaired = read_geodata(
        (DATA / "self_intersecting.geojson").read_bytes(), "self_intersecting.geojson"
    )
    assert repaired.wkb is None
