"""dashboard.intake.user_files: read_geodata gives every kind of bad input a clear message
and returns good input normalised.

The checks it delegates have their own files beside this one (zip archives, CRS, repair,
properties, file formats); the security review's samples are in test_hostile_files.py.
"""

from __future__ import annotations

import json

import pytest

from dashboard.intake.user_files import LayerChoiceRequired, Limits, read_geodata
from dashboard.messages import AxesSwapped, GeodataError, isolate, without_isolates
from tests.conftest import DATA
from tests.conftest import read_data as read


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("not_json.geojson", "is not valid JSON"),
        ("truncated.geojson", "ends too early (truncated?)"),
        ("not_geojson.json", "is JSON but not GeoJSON"),
        ("empty_collection.geojson", "has no features"),
        ("no_geometry.geojson", "none of its 2 features has a geometry"),
        ("not_a_map.gpkg", "GDAL cannot read this file as GeoPackage"),
        ("no_vector_layer.zip", "holds no vector data"),
        ("two_layers.gpkg", "holds 2 layers (zones, towns); choose one"),
    ],
)
def test_refused_with_a_message_that_says_why(name, expected):
    with pytest.raises(GeodataError) as info:
        read(name)
    message = str(info.value)
    assert message.startswith(isolate(name))
    assert expected in without_isolates(message)


def test_unsupported_extension():
    with pytest.raises(GeodataError, match="'\u2068.csv\u2069' are not supported"):
        read_geodata(b"a,b\n1,2\n", "towns.csv")


def test_size_limit_names_limit_and_size():
    data = (DATA / "valid_zones.geojson").read_bytes()
    with pytest.raises(GeodataError, match=r"the file is 0\.0 MB, over the limit of 0\.0 MB"):
        read_geodata(data, "big.geojson", limits=Limits(max_bytes=100))


def test_feature_and_vertex_limits():
    data = (DATA / "valid_zones.geojson").read_bytes()
    with pytest.raises(GeodataError, match="2 features, over the limit of 1"):
        read_geodata(data, "z.geojson", limits=Limits(max_features=1))
    with pytest.raises(GeodataError, match="10 vertices, over the limit of 5"):
        read_geodata(data, "z.geojson", limits=Limits(max_vertices=5))


def test_valid_geojson_is_read_as_is():
    loaded = read("valid_zones.geojson")
    assert list(loaded.gdf["zone"]) == ["withdrawal", "retained"]
    assert loaded.gdf.crs.to_epsg() == 4326
    assert loaded.messages == []
    assert loaded.name == "valid_zones" and len(loaded.content_hash) == 64


def test_layers_of_a_geopackage():
    with pytest.raises(LayerChoiceRequired) as info:
        read("two_layers.gpkg")
    assert info.value.layers == ["zones", "towns"]
    loaded = read("two_layers.gpkg", layer="towns")
    assert loaded.gdf.geom_type.tolist() == ["Point"] and "towns" in loaded.name
    with pytest.raises(GeodataError) as info:
        read("two_layers.gpkg", layer="roads")
    assert "there is no layer 'roads'. Layers: zones, towns" in without_isolates(str(info.value))


def test_kml():
    loaded = read("zones.kml")
    assert len(loaded.gdf) == 2 and "West square" in set(loaded.gdf["Name"])


def test_swapped_axes_detected_and_fixed():
    with pytest.raises(AxesSwapped, match="latitude and longitude look swapped"):
        read("swapped_axes.geojson")
    loaded = read("swapped_axes.geojson", swap_axes=True)
    x, y = loaded.gdf.geometry.iloc[0].exterior.coords[0]
    assert (x, y) == pytest.approx((34.35, 31.40))


def test_other_country_warned_with_distance():
    loaded = read("other_country.geojson")
    (warning,) = loaded.messages
    assert warning.level == "warning"
    assert "outside the Gaza region, about 3,2" in warning.text  # Paris: ~3,285 km


def test_unclosed_ring_closed_and_reported():
    loaded = read("unclosed_ring.geojson")
    assert loaded.gdf.geometry.iloc[0].is_valid
    assert "were not closed" in loaded.messages[0].text


def test_hostile_text_is_read_verbatim():
    loaded = read("hostile.geojson")
    assert "<img src=x" in loaded.gdf.loc[0, "name"]  # kept as data; escaped when shown


# --- names in messages ----------------------------------------------------------------------

ARABIC_NAME = "مناطق غزة 2025.geojson"


def test_file_derived_names_are_isolated_in_messages():
    """An Arabic file name, layer name or feature name cannot reorder the English text."""
    with pytest.raises(GeodataError) as info:
        read_geodata((DATA / "truncated.geojson").read_bytes(), ARABIC_NAME)
    assert str(info.value).startswith(f"\u2068{ARABIC_NAME}\u2069: the file ends too early")
    with pytest.raises(LayerChoiceRequired) as info:
        read("two_layers.gpkg")
    assert "(\u2068zones\u2069, \u2068towns\u2069)" in str(info.value)
    loaded = read_geodata((DATA / "self_intersecting.geojson").read_bytes(), ARABIC_NAME)
    assert loaded.messages[0].text.startswith(isolate(ARABIC_NAME) + ": 1 invalid geometry")
    assert "#0 ('\u2068Bow tie\u2069')" in loaded.messages[0].text


def test_a_truncated_text_is_reported_without_a_doubled_word():
    data = (
        b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "We'
    )
    with pytest.raises(GeodataError) as info:
        read_geodata(data, "cut.geojson")
    message = without_isolates(str(info.value))
    assert "ends too early (truncated?): Unterminated string starting at line 1, column" in message
    assert "at at" not in message


# --- bytes handed over: let go of before parsing, handed back for a choice ------------------


def test_handed_over_bytes_are_let_go_and_read_the_same(tmp_path):
    from dashboard.intake.user_files import Handover

    data = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"name": "a"},
                    "geometry": {"type": "Point", "coordinates": [34.45, 31.45]},
                }
            ],
        }
    ).encode()
    handover = Handover(data)
    loaded = read_geodata(handover, "f.geojson")
    assert handover.data == b""  # let go of
    plain = read_geodata(data, "f.geojson")
    assert loaded.content_hash == plain.content_hash
    assert loaded.gdf.equals(plain.gdf)


def test_handed_over_bytes_come_back_when_a_choice_is_needed():
    from dashboard.intake.user_files import Handover

    projected = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {},
                    "geometry": {"type": "Point", "coordinates": [31.45, 34.45]},
                }
            ],
        }
    ).encode()
    handover = Handover(projected)
    with pytest.raises(AxesSwapped):
        read_geodata(handover, "swapped.geojson")
    assert handover.data == projected  # for the next read, with the user's choice
    assert read_geodata(Handover(handover.data), "swapped.geojson", swap_axes=True).gdf.size


@pytest.mark.parametrize("rows", [1, 2, 3, 10_000])
def test_features_with_coordinates_not_numbers_are_found_in_any_run(rows):
    import warnings

    import numpy as np
    import shapely

    from dashboard.intake.geometry_checks import rows_not_finite

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # shapely's note on NaN rings
        geoms = np.array(
            [
                shapely.box(34.3, 31.3, 34.31, 31.31),
                shapely.Polygon([(34.3, 31.3), (float("nan"), 31.3), (34.31, 31.31)]),
                shapely.Point(34.4, 31.4),
                shapely.LineString([(34.3, 31.3), (34.3, float("inf"))]),
                shapely.Point(float("nan"), 1.0),
            ]
        )
    assert rows_not_finite(geoms, rows).tolist() == [1, 3, 4]
    assert rows_not_finite(geoms[[0, 2]], rows).tolist() == []
    assert rows_not_finite(geoms[:0], rows).tolist() == []
