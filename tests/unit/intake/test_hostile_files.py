"""Hostile files (security review, part two): read_geodata refuses or defuses each, quickly.

A story across the intake modules, kept in one file: one test per finding. Tests of one
module that came from the review live with that module (GDAL drivers in
test_gdal_safety.py, the private upload folder in test_scratch.py, the command line's
messages in tests/unit/test_cli.py).

Every sample is in tests/data/hostile/ (made by make_hostile_files.py) or, when it must
name a local web server's port, built here. A web server on the loopback stands for
"anywhere on the network": it must receive no request at all.
"""

from __future__ import annotations

import http.server
import threading
import time

import geopandas as gpd
import pytest
from shapely.geometry import Point

from dashboard.intake.user_files import Limits, read_geodata
from dashboard.messages import CrsRequired, GeodataError
from tests.conftest import DATA, zip_of
from tests.data.make_hostile_files import (
    flatgeobuf_without_layer,
    null_columns_fgb,
    sparse_keys_geojson,
)

HOSTILE = DATA / "hostile"


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the standard library's name
        self.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"name,lon,lat\nsecret,34.4,31.4\n")

    do_HEAD = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def web_server():
    """A web server on the loopback that records every request it gets."""
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.requests
    server.shutdown()


def one_point(properties: str) -> bytes:
    """A FeatureCollection of one point whose properties are the JSON text given."""
    return (
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
        + properties
        + ',"geometry":{"type":"Point","coordinates":[34.4,31.4]}}]}'
    ).encode()


def vrt(source: str) -> bytes:
    return (
        f'<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>{source}</SrcDataSource>'
        "</OGRVRTLayer></OGRVRTDataSource>"
    ).encode()


@pytest.mark.parametrize(
    "name",
    [
        "vrt_local_file.geojson",
        "vrt_local_file.json",
        "vrt_local_file.kml",
        "vrt_local_file.gpkg",
        "vrt_local_file.zip",
        "vrt_local_file_kml.zip",
    ],
)
def test_vrt_reading_a_server_file_is_refused(name):
    with pytest.raises(GeodataError, match="GDAL virtual dataset") as info:
        read_geodata((HOSTILE / name).read_bytes(), name)
    assert "root:" not in str(info.value)


@pytest.mark.parametrize("suffix", [".geojson", ".json", ".kml", ".gpkg", ".zip"])
def test_vrt_fetching_a_url_is_refused_without_a_request(web_server, suffix):
    url, requests = web_server
    content = vrt(f"/vsicurl/{url}/data.csv")
    data = zip_of({"zones.geojson": content, "z.kml": content}) if suffix == ".zip" else content
    with pytest.raises(GeodataError):
        read_geodata(data, f"remote{suffix}", layer="zones.geojson" if suffix == ".zip" else None)
    assert requests == []


def test_geojson_crs_link_is_not_fetched(web_server):
    url, requests = web_server
    doc = (
        '{"type":"FeatureCollection","crs":{"type":"link","properties":{"href":"'
        + url
        + '/crs.wkt","type":"ogcwkt"}},"features":[{"type":"Feature","properties":{},'
        '"geometry":{"type":"Point","coordinates":[34.4,31.4]}}]}'
    ).encode()
    started = time.perf_counter()
    for data, name in ((doc, "link.geojson"), (zip_of({"link.geojson": doc}), "link.zip")):
        loaded = read_geodata(data, name)
        assert len(loaded.gdf) == 1
    assert requests == []
    assert time.perf_counter() - started < 5


def test_star_polygon_refused_quickly_without_repair():
    started = time.perf_counter()
    with pytest.raises(GeodataError, match="crosses itself more than 20,000 times"):
        read_geodata((HOSTILE / "star_10k.geojson").read_bytes(), "star_10k.geojson")
    assert time.perf_counter() - started < 10  # a minute and 6 GB before the fix


def test_ordinary_self_intersections_are_still_repaired():
    loaded = read_geodata((DATA / "self_intersecting.geojson").read_bytes(), "s.geojson")
    assert loaded.gdf.is_valid.all()
    assert "repaired" in loaded.messages[0].text


def test_escaped_feature_type_cannot_dodge_the_feature_limit():
    data = (HOSTILE / "escaped_feature_type.geojson").read_bytes()
    assert data.count(b'"Feature"') == 0
    # GDAL's header counts them all, before any feature is read.
    with pytest.raises(GeodataError, match="300 features, over the limit of 100"):
        read_geodata(data, "escaped.geojson", limits=Limits(max_features=100))


def test_long_texts_are_shortened_with_a_note():
    loaded = read_geodata((HOSTILE / "long_text.geojson").read_bytes(), "long_text.geojson")
    value = loaded.gdf.loc[0, "note"]
    assert len(value) == 2001 and value.endswith("…")
    assert "shortened" in loaded.messages[0].text


def test_many_properties_are_capped():
    props = ",".join(f'"p{i}":{i}' for i in range(300))
    loaded = read_geodata(one_point("{" + props + "}"), "wide.geojson")
    assert len(loaded.gdf.columns) == 201  # 200 properties and the geometry
    assert "300 properties" in loaded.messages[0].text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("moon_crs.zip", "is not the Earth's"),
        ("tiny_ellipsoid_crs.zip", "is not the Earth's"),
        ("engineering_crs.zip", "local engineering system"),
        ("deep_nesting.geojson", "nested far more deeply"),
        ("deep_folders.zip", "nests its files too deeply"),
        ("dir_conflict.zip", "a file and a folder of the same name"),
        ("wfs_exception.geojson", "error report from a web service"),
    ],
)
def test_odd_files_get_a_message_not_a_traceback(name, expected):
    with pytest.raises(GeodataError, match=expected):
        read_geodata((HOSTILE / name).read_bytes(), name)


def test_nan_vertex_feature_left_out():
    loaded = read_geodata((HOSTILE / "nan_vertex.geojson").read_bytes(), "nan.geojson")
    assert list(loaded.gdf["name"]) == ["fine"]
    assert "not numbers" in loaded.messages[0].text


@pytest.mark.parametrize("crs", ["+proj=longlat +R=1 +no_defs", "IAU_2015:30100", "EPSG:nope"])
def test_user_crs_that_is_not_the_earth_asks_again(crs):
    data = (DATA / "shapefile_without_prj.zip").read_bytes()
    with pytest.raises(CrsRequired):
        read_geodata(data, "no_prj.zip", crs=crs)


def test_valid_big_values_are_read_not_called_damaged():
    # GDAL's default object-size limit refused both as "may be damaged" before.
    def text(chars: int) -> bytes:
        return one_point('{"t":"' + "x" * chars + '"}')

    assert read_geodata(text(9_000_000), "long.geojson").gdf.loc[0, "t"].endswith("…")
    # Past about 10 million characters GDAL's JSON parser gives up: say so.
    with pytest.raises(GeodataError, match="longer than the GeoJSON reader accepts"):
        read_geodata(text(12_000_000), "longer.geojson")
    ring = ",".join(f"[{34.3 + i * 1e-7:.7f},31.4]" for i in range(200_000))
    polygon = (
        '{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[['
        + ring
        + ",[34.3,31.5],[34.3,31.4]]]}}"
    ).encode()
    assert len(read_geodata(polygon, "big_polygon.geojson").gdf) == 1


def test_one_limit_for_bytes_read_and_bytes_expanded():
    limits = Limits(max_bytes=1000, max_unzipped_bytes=1000)
    expanding = zip_of({"a.geojson": b" " * 1500})  # 1.5 kB inside a small zip
    assert len(expanding) < 1000
    with pytest.raises(GeodataError, match="would expand to"):
        read_geodata(expanding, "grows.zip", limits=limits)


# --- part three (issue 19): properties that cost memory before the cap ------------------


def test_empty_columns_of_a_flatgeobuf_are_refused_before_features_are_read(tmp_path):
    path = null_columns_fgb(tmp_path / "empty.fgb", columns=300, features=2_000)
    with pytest.raises(GeodataError, match=r"2,000 features × 200 properties = 400,000 values"):
        read_geodata(path.read_bytes(), "empty.fgb", limits=Limits(max_property_values=100_000))


def test_a_geojson_whose_first_feature_has_300_keys_is_refused(tmp_path):
    path = sparse_keys_geojson(tmp_path / "sparse.geojson", keys=300, features=2_000)
    limits = Limits(max_property_values=100_000)
    with pytest.raises(GeodataError, match=r"2,000 features × 200 properties"):
        read_geodata(path.read_bytes(), "sparse.geojson", limits=limits)
    # Within the budget: read, with the first 200 properties only (the others never read).
    loaded = read_geodata(path.read_bytes(), "sparse.geojson")
    assert len(loaded.gdf.columns) == 201
    assert "k199" in loaded.gdf.columns and "k200" not in loaded.gdf.columns
    assert any("300 properties; only the first 200" in m.text for m in loaded.messages)


@pytest.mark.parametrize("suffix", [".gpkg", ".fgb", ".geojson", ".zip"])
def test_every_gdal_format_reads_only_the_first_properties(tmp_path, suffix):
    gdf = gpd.GeoDataFrame(
        {f"c{i}": [i, i + 1] for i in range(12)},
        geometry=[Point(34.40, 31.40), Point(34.41, 31.41)],
        crs="EPSG:4326",
    )
    if suffix == ".zip":
        gdf.to_file(tmp_path / "sites.shp")
        data = zip_of({p.name: p.read_bytes() for p in tmp_path.glob("sites.*")})
    else:
        gdf.to_file(tmp_path / f"sites{suffix}")
        data = (tmp_path / f"sites{suffix}").read_bytes()
    loaded = read_geodata(data, f"sites{suffix}", limits=Limits(max_properties=5))
    assert [c for c in loaded.gdf.columns if c != "geometry"] == [f"c{i}" for i in range(5)]
    assert sorted(loaded.gdf["c4"]) == [4, 5]  # FlatGeobuf orders features by place


# --- part three (issue 19): refusals that named only an exception class -------------------


@pytest.mark.parametrize("features", [0, 3])
def test_a_flatgeobuf_without_a_layer_says_so(features):
    """GDAL lists no layer in a FlatGeobuf cut inside its header: it was "(IndexError)"."""
    with pytest.raises(GeodataError) as caught:
        read_geodata(flatgeobuf_without_layer(features), "cut.fgb")
    assert str(caught.value) == (
        "\u2068cut.fgb\u2069: GDAL finds no layer in this FlatGeobuf file (it may be cut short "
        "or damaged). Export it again."
    )


def test_a_reader_tripping_over_content_is_described_not_named(monkeypatch):
    """The last net: an exception class nobody foresaw becomes words, not its name."""
    import dashboard.intake.user_files as user_files

    def trips(*_args, **_kwargs):
        raise AttributeError("'list' object has no attribute 'get'")

    monkeypatch.setattr(user_files, "drop_unusable", trips)
    with pytest.raises(GeodataError) as caught:
        read_geodata((DATA / "valid_zones.geojson").read_bytes(), "zones.geojson")
    text = str(caught.value)
    assert "its content does not follow its format; it may be damaged or cut short" in text
    assert "AttributeError" not in text
