"""Dates among a user file's properties: text, and numbers since 1970 (ArcGIS exports)."""

import datetime as dt

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from dashboard.intake.property_dates import (
    as_dates,
    date_columns,
    epoch_date,
    epoch_unit,
    on_or_before,
)


def test_date_columns_and_features_on_or_before_a_day():

    from shapely.geometry import Point

    gdf = gpd.GeoDataFrame(
        {
            "name": ["a", "b", "c", "d"],
            "surveyed": ["2025-10-01", "2025-11-15", None, "2026-01-02"],
            "count": [1, 2, 3, 4],
        },
        geometry=[Point(34.4, 31.4)] * 4,
        crs="EPSG:4326",
    )
    assert date_columns(gdf) == ["surveyed"]
    kept = on_or_before(gdf, "surveyed", dt.date(2025, 11, 15))
    assert list(kept["name"]) == ["a", "b", "c"]  # undated "c" stays; "d" came later


def test_dates_read_iso_first_then_any_other_way():

    values = pd.Series(
        ["2025-10-01", "15 Nov 2025", None, "2026-01-02T10:00:00+02:00", "x", "2025/12/01", 5],
        dtype=object,
    )
    expected = ["2025-10-01", "2025-11-15", None, "2026-01-02", None, "2025-12-01", None]
    assert as_dates(values).tolist() == [pd.Timestamp(d) if d else pd.NaT for d in expected]


def test_date_columns_judge_other_text_by_a_sample_then_read_it_whole():
    from shapely.geometry import Point

    rows = 2_000
    gdf = gpd.GeoDataFrame(
        {
            "name": [f"Building {i}" for i in range(rows)],  # no date: left out
            "spoken": [f"{1 + i % 28} Nov 2025" for i in range(rows)],  # dates, not ISO
            "some": ["2025-10-01" if i % 2 else f"x{i}" for i in range(rows)],  # half
        },
        geometry=[Point(34.4, 31.4)] * rows,
        crs="EPSG:4326",
    )
    assert date_columns(gdf) == ["spoken"]
    assert date_columns(gdf, share=0.5) == ["spoken", "some"]


def _points(columns: dict) -> gpd.GeoDataFrame:
    rows = len(next(iter(columns.values())))
    return gpd.GeoDataFrame(columns, geometry=[Point(34.4, 31.4)] * rows, crs="EPSG:4326")


def test_milliseconds_since_1970_are_dates_and_get_the_date_filter():
    # As an ArcGIS export of the IDF evacuation areas has them: floats, one missing.
    gdf = _points(
        {
            "Block": [118.0, 119.0, 120.0],
            "EFFECTIVE_DATE": [1744373160000.0, 1760054400000.0, None],
            "OBJECTID": [1, 2, 3],
        }
    )
    assert date_columns(gdf) == ["EFFECTIVE_DATE"]
    kept = on_or_before(gdf, "EFFECTIVE_DATE", dt.date(2025, 4, 11))
    assert list(kept["Block"]) == [118.0, 120.0]  # the undated one stays
    assert as_dates(gdf["EFFECTIVE_DATE"]).tolist()[0] == pd.Timestamp("2025-04-11")


def test_ordinary_numbers_are_not_taken_for_dates():
    gdf = _points(
        {
            "Block": [118, 5_000, 2_000_000],
            "population": [1_200_000_000, 1_300_000_000, 1_250_000_000],  # in the seconds range
            "phone": [97_259_123_456_789, 97_259_123_456_780, 97_259_123_456_781],  # too large
            "flag": [True, False, True],
        }
    )
    assert date_columns(gdf) == []
    assert epoch_unit(pd.Series([118.0, 119.0])) is None
    assert epoch_unit(pd.Series([1744373160000.5])) is None  # not whole: not a date


def test_seconds_since_1970_need_a_name_that_speaks_of_time():
    seconds = pd.Series([1744373160, 1760054400])
    assert epoch_unit(seconds, "created_at") == "s"
    assert epoch_unit(seconds, "population") is None
    assert epoch_unit(pd.Series(["1744373160000"]), "date") is None  # text is read as text


def test_one_value_read_as_a_date():
    noon = dt.datetime(2025, 4, 11, 12, 6, tzinfo=dt.timezone.utc)
    assert epoch_date(1744373160000.0, "date") == noon
    assert epoch_date(118, "Block") is None
    assert epoch_date("2025-04-11") is None
    assert epoch_date(True) is None
