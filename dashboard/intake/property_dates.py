"""Which properties of a user file are dates, and which features are dated on or before a day.

Dates come as text (ISO 8601 or any common form) or, from ArcGIS and other Esri exports,
as a number of milliseconds (or seconds) since 1 January 1970: ``1744373160000`` is
11 Apr 2025 12:06 UTC. A number is read as a date only inside a plausible window
(:data:`FIRST_DATE` to :data:`LAST_DATE`), so that a block number, a count or an area is
never taken for one; a number of seconds also needs a property name that speaks of time
(``date``, ``time``, ``created``...), since ordinary counts reach the billions.
"""

from __future__ import annotations

import datetime as dt
import re

import geopandas as gpd
import numpy as np
import pandas as pd

# Dates outside these years are not taken for milliseconds or seconds since 1970.
FIRST_DATE = pd.Timestamp("1990-01-01", tz="UTC")
LAST_DATE = pd.Timestamp("2100-01-01", tz="UTC")
_EPOCH = pd.Timestamp("1970-01-01", tz="UTC")
MS_RANGE = (
    (FIRST_DATE - _EPOCH) // pd.Timedelta(milliseconds=1),
    (LAST_DATE - _EPOCH) // pd.Timedelta(milliseconds=1),
)
SECONDS_RANGE = (MS_RANGE[0] // 1000, MS_RANGE[1] // 1000)
# Property names under which a number of seconds is taken for a date.
TIME_NAME = re.compile(
    r"date|time|day|created|updated|edited|modified|effective|valid|start|end|_at$|_on$",
    re.IGNORECASE,
)

DATE_SAMPLE = 200  # values of a column read by the general parser to judge it
DATE_SAMPLE_MARGIN = 0.1  # how far under the share a sample may fall and still be read whole


def epoch_unit(values: pd.Series, name: str = "") -> str | None:
    """``"ms"`` or ``"s"`` when the non-missing ``values`` are all whole numbers within the
    window of milliseconds (or, under a time-like ``name``, seconds) since 1970; else None."""
    numbers = _numbers(values.dropna())
    if numbers is None or not len(numbers) or not np.all(np.mod(numbers, 1) == 0):
        return None
    low, high = numbers.min(), numbers.max()
    if MS_RANGE[0] <= low and high <= MS_RANGE[1]:
        return "ms"
    if TIME_NAME.search(name) and SECONDS_RANGE[0] <= low and high <= SECONDS_RANGE[1]:
        return "s"
    return None


def epoch_date(value: object, name: str = "") -> dt.datetime | None:
    """One value read as milliseconds (or seconds, see :func:`epoch_unit`) since 1970, in
    UTC; None when it is not such a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return None
    unit = epoch_unit(pd.Series([value]), name)
    if unit is None:
        return None
    return pd.Timestamp(int(value), unit=unit, tz="UTC").to_pydatetime()


def _numbers(values: pd.Series) -> np.ndarray | None:
    """The values as floats when every one is a number (bools and texts are not)."""
    if pd.api.types.is_bool_dtype(values):
        return None
    if pd.api.types.is_numeric_dtype(values):
        return values.to_numpy(dtype=float)
    kinds = pd.api.types.infer_dtype(values, skipna=True)
    if kinds not in ("integer", "floating", "mixed-integer-float"):
        return None
    return values.to_numpy(dtype=float)


def as_dates(values: pd.Series, name: str = "") -> pd.Series:
    """Each value read as a calendar date (ISO text, a date, a timestamp, or a number of
    milliseconds or seconds since 1970, see :func:`epoch_unit`); NaT otherwise."""
    unit = epoch_unit(values, name)
    if unit is not None:
        numbers = pd.to_numeric(values, errors="coerce")
        parsed = pd.to_datetime(numbers, unit=unit, utc=True, errors="coerce")
        return parsed.dt.tz_localize(None).dt.normalize()
    text = values.astype("string")
    # ISO 8601 is read in C; only what it cannot read goes through the general parser,
    # which costs about 20 µs a value (seconds on a column of 150,000 names).
    parsed = _parse(text, "ISO8601")
    rest = (parsed.isna() & text.notna()).to_numpy()
    if rest.any():
        parsed = parsed.astype("datetime64[us, UTC]")
        parsed[rest] = _parse(text[rest], "mixed").astype("datetime64[us, UTC]")
    return parsed.dt.tz_localize(None).dt.normalize()


def _parse(text: pd.Series, form: str) -> pd.Series:
    return pd.to_datetime(text, errors="coerce", utc=True, format=form)


def date_columns(gdf: gpd.GeoDataFrame, *, share: float = 0.8) -> list[str]:
    """Properties whose values are dates for at least ``share`` of the features that have
    one (numbers since 1970 included, see :func:`epoch_unit`): candidates for following
    the page's date control."""
    found = []
    for column in gdf.columns:
        if column == gdf.geometry.name:
            continue
        present = gdf[column].dropna()
        if present.empty:
            continue
        if epoch_unit(present, str(column)) is not None:
            found.append(column)
        elif _numbers(present) is None and _mostly_dates(present, share):
            found.append(column)
    return found


def _mostly_dates(present: pd.Series, share: float) -> bool:
    """Whether at least ``share`` of ``present`` (no missing value) read as dates.

    ISO dates are counted first (fast); the other values are judged by an evenly spread
    sample first, and read whole only if the sample leaves the column within reach of
    ``share``: a column of names is not sent value by value through the general parser.
    """
    text = present.astype("string")
    iso = _parse(text, "ISO8601").notna().to_numpy()
    if iso.mean() >= share:
        return True
    rest = text[~iso]
    sample = rest.iloc[:: max(1, len(rest) // DATE_SAMPLE)]
    likely = iso.sum() + _parse(sample, "mixed").notna().mean() * len(rest)
    if likely < (share - DATE_SAMPLE_MARGIN) * len(text):
        return False
    return bool(as_dates(present).notna().mean() >= share)


def on_or_before(gdf: gpd.GeoDataFrame, column: str, day: dt.date) -> gpd.GeoDataFrame:
    """The features whose ``column`` date is on or before ``day``; those without a date in it
    are kept (nothing says they came later)."""
    dates = as_dates(gdf[column], str(column))
    keep = dates.isna() | (dates <= pd.Timestamp(day))
    return gdf[keep.to_numpy()]
