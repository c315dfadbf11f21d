"""dashboard.intake.geojson_stream: a GeoJSON read with one opening of GDAL's reader."""

from __future__ import annotations

import pandas as pd
import pyogrio
import pytest
import shapely

from dashboard.intake import geojson_stream
from dashboard.intake.geojson_stream import read_geojson
from dashboard.intake.properties import json_safe_columns
from dashboard.intake.user_files import Limits
from dashboard.messages import GeodataError
from tests.conftest import DATA
from tests.data.make_hostile_files import sparse_keys_geojson

HOSTILE = DATA / "hostile"


@pytest.fixture
def openings(monkeypatch):
    """The columns each opening of a GeoJSON asked for, in order."""
    seen: list = []
    real = pyogrio.raw.open_arrow

    def counted(target, **options):
        seen.append(options.get("columns"))
        return real(target, **options)

    monkeypatch.setattr(geojson_stream.pyogrio.raw, "open_arrow", counted)
    return seen


@pytest.mark.parametrize("name", ["mixed_types.geojson", "self_intersecting.geojson"])
def test_the_features_are_those_the_dataframe_reader_gives(name):
    target = f"GeoJSON:{DATA / name}"
    expected = pyogrio.read_dataframe(target, on_invalid="fix", datetime_as_string=True)
    got = read_geojson(target, name, Limits(), [], counted=len(expected), check_count=_never)[0]
    assert list(got.columns) == list(expected.columns)
    assert got.crs == expected.crs
    assert (shapely.to_wkb(got.geometry.array) == shapely.to_wkb(expected.geometry.array)).all()
    pd.testing.assert_frame_equal(
        pd.DataFrame(json_safe_columns(got)).drop(columns="geometry"),
        pd.DataFrame(json_safe_columns(expected)).drop(columns="geometry"),
    )


def test_batches_made_into_geometries_on_threads_come_back_whole_and_in_order(monkeypatch):
    monkeypatch.setitem(geojson_stream._OPTIONS, "batch_size", 2)  # 3 features: 2 batches
    target = f"GeoJSON:{DATA / 'mixed_types.geojson'}"
    expected = pyogrio.read_dataframe(target, on_invalid="fix", datetime_as_string=True)
    got = read_geojson(target, "m", Limits(), [], counted=len(expected), check_count=_never)[0]
    assert len(got) == len(expected) == 3
    assert (shapely.to_wkb(got.geometry.array) == shapely.to_wkb(expected.geometry.array)).all()
    assert list(got["name"]) == list(expected["name"])


def test_dates_come_as_text_and_json_objects_as_values():
    got = read_geojson(f"GeoJSON:{DATA / 'mixed_types.geojson'}", "m", Limits(), [], 3, _never)[0]
    assert got.loc[0, "opened"] == "2025-10-10"
    assert got.loc[2, "extra"] == {"nested": [1, 2]}


def test_a_file_within_its_properties_is_opened_once(openings):
    read_geojson(f"GeoJSON:{DATA / 'mixed_types.geojson'}", "m", Limits(), [], 3, _never)
    assert openings == [None]


def test_only_the_first_properties_are_read_from_a_wider_file(tmp_path, openings):
    path = sparse_keys_geojson(tmp_path / "wide.geojson", keys=12, features=50)
    messages: list = []
    got = read_geojson(f"GeoJSON:{path}", "wide", Limits(max_properties=5), messages, 50, _never)[0]
    assert openings == [None, ["k0", "k1", "k2", "k3", "k4"]]
    assert list(got.columns) == ["k0", "k1", "k2", "k3", "k4", "geometry"]
    assert len(got) == 50
    assert "12 properties" in messages[0].text


def test_the_budget_is_checked_before_any_feature_with_the_features_counted(tmp_path):
    path = sparse_keys_geojson(tmp_path / "sparse.geojson", keys=300, features=2_000)
    with pytest.raises(GeodataError, match=r"2,000 features × 200 properties"):
        read_geojson(f"GeoJSON:{path}", "s", Limits(max_property_values=100_000), [], 2_000, _never)


def test_features_hidden_from_the_count_meet_the_budget_while_read(tmp_path, monkeypatch):
    monkeypatch.setitem(geojson_stream._OPTIONS, "batch_size", 500)
    path = sparse_keys_geojson(tmp_path / "sparse.geojson", keys=20, features=2_000)
    # Read past its count (counted as 1,500): 2,000 features x 20 once GDAL counts them.
    with pytest.raises(GeodataError, match=r"2,000 features × 20 properties"):
        limits = Limits(max_property_values=35_000)
        read_geojson(f"GeoJSON:{path}", "s", limits, [], 1_500, _allowed)


def test_features_hidden_from_the_count_are_counted_by_gdal_after_one_batch(monkeypatch):
    monkeypatch.setitem(geojson_stream._OPTIONS, "batch_size", 50)
    path = HOSTILE / "escaped_feature_type.geojson"  # 300 features, none counted in the text
    counts: list[int] = []

    def refuse(count: int) -> None:
        counts.append(count)
        raise GeodataError(f"{count} features")

    with pytest.raises(GeodataError, match="300 features"):
        read_geojson(f"GeoJSON:{path}", "e", Limits(max_features=100), [], 0, refuse)
    assert counts == [300]


def test_the_reading_stops_once_past_the_feature_limit(monkeypatch):
    monkeypatch.setitem(geojson_stream._OPTIONS, "batch_size", 50)
    path = HOSTILE / "escaped_feature_type.geojson"
    got = read_geojson(f"GeoJSON:{path}", "e", Limits(max_features=100), [], 300, _never)[0]
    assert len(got) == 150  # three batches: the third passed the limit


def test_a_file_gdal_cannot_read_raises_gdals_error():
    with pytest.raises(pyogrio.errors.DataSourceError):
        read_geojson(f"GeoJSON:{DATA / 'truncated.geojson'}", "t", Limits(), [], 1, _never)


def _allowed(count: int) -> None:
    """A count within the caller's limit."""


def _never(count: int) -> None:
    raise AssertionError(f"counted by GDAL: {count}")
