"""dashboard.browser.binary_geometry: a layer's geometry as flat binary arrays."""

from __future__ import annotations

import json
import struct

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import (
    GeometryCollection,
    LineString,
    MultiPolygon,
    Point,
    Polygon,
    box,
)
from shapely.testing import assert_geometries_equal

from dashboard.browser.binary_geometry import (
    GRID_DEGREES,
    KIND_LINE,
    KIND_POINT,
    KIND_POLYGON,
    MAGIC,
    decode_payload,
    encode_frame,
)
from dashboard.browser.serialise import browser_geojson, display_frame

HOSTILE = "<img src=x onerror=alert(1)>"
SQUARE_WITH_HOLE = Polygon(
    [(34.40, 31.40), (34.41, 31.40), (34.41, 31.41), (34.40, 31.41)],
    [[(34.402, 31.402), (34.404, 31.402), (34.404, 31.404), (34.402, 31.404)]],
)


def layer(geometries, **columns) -> gpd.GeoDataFrame:
    columns.setdefault("name", [f"F{i}" for i in range(len(geometries))])
    columns.setdefault("fid", [f"up:{i}" for i in range(len(geometries))])
    return gpd.GeoDataFrame(columns, geometry=list(geometries), crs="EPSG:4326")


def decoded(gdf: gpd.GeoDataFrame, fields=("name", "zone", "kind", "fid")):
    return decode_payload(encode_frame(display_frame(gdf, fields)).payload)


def test_polygons_round_trip_within_the_grid():
    rng = np.random.default_rng(1)
    xy = rng.uniform([34.2, 31.2], [34.6, 31.6], (50, 2))
    shapes = [shapely.buffer(Point(x, y), 0.001, quad_segs=4) for x, y in xy]
    back = decoded(layer(shapes)).geometries()
    assert len(back) == 50
    for before, after in zip(shapes, back, strict=True):
        assert shapely.hausdorff_distance(before, after) <= GRID_DEGREES
        assert after.area == pytest.approx(before.area, rel=1e-2)


def test_offsets_of_a_multipolygon_with_a_hole():
    multi = MultiPolygon([box(34.30, 31.30, 34.31, 31.31), SQUARE_WITH_HOLE])
    d = decoded(layer([multi]))
    a = d.arrays
    assert list(a["feature_parts"]) == [0, 2]
    assert list(a["part_kind"]) == [KIND_POLYGON, KIND_POLYGON]
    assert list(a["part_rings"]) == [0, 1, 3]  # one ring, then exterior and hole
    # Rings are not closed: 4 vertices each, the first not repeated.
    assert list(a["ring_vertices"]) == [0, 4, 8, 12]
    (back,) = d.geometries()
    assert_geometries_equal(
        shapely.normalize(GeometryCollection(list(multi.geoms))), shapely.normalize(back)
    )
    assert back.geoms[1].interiors[0].coords[0] == pytest.approx((34.402, 31.402))


def test_exteriors_counter_clockwise_and_holes_clockwise():
    clockwise = Polygon(
        list(SQUARE_WITH_HOLE.exterior.coords)[::-1],
        [list(SQUARE_WITH_HOLE.interiors[0].coords)[::-1]],
    )
    (back,) = decoded(layer([clockwise])).geometries()
    assert back.exterior.is_ccw and not back.interiors[0].is_ccw


def test_points_lines_and_collections():
    shapes = [
        Point(34.35, 31.35),
        LineString([(34.30, 31.30), (34.32, 31.33)]),
        GeometryCollection([Point(34.33, 31.33), LineString([(34.3, 31.3), (34.31, 31.3)])]),
    ]
    d = decoded(layer(shapes))
    assert list(d.arrays["part_kind"]) == [KIND_POINT, KIND_LINE, KIND_POINT, KIND_LINE]
    back = d.geometries()
    assert back[0].equals_exact(shapes[0], GRID_DEGREES)
    assert back[1].equals_exact(shapes[1], GRID_DEGREES)
    assert len(back[2].geoms) == 2


def test_empty_geometries_are_dropped_with_their_properties():
    d = decoded(layer([box(34.3, 31.3, 34.31, 31.31), Polygon(), Point(34.4, 31.4)]))
    assert d.header["count"] == 2
    assert d.properties["name"] == ["F0", "F2"]
    assert d.properties["fid"] == ["up:0", "up:2"]


def test_boxes_origin_and_compact_coordinates():
    d = decoded(layer([box(34.30, 31.30, 34.31, 31.31), box(34.40, 31.40, 34.42, 31.41)]))
    assert d.header["origin"] == [3_430_000, 3_130_000]  # grid steps of the south-west corner
    assert d.arrays["coords"].dtype == np.uint16  # Gaza fits in 65,535 steps of 1e-5
    assert d.arrays["bbox"].reshape(-1, 4).tolist() == [
        [0, 0, 1000, 1000],
        [10000, 10000, 12000, 11000],
    ]
    wide = decoded(layer([box(30.0, 30.0, 30.01, 30.01), box(34.4, 31.4, 34.41, 31.41)]))
    assert wide.arrays["coords"].dtype == np.uint32
    assert wide.geometries()[1].equals_exact(box(34.4, 31.4, 34.41, 31.41), GRID_DEGREES)


def test_sections_are_aligned_and_described_by_the_header():
    payload = encode_frame(display_frame(layer([SQUARE_WITH_HOLE]), ["name"])).payload
    assert payload[:4] == MAGIC
    (length,) = struct.unpack_from("<I", payload, 4)
    header = json.loads(payload[8 : 8 + length])
    for dtype, offset, count in header["sections"].values():
        assert offset % 4 == 0 and offset >= 8 + length
        assert offset + count * {"u8": 1, "u16": 2, "u32": 4}[dtype] <= len(payload)


def test_styles_by_zone_and_kind():
    gdf = layer(
        [box(34.3, 31.3, 34.31, 31.31)] * 3,
        zone=["retained", None, "retained"],
        kind=[None, "corridor", None],
    )
    d = decoded(gdf)
    styles = d.header["styles"]
    assert [styles[i] for i in d.arrays["style"]] == ["retained||", "|corridor|", "retained||"]


def test_properties_are_escaped_like_the_geojson():
    gdf = layer(
        [box(34.3, 31.3, 34.31, 31.31), Point(34.4, 31.4)],
        name=[HOSTILE, "ok"],
        **{HOSTILE: ["x", "y"]},
    )
    fields = ("name", HOSTILE, "fid")
    text_layer = browser_geojson(gdf, fields, binary=True)
    d = decode_payload(text_layer.binary.payload)
    geojson = text_layer.as_dict()["features"]
    for i, feature in enumerate(geojson):
        assert {k: v[i] for k, v in d.properties.items()} == feature["properties"]
    assert d.properties["name"][0] == "&lt;img src=x onerror=alert(1)&gt;"
    raw = text_layer.binary.payload
    assert b"<img" not in raw and b"<" not in raw[raw.index(b'{"columns"') :]


def test_columns_are_encoded_compactly():
    n = 40
    gdf = layer(
        [Point(34.3 + i * 1e-3, 31.3) for i in range(n)],
        kind=["school", "house"] * (n // 2),
        name=[f"N{i}" for i in range(n)],
    )
    payload = encode_frame(display_frame(gdf, ["name", "kind", "fid"])).payload
    (length,) = struct.unpack_from("<I", payload, 4)
    dtype, offset, count = json.loads(payload[8 : 8 + length])["sections"]["properties"]
    raw = json.loads(payload[offset : offset + count])
    by_name = dict(zip(raw["columns"], raw["values"], strict=True))
    assert by_name["kind"]["values"] == ["school", "house"]  # a dictionary
    assert by_name["fid"]["prefix"] == "up:"  # a shared prefix
    assert isinstance(by_name["name"], list)
    d = decode_payload(payload)
    assert d.properties["kind"] == ["school", "house"] * (n // 2)
    assert d.properties["fid"] == [f"up:{i}" for i in range(n)]


def test_an_empty_layer_is_a_valid_payload():
    d = decoded(layer([]))
    assert d.header["count"] == 0 and d.geometries() == []


def test_binary_copy_is_much_smaller_than_the_geojson_text():
    rng = np.random.default_rng(2)
    xy = rng.uniform([34.3, 31.3], [34.5, 31.5], (2000, 2))
    shapes = [shapely.buffer(Point(x, y), 1e-4, quad_segs=5) for x, y in xy]
    browser = browser_geojson(layer(shapes), ["name"], binary=True)
    assert len(browser.binary.payload) < len(browser.payload) / 3
    assert browser.binary.count == browser.count == 2000


def test_served_at_keeps_the_digest():
    browser = browser_geojson(layer([SQUARE_WITH_HOLE]), ["name"], binary=True)
    served = browser.binary_served_at("/media/x.bin")
    assert served.binary.url == "/media/x.bin"
    assert served.binary.digest == browser.binary.digest and served.digest == browser.digest
    with pytest.raises(ValueError, match="no binary"):
        browser_geojson(layer([SQUARE_WITH_HOLE])).binary_served_at("/x")


# --- polygons laid out from flat arrays: the same payload as the general path --------------


def buildings(count: int, seed: int = 7) -> list:
    """Irregular polygons, some clockwise, some with a hole, some in pairs."""
    rng = np.random.default_rng(seed)
    shapes = []
    for i in range(count):
        x, y = 34.3 + rng.random() * 0.2, 31.3 + rng.random() * 0.2
        angles = np.sort(rng.random(rng.integers(4, 30)) * 2 * np.pi)
        radius = 1e-4 * (1 + rng.random(len(angles)))
        ring = np.c_[x + radius * np.cos(angles), y + radius * np.sin(angles)]
        shape = Polygon(ring[::-1] if i % 3 == 0 else ring)  # some clockwise
        if i % 5 == 0:  # a hole drawn counter-clockwise (the wrong way round)
            shape = Polygon(shape.exterior.coords, [shape.centroid.buffer(2e-5).exterior.coords])
        if i % 7 == 0:
            shape = MultiPolygon([shape, box(x + 1e-3, y, x + 1.2e-3, y + 2e-4)])
        shapes.append(shape)
    return shapes


@pytest.mark.parametrize(
    "shapes",
    [
        buildings(300),
        [SQUARE_WITH_HOLE, box(34.3, 31.3, 34.31, 31.31)],  # polygons only
        [MultiPolygon([SQUARE_WITH_HOLE, Polygon()]), Polygon(), SQUARE_WITH_HOLE],  # empties
    ],
)
def test_polygon_layout_is_the_general_layout(shapes, monkeypatch):
    from dashboard.browser import binary_geometry

    frame = display_frame(layer(shapes), ("name", "fid"), grid=None)
    fast = encode_frame(frame)
    monkeypatch.setattr(binary_geometry, "_polygon_layout", lambda geoms: None)
    general = encode_frame(frame)
    assert fast.payload == general.payload
    assert binary_geometry._polygon_layout(frame.geometry.to_numpy()) is None  # patched
    monkeypatch.undo()
    assert binary_geometry._polygon_layout(frame.geometry.to_numpy()) is not None


def test_only_polygonal_layers_take_the_polygon_layout():
    from dashboard.browser.binary_geometry import _polygon_layout

    assert _polygon_layout(np.array([SQUARE_WITH_HOLE, Point(34.4, 31.4)])) is None
    assert _polygon_layout(np.array([], dtype=object)) is None
    laid = _polygon_layout(np.array([SQUARE_WITH_HOLE]))
    assert laid.ring_sizes.tolist() == [4, 4] and laid.kinds.tolist() == [KIND_POLYGON]


# --- laid out a run of features at a time: the same payload as all at once ----------------


@pytest.mark.parametrize("rows", [1, 2, 7, 299, 300, 20_000])
def test_runs_of_features_make_the_payload_of_the_whole_layer(rows):
    shapes = [*buildings(300), Point(34.45, 31.45), LineString([(34.3, 31.3), (34.31, 31.32)])]
    frame = display_frame(layer(shapes), ("name", "fid"), grid=None)
    whole = encode_frame(frame, rows=len(frame))
    assert encode_frame(frame, rows=rows).payload == whole.payload


def test_features_without_vertices_are_left_out_in_any_run():
    shapes = [SQUARE_WITH_HOLE, Polygon(), box(34.3, 31.3, 34.31, 31.31), Polygon()]
    frame = display_frame(layer(shapes), ("name", "fid"), grid=None)
    for rows in (1, 2, 3, 4):
        back = decode_payload(encode_frame(frame, rows=rows).payload)
        assert back.header["count"] == 2 and back.properties["name"] == ["F0", "F2"]
        assert back.arrays["bbox"].reshape(-1, 4)[:, 0].min() == 0  # from the layer's origin


def test_a_layer_across_the_world_keeps_its_coordinates():
    far = [SQUARE_WITH_HOLE, box(-170.0, -80.0, -169.99, -79.99)]  # 20 million steps apart
    frame = display_frame(layer(far), ("name", "fid"), grid=None)
    back = decode_payload(encode_frame(frame, rows=1).payload)
    assert back.header["sections"]["coords"][0] == "u32"
    assert np.allclose(back.lonlat().min(axis=0), [-170.0, -80.0])
    assert np.allclose(back.lonlat().max(axis=0), [34.41, 31.41])
