"""dashboard.intake.properties: JSON-safe values, bounded texts and property counts."""

from __future__ import annotations

import datetime as dt
import json

import geopandas as gpd
import numpy as np
from shapely.geometry import Point

from dashboard.intake.properties import cap_properties, json_safe_columns
from dashboard.intake.user_files import Limits, read_geodata
from tests.conftest import DATA


def test_mixed_types_and_values_are_json_safe():
    loaded = read_geodata((DATA / "mixed_types.geojson").read_bytes(), "mixed_types.geojson")
    assert "2 point or line feature(s) are shown but left out" in loaded.messages[0].text
    gdf = loaded.gdf
    json.dumps(gdf.drop(columns="geometry").to_dict(orient="records"))  # serialisable
    assert gdf.loc[0, "opened"] == "2025-10-10"
    assert gdf.loc[1, "opened"] is None


def test_json_safe_columns_directly():
    gdf = gpd.GeoDataFrame(
        {
            "when": [dt.date(2025, 10, 10), None],
            "n": np.array([1, 2], dtype=np.int64),
            "x": [1.5, np.nan],
            "s": ["a", None],
            "blob": [b"\xff bytes", {"k": [1]}],
            7: ["seven", "eight"],
        },
        geometry=[Point(0, 0), Point(1, 1)],
        index=[10, 11],
    )
    out = json_safe_columns(gdf)
    records = out.drop(columns="geometry").to_dict(orient="records")
    assert records[0] == {
        "when": "2025-10-10",
        "n": 1,
        "x": 1.5,
        "s": "a",
        "blob": "\ufffd bytes",
        "7": "seven",
    }
    assert records[1]["when"] is None and records[1]["x"] is None and records[1]["s"] is None
    assert records[1]["blob"] == '{"k": [1]}'
    assert list(out.index) == [0, 1]
    json.dumps(records)


def test_cap_properties_cuts_names_texts_and_columns():
    gdf = gpd.GeoDataFrame(
        {"short": ["ok", "x" * 12], "n" * 15: ["a", "b"], "third": ["c", "d"]},
        geometry=[Point(0, 0), Point(1, 1)],
    )
    gdf = json_safe_columns(gdf)  # as read_geodata does first: text columns of objects
    messages: list = []
    out = cap_properties(gdf, "f.geojson", Limits(max_text_chars=10, max_properties=2), messages)
    assert list(out.columns) == ["short", "n" * 10 + "…", "geometry"]
    assert list(out["short"]) == ["ok", "x" * 10 + "…"]
    assert [m.level for m in messages] == ["warning", "warning"]
    assert "3 properties; only the first 2 are kept (1 left out)" in messages[0].text
    assert "2 text(s) longer than 10 characters were shortened" in messages[1].text


def test_repeated_texts_share_one_object_per_value_and_stay_none_when_missing():
    values = ["shop", "home", None, float("nan")] * 100
    gdf = gpd.GeoDataFrame(
        {"kind": values},
        geometry=[Point(34.4, 31.4)] * 400,
        crs="EPSG:4326",
    )
    out = json_safe_columns(gdf)
    assert out["kind"].dtype == object
    assert out["kind"].tolist()[:4] == ["shop", "home", None, None]
    assert out["kind"].iloc[0] is out["kind"].iloc[4]


def test_repeated_texts_only_for_texts_that_repeat():
    from dashboard.intake.properties import repeated_texts

    assert repeated_texts(np.array(["a", "b", "c"], dtype=object)) is None  # all distinct
    assert repeated_texts(np.array([1, 1, 1, 1], dtype=object)) is None  # not texts
    assert repeated_texts(np.array(["1", 1, "1", "1"], dtype=object)) is None  # mixed
    codes, distinct = repeated_texts(np.array(["a", None, "a", "a"], dtype=object))
    assert codes.tolist() == [0, -1, 0, 0] and distinct.tolist() == ["a"]


def test_repeated_texts_merge_equal_texts_held_by_different_objects():
    from dashboard.intake.properties import repeated_texts

    shared = "x" * 5_000
    # One object on most rows (a GeoParquet dictionary), equal copies on others (GDAL).
    values = np.array([shared] * 6 + ["".join(["x"] * 5_000), "y", None, "y"], dtype=object)
    codes, distinct = repeated_texts(values)
    assert codes.tolist() == [0] * 7 + [1, -1, 1]
    assert distinct.tolist() == [shared, "y"]


def test_only_the_first_properties_are_read_with_a_note():
    from dashboard.intake.properties import properties_to_read

    messages = []
    names = [f"p{i}" for i in range(7)]
    assert properties_to_read(names, "f", Limits(max_properties=7), messages) == names
    assert not messages
    assert properties_to_read(names, "f", Limits(max_properties=3), messages) == names[:3]
    assert "7 properties; only the first 3 are kept (4 left out)" in messages[0].text


def test_features_times_properties_are_held_to_a_budget():
    import pytest

    from dashboard.intake.properties import check_property_values
    from dashboard.messages import GeodataError

    limits = Limits(max_property_values=1_000)
    check_property_values(100, 10, "f", limits)  # at the limit: fine
    with pytest.raises(GeodataError, match=r"101 features × 10 properties = 1,010 values"):
        check_property_values(101, 10, "f", limits)


def test_whole_numbers_stay_whole_numbers():
    """GDAL reads a number column with a missing value as floats: 118, not 118.0."""
    import geopandas as gpd
    from shapely.geometry import Point

    from dashboard.intake.properties import json_safe_columns

    gdf = gpd.GeoDataFrame(
        {
            "Block": [118.0, None, 120.0],
            "value": [0.5, 1.0, None],
            "date": [1744373160000.0, 1744373160000.0, 1744373160000.0],
        },
        geometry=[Point(34.4, 31.4)] * 3,
        crs="EPSG:4326",
    )
    out = json_safe_columns(gdf)
    assert list(out["Block"]) == [118, None, 120]
    assert all(type(v) is int for v in out["Block"].dropna())
    assert list(out["value"]) == [0.5, 1.0, None]  # not all whole: left as they are
    assert out["date"].iloc[0] == 1744373160000 and type(out["date"].iloc[0]) is int
