"""dashboard.intake.geoparquet_metadata: a damaged ``geo`` metadata gets a message that says
what is wrong, never only an exception's class (the review saw "(AttributeError)")."""

from __future__ import annotations

import pyarrow as pa
import pytest
import shapely

from dashboard.intake.user_files import read_geodata
from dashboard.messages import GeodataError, language_of
from tests.data.make_hostile_files import geoparquet_with_geo

WKB_POINT = shapely.to_wkb(shapely.Point(34.4, 31.4))
POINTS = pa.array([WKB_POINT], pa.binary())
GEO = {"version": "1.0.0", "primary_column": "geometry", "columns": {"geometry": {}}}


def geo(**column) -> dict:
    return {**GEO, "columns": {"geometry": {"encoding": "WKB", **column}}}


def refusal(data: bytes) -> str:
    with pytest.raises(GeodataError) as caught:
        read_geodata(data, "damaged.parquet")
    return str(caught.value).replace("\u2068", "").replace("\u2069", "")


@pytest.mark.parametrize(
    ("metadata", "column", "problem"),
    [
        (b"not json", POINTS, "it is not valid JSON"),
        ([1, 2], POINTS, "it names no geometry column"),  # was (AttributeError)
        ({"version": "1.0.0", "columns": {}}, POINTS, "it names no geometry column"),
        ({**GEO, "columns": [1]}, POINTS, "it names no geometry column"),
        ({**GEO, "primary_column": "geom"}, POINTS, "is not stored as its encoding (none) says"),
        ({**geo(), "primary_column": "geom"}, POINTS, "the geometry column geom is not in"),
        (
            {**GEO, "columns": {"shape": {"encoding": "WKB"}}},
            POINTS,
            "the geometry column shape is not in the table",
        ),
        (geo(encoding="point"), POINTS, "is not stored as its encoding (point) says"),
        (geo(), pa.array([1, 2]), "geometry column geometry is not stored as its encoding (WKB)"),
        (geo(), pa.array(["POINT (1 2)"]), "is not stored as its encoding (WKB) says"),
    ],
)
def test_damaged_metadata_is_named(metadata, column, problem):
    text = refusal(geoparquet_with_geo(metadata, column))
    assert text.startswith("damaged.parquet: the GeoParquet metadata does not describe the file")
    assert problem in text
    assert "Error" not in text and "Exception" not in text


def test_a_geometry_that_is_not_wkb_says_so():
    text = refusal(geoparquet_with_geo(geo(), pa.array([b"\x01\x02garbage"], pa.binary())))
    assert text.startswith("damaged.parquet: the geometry of feature 1 is damaged")
    assert "(GEOSException)" not in text


def test_a_good_file_is_read_and_arabic_messages_exist():
    loaded = read_geodata(geoparquet_with_geo(geo(), POINTS), "good.parquet")
    assert len(loaded.gdf) == 1
    with language_of("ar"):
        text = refusal(geoparquet_with_geo([1], POINTS))
    assert "GeoParquet" in text and "geometry" not in text
