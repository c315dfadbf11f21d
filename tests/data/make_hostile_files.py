"""Write the hostile samples of tests/data/hostile/: ``python tests/data/make_hostile_files.py``.

Each file reproduces one finding of the security review (issue "Hostile files, part
two"); tests/data/README.md lists them and tests/unit/intake/test_hostile_files.py
refuses each.
Samples that must name a local web server's port are built by the tests instead.
"""

from __future__ import annotations

import io
import json
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


def collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def feature(geometry: dict, **props) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def deep_collection_geoparquet(depth: int = 20_000) -> bytes:
    """A GeoParquet of one WKB GeometryCollection nested ``depth`` deep around a point.

    About 1 KB compressed: GEOS's WKB reader recurses once per level and overflows the
    thread's stack (a segmentation fault) from about 15,000 levels. Never decode it in the
    test process.
    """
    import struct

    import pyarrow as pa
    import pyarrow.parquet as pq

    wkb = struct.pack("<BII", 1, 7, 1) * depth + struct.pack("<BIdd", 1, 1, 34.4, 31.4)
    geo = {
        "version": "1.0.0",
        "primary_column": "geometry",
        "columns": {"geometry": {"encoding": "WKB", "geometry_types": []}},
    }
    table = pa.table({"geometry": pa.array([wkb], pa.binary())})
    table = table.replace_schema_metadata({b"geo": json.dumps(geo).encode()})
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


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
