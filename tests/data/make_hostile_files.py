"""Write the hostile samples of tests/data/hostile/: ``python tests/data/make_hostile_files.py``.

Each file reproduces one finding of the security review (issue "Hostile files, part
two"); tests/data/README.md lists them and tests/unit/intake/test_hostile_files.py
refuses each.
Samples that must name a local web server's port are built by the tests instead, and so
are those of part three (issue 19: bombs of GeoParquet, FlatGeobuf and GeoJSON, and a
GeoParquet that crashes GEOS), with the functions below, into a temporary folder: never
large files in the repository.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent / "hostile"

# A GDAL virtual dataset that turns the server's password file into features.
VRT_LOCAL_FILE = (
    "<OGRVRTDataSource>\n"
    ' <OGRVRTLayer name="secrets">\n'
    "  <SrcDataSource>CSV:/etc/passwd</SrcDataSource>\n"
    " </OGRVRTLayer>\n"
    "</OGRVRTDataSource>\n"
)
WGS84_WKT = (
    'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
    'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'
)
PRJ = {
    # The Moon (IAU 2015 code 30100): not the Earth.
    "moon": (
        'GEOGCS["Moon 2015",DATUM["Moon_2015",SPHEROID["Moon_2015",1737400,0]],'
        'PRIMEM["Reference_Meridian",0],UNIT["degree",0.0174532925199433]]'
    ),
    # A local engineering system: metres on a plane tied to nothing.
    "engineering": 'LOCAL_CS["Site grid",LOCAL_DATUM["Site",0],UNIT["metre",1]]',
    # A sphere one metre across.
    "tiny_ellipsoid": (
        'GEOGCS["Tiny",DATUM["Tiny",SPHEROID["Tiny",1,0]],PRIMEM["Greenwich",0],'
        'UNIT["degree",0.0174532925199433]]'
    ),
}


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def point_shapefile(prj: str | None) -> dict[str, bytes]:
    """The files of a one-point shapefile (in memory), with ``prj`` as its .prj."""
    import geopandas as gpd
    from shapely.geometry import Point

    out: dict[str, bytes] = {}
    with __import__("tempfile").TemporaryDirectory() as tmp:
        path = Path(tmp) / "site.shp"
        gpd.GeoDataFrame({"name": ["a"]}, geometry=[Point(34.4, 31.4)]).to_file(path)
        for part in Path(tmp).iterdir():
            if part.suffix != ".prj":
                out[part.name] = part.read_bytes()
    if prj is not None:
        out["site.prj"] = prj.encode()
    return out


def star_polygon(vertices: int) -> dict:
    """A five-point star traced over itself until it has ``vertices`` vertices."""
    angles = np.arange(5) * 4 * np.pi / 5
    star = np.column_stack([34.4 + 0.01 * np.sin(angles), 31.4 + 0.01 * np.cos(angles)])
    ring = np.vstack([np.tile(star, (vertices // 5, 1)), star[:1]]).round(6).tolist()
    return {"type": "Polygon", "coordinates": [ring]}


def flatgeobuf_without_layer(features: int = 0) -> bytes:
    """A FlatGeobuf cut short inside its header: GDAL lists no layer in it (the review's
    "(IndexError)"). ``features`` > 0 cuts a file that had that many points."""
    import geopandas as gpd
    import pyogrio
    from shapely.geometry import Point

    points = [Point(34.4 + i / 1000, 31.4) for i in range(features)]
    gdf = gpd.GeoDataFrame({"name": [f"p{i}" for i in range(features)]}, geometry=points)
    buffer = io.BytesIO()
    pyogrio.write_dataframe(gdf.set_crs("EPSG:4326"), buffer, driver="FlatGeobuf", layer="x")
    return buffer.getvalue()[:12]  # the magic bytes and the header's length, no header


def geoparquet_with_geo(geo: object, column: object) -> bytes:
    """A Parquet file of one column ``geometry`` (a pyarrow array) whose ``geo`` metadata is
    ``geo`` (JSON-encoded unless bytes): GeoPandas fails on a wrong one with an exception
    that says nothing ("(AttributeError)", "(GEOSException)" in the review)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    metadata = geo if isinstance(geo, bytes) else json.dumps(geo).encode()
    table = pa.table({"geometry": column}).replace_schema_metadata({"geo": metadata})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def feature(geometry: dict, **props) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry}


# --- samples of the review's part three (issue 19), made by the tests into a folder ------
# Each takes the sizes as arguments: the tests make small ones against lowered limits,
# bench/hostile.py the review's own.


def nested_collections_wkb(depth: int) -> bytes:
    """One point inside ``depth`` GeometryCollections, each holding the next (WKB)."""
    collection_header = b"\x01" + struct.pack("<II", 7, 1)  # little-endian, type 7, 1 member
    point = b"\x01" + struct.pack("<Idd", 1, 34.4, 31.4)
    return collection_header * depth + point


def _write_geoparquet(path: Path, columns: dict, geometry, **options) -> Path:
    """A GeoParquet file of ``columns`` and a WKB ``geometry`` column (EPSG:4326)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    geo = {
        "version": "1.1.0",
        "primary_column": "geometry",
        "columns": {"geometry": {"encoding": "WKB", "geometry_types": []}},
    }
    table = pa.table({**columns, "geometry": geometry})
    # Without Arrow's own schema a reader sees plain text and binary columns, as in a file
    # written by any other tool, whatever the pages' encoding.
    with pq.ParquetWriter(
        path, table.schema, compression="zstd", store_schema=False, **options
    ) as writer:
        writer.write_table(table)
        writer.add_key_value_metadata({"geo": json.dumps(geo)})
    return path


def deep_collection_parquet(path: Path, depth: int = 20_000) -> Path:
    """A 1 KB GeoParquet whose one geometry nests ``depth`` collections: GEOS's reader
    overflows its stack on it (a segmentation fault) from about 15,000 levels."""
    import pyarrow as pa

    return _write_geoparquet(
        path, {"name": ["deep"]}, pa.array([nested_collections_wkb(depth)], pa.binary())
    )


def dictionary_geometry_parquet(path: Path, vertices: int = 400_000, rows: int = 100) -> Path:
    """One polygon of ``vertices`` vertices, dictionary-encoded on ``rows`` rows: a few KB
    that decode to ``rows`` copies of it."""
    import pyarrow as pa
    import shapely

    ring = np.column_stack(
        [
            34.4 + 0.01 * np.cos(np.linspace(0, 2 * np.pi, vertices)),
            31.4 + 0.01 * np.sin(np.linspace(0, 2 * np.pi, vertices)),
        ]
    )
    ring[-1] = ring[0]
    wkb = shapely.to_wkb(shapely.Polygon(ring))
    return _write_geoparquet(path, {"name": ["big"] * rows}, _repeated(wkb, rows, pa.binary()))


def _repeated(value, rows: int, kind):
    """``value`` on ``rows`` rows, held once (a dictionary), written as one dictionary page."""
    import pyarrow as pa

    codes = pa.array(np.zeros(rows, np.int32))
    return pa.DictionaryArray.from_arrays(codes, pa.array([value], kind))


def _points_wkb(rows: int):
    import pyarrow as pa
    import shapely

    x = 34.3 + 0.2 * np.arange(rows) / max(rows, 1)
    return pa.array(shapely.to_wkb(shapely.points(x, np.full(rows, 31.4))), pa.binary())


def null_columns_parquet(path: Path, columns: int = 300, rows: int = 200_000) -> Path:
    """``columns`` integer columns with no value at all on ``rows`` points (179 KB)."""
    import pyarrow as pa

    empty = {f"c{i}": pa.nulls(rows, pa.int64()) for i in range(columns)}
    return _write_geoparquet(path, empty, _points_wkb(rows))


def dictionary_text_parquet(path: Path, chars: int = 100_000, rows: int = 200_000) -> Path:
    """One text of ``chars`` characters, dictionary-encoded on ``rows`` points (2 KB)."""
    import pyarrow as pa

    text = _repeated("x" * chars, rows, pa.string())
    return _write_geoparquet(path, {"note": text}, _points_wkb(rows))


def null_columns_fgb(path: Path, columns: int = 300, features: int = 200_000) -> Path:
    """A FlatGeobuf declaring ``columns`` integer fields, empty on ``features`` points
    (13 MB for the review's sizes)."""
    import geopandas as gpd
    import pandas as pd

    x = 34.3 + 0.2 * np.arange(features) / max(features, 1)
    none = pd.arrays.IntegerArray(np.zeros(features, np.int64), np.ones(features, bool))
    empty = pd.DataFrame({f"c{i}": none for i in range(columns)})
    gdf = gpd.GeoDataFrame(empty, geometry=gpd.points_from_xy(x, np.full(features, 31.4)))
    gdf.set_crs("EPSG:4326").to_file(path, driver="FlatGeobuf", engine="pyogrio", use_arrow=True)
    return path


def sparse_keys_geojson(path: Path, keys: int = 300, features: int = 100_000) -> Path:
    """A GeoJSON whose first feature has ``keys`` properties and the others none: GDAL
    gives every feature every field."""
    first = feature(
        {"type": "Point", "coordinates": [34.4, 31.4]}, **{f"k{i}": i for i in range(keys)}
    )
    rest = (
        '{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[34.4,31.4]}}'
    )
    with path.open("w") as handle:
        handle.write('{"type":"FeatureCollection","features":[' + json.dumps(first))
        for _ in range(features - 1):
            handle.write("," + rest)
        handle.write("]}")
    return path


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for suffix in (".geojson", ".json", ".kml", ".gpkg"):
        (HERE / f"vrt_local_file{suffix}").write_text(VRT_LOCAL_FILE)
    (HERE / "vrt_local_file.zip").write_bytes(
        zip_bytes({"export/zones.geojson": VRT_LOCAL_FILE.encode()})
    )
    (HERE / "vrt_local_file_kml.zip").write_bytes(zip_bytes({"zones.kml": VRT_LOCAL_FILE.encode()}))
    (HERE / "star_10k.geojson").write_text(
        json.dumps(collection(feature(star_polygon(10_000), name="star")), separators=(",", ":"))
    )
    (HERE / "nan_vertex.geojson").write_text(
        '{"type":"FeatureCollection","features":['
        '{"type":"Feature","properties":{"name":"nan"},"geometry":{"type":"Polygon",'
        '"coordinates":[[[34.40,31.40],[34.41,31.40],[34.41,NaN],[34.40,31.41],[34.40,31.40]]]}},'
        '{"type":"Feature","properties":{"name":"fine"},"geometry":{"type":"Point",'
        '"coordinates":[34.42,31.42]}}]}'
    )
    depth = 100_000
    (HERE / "deep_nesting.geojson").write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
        '"geometry":{"type":"Polygon","coordinates":' + "[" * depth + "]" * depth + "}}]}"
    )
    for name, prj in PRJ.items():
        (HERE / f"{name}_crs.zip").write_bytes(zip_bytes(point_shapefile(prj)))
    deep = "/".join(["d" * 200] * 30) + "/zones.geojson"
    (HERE / "deep_folders.zip").write_bytes(zip_bytes({deep: b"{}"}))
    (HERE / "dir_conflict.zip").write_bytes(
        zip_bytes({"dir": b"a file", "dir/zones.geojson": b"{}"})
    )
    # Features whose type is written with a JSON escape: invisible to a byte count.
    escaped = ",".join(
        '{"type":"Fea\\u0074ure","properties":{},"geometry":'
        f'{{"type":"Point","coordinates":[34.4{i:03d},31.4]}}}}'
        for i in range(300)
    )
    (HERE / "escaped_feature_type.geojson").write_text(
        '{"type":"FeatureCollection","features":[' + escaped + "]}"
    )
    (HERE / "long_text.geojson").write_text(
        json.dumps(
            collection(
                feature({"type": "Point", "coordinates": [34.4, 31.4]}, note="<b>" * 400_000)
            )
        )
    )
    (HERE / "wfs_exception.geojson").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1" version="2.0.0">\n'
        ' <ows:Exception exceptionCode="InvalidParameterValue" locator="typeName">\n'
        "  <ows:ExceptionText>Feature type gaza:zones unknown</ows:ExceptionText>\n"
        " </ows:Exception>\n"
        "</ows:ExceptionReport>\n"
    )


if __name__ == "__main__":
    main()
