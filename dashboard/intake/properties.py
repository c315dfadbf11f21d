"""A user file's properties made safe to keep, show and send: JSON values, bounded text.

Dates become ISO text, missing values None, nested values JSON text; then property names
and texts are cut to a length and the number of properties to a count (with a note), so
that no file can make every map update carry megabytes of text.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.messages import GeodataError, Message, say


def _json_safe(value):
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (dt.date, dt.datetime, dt.time, pd.Timestamp)):  # noqa: UP038
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return value.item()
    if isinstance(value, (str, int, float, bool)):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return str(value)


def _is_missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists, dicts, arrays
        return False


# A text column is stored as shared values when it has at most this share of distinct ones.
REPEATS_SHARE = 0.5


def repeated_texts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """A column of texts that repeats its values, as codes into its distinct values.

    Parameters
    ----------
    values : numpy.ndarray
        An object array of texts (missing values allowed).

    Returns
    -------
    tuple of numpy.ndarray, or None
        ``(codes, distinct)``: ``distinct[codes]`` are the values, a code of -1 for a
        missing one; None when the values are not all texts or repeat too little (at most
        :data:`REPEATS_SHARE` of them distinct). A file read by GDAL has one text object per
        row, even for a ``kind`` with three values: 60 bytes each on 150,000 rows.
    """
    if len(values) < 2 or pd.api.types.infer_dtype(values, skipna=True) != "string":
        return None
    # Texts are compared by content once per distinct object: rows that already share
    # one (a GeoParquet's dictionary) are not hashed again, each its whole length.
    ids = np.fromiter(map(id, values), dtype=np.uint64, count=len(values))
    _, first, objects = np.unique(ids, return_index=True, return_inverse=True)
    by_object, distinct = pd.factorize(values[first])
    codes = by_object[objects]
    if len(distinct) > REPEATS_SHARE * len(values):
        return None
    return codes, np.asarray(distinct, dtype=object)


# Floats up to this size are whole numbers exactly (a double's 53-bit significand).
EXACT_INTEGERS = 2**53


def _whole(series: pd.Series) -> bool:
    """Whether every value of a float column present is a whole number (none too large to
    be one exactly); a column with no value at all stays as it is."""
    values = series.to_numpy(dtype=float)
    values = values[~np.isnan(values)]
    return bool(
        len(values) and np.all(np.abs(values) < EXACT_INTEGERS) and np.all(np.mod(values, 1) == 0)
    )


def json_safe_columns(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Every property JSON-serialisable: dates as ISO text, NaN as None, names as strings,
    whole numbers as integers."""
    gdf = gdf.rename(columns={c: str(c) for c in gdf.columns if not isinstance(c, str)})
    for column in gdf.columns:
        if column == gdf.geometry.name:
            continue
        series = gdf[column]
        if pd.api.types.is_integer_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        # Object dtype, so that a missing value stays None (pandas' string dtype makes it NaN).
        if pd.api.types.is_float_dtype(series) and _whole(series):
            # 118, not 118.0: GDAL reads a column with a missing value (and ArcGIS writes
            # its ids and dates) as floats; whole ones are kept, shown and sent as integers.
            values = [None if pd.isna(v) else int(v) for v in series.to_numpy()]
            gdf[column] = pd.Series(values, index=gdf.index, dtype=object)
            continue
        if pd.api.types.is_string_dtype(series) or pd.api.types.is_float_dtype(series):
            # Already JSON-safe values: only the missing ones change (vectorised).
            values = series.astype(object).where(series.notna(), None).to_numpy()
            repeated = repeated_texts(values)
            if repeated is not None:  # one text object per distinct value, not per row
                codes, distinct = repeated
                values = np.concatenate([distinct, np.array([None], dtype=object)])[codes]
            gdf[column] = pd.Series(values, index=gdf.index, dtype=object)
            continue
        values = [None if _is_missing(v) else _json_safe(v) for v in series.astype(object)]
        gdf[column] = pd.Series(values, index=gdf.index, dtype=object)
    return gdf.reset_index(drop=True)


def properties_to_read(
    names: list[str], filename: str, limits, messages: list[Message]
) -> list[str]:
    """The first ``limits.max_properties`` of a file's properties (a note when it has more):
    those read, so that the others never cost memory."""
    if len(names) <= limits.max_properties:
        return list(names)
    messages.append(
        Message(
            "warning",
            say(
                "properties.too_many",
                name=filename,
                count=f"{len(names):,}",
                limit=limits.max_properties,
                dropped=f"{len(names) - limits.max_properties:,}",
            ),
        )
    )
    return list(names[: limits.max_properties])


def check_property_values(features: int, properties: int, filename: str, limits) -> None:
    """Refuse a file whose properties to read (``features`` x ``properties``) exceed
    ``limits.max_property_values``: each costs memory even when it holds no value.

    Raises
    ------
    GeodataError
        With the counts, and what to do.
    """
    if features * properties > limits.max_property_values:
        raise GeodataError(
            say(
                "properties.too_many_values",
                name=filename,
                features=f"{features:,}",
                properties=f"{properties:,}",
                values=f"{features * properties:,}",
                limit=f"{limits.max_property_values:,}",
            )
        )


def cap_properties(
    gdf: gpd.GeoDataFrame, filename: str, limits, messages: list[Message]
) -> gpd.GeoDataFrame:
    """At most ``max_properties`` columns, names and texts of at most ``max_text_chars``.

    A file's text is shown in tooltips and sent to the browser on every change of the map:
    a 9 MB property would travel with every click. Longer texts are cut, with a note.
    """
    cap = limits.max_text_chars
    columns = [c for c in gdf.columns if c != gdf.geometry.name]
    kept = properties_to_read(columns, filename, limits, messages)
    if len(kept) < len(columns):
        gdf = gdf.drop(columns=columns[len(kept) :])
        columns = kept
    renames = {}
    for c in columns:
        if len(c) > cap:
            new = c[:cap] + "…"
            while new in gdf.columns or new in renames.values():
                new += "…"
            renames[c] = new
    if renames:
        gdf = gdf.rename(columns=renames)
        columns = [renames.get(c, c) for c in columns]
    shortened = 0
    for column in columns:
        series = gdf[column]
        if series.dtype != object:
            continue
        # A plain loop over the values: Series.map costs several times more per value.
        lengths = np.fromiter(
            (len(v) if isinstance(v, str) else 0 for v in series.to_numpy()),
            dtype=np.int64,
            count=len(series),
        )
        long = pd.Series(lengths > cap, index=series.index)
        if long.any():
            shortened += int(long.sum())
            gdf.loc[long, column] = series[long].map(lambda v: v[:cap] + "…")
    if shortened or renames:
        messages.append(
            Message(
                "warning",
                say(
                    "properties.shortened",
                    name=filename,
                    count=f"{shortened + len(renames):,}",
                    limit=f"{cap:,}",
                ),
            )
        )
    return gdf
