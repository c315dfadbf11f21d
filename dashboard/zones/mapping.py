"""Give a user layer zone categories: from its own ``zone`` property, another property,
or one category for the whole file. Unknown values are listed by name, never dropped."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from dashboard.config import ZONE_CATEGORIES
from dashboard.messages import Message, listing

ZONE_COLUMN = "zone"
MAX_LISTED_VALUES = 10


def _object(values: list, index) -> pd.Series:
    """An object-dtype column, so that a missing category stays None (not NaN)."""
    return pd.Series(values, index=index, dtype=object)


def has_zones(gdf: gpd.GeoDataFrame) -> bool:
    """True when the layer has a ``zone`` property with at least one known category."""
    return ZONE_COLUMN in gdf.columns and gdf[ZONE_COLUMN].isin(ZONE_CATEGORIES).any()


def zone_values(gdf: gpd.GeoDataFrame, column: str) -> list[str]:
    """The distinct values of ``column`` as text, most frequent first (missing: ``""``)."""
    text = gdf[column].map(lambda v: "" if v is None else str(v))
    return list(text.value_counts(sort=True).index)


def _unknown_message(values: list[str], count: int, what: str) -> Message:
    shown = listing([f"'{v}'" for v in values], MAX_LISTED_VALUES)
    return Message(
        "warning",
        f"{count} feature(s) have {what} that is not a zone category ({shown}); they are shown "
        f"in grey and left out of the zone statistics. Categories: {', '.join(ZONE_CATEGORIES)}.",
    )


def assign_zones(
    gdf: gpd.GeoDataFrame,
    *,
    column: str | None = None,
    mapping: dict[str, str] | None = None,
    single: str | None = None,
) -> tuple[gpd.GeoDataFrame, list[Message]]:
    """Return a copy of ``gdf`` with a ``zone`` column in :data:`ZONE_CATEGORIES` (or None).

    Parameters
    ----------
    column : str, optional
        The property to map from, with ``mapping`` (value as text -> category).
    single : str, optional
        One category for every feature.
    Without either, the layer's own ``zone`` property is used (case and spaces ignored).
    """
    out = gdf.copy()
    messages: list[Message] = []
    if single is not None:
        if single not in ZONE_CATEGORIES:
            raise ValueError(f"'{single}' is not one of {', '.join(ZONE_CATEGORIES)}")
        out[ZONE_COLUMN] = single
        return out, messages
    if column is not None:
        mapping = mapping or {}
        source = out[column].map(lambda v: "" if v is None else str(v))
        out[ZONE_COLUMN] = _object([mapping.get(v) for v in source], out.index)
        unmapped = sorted(set(source[out[ZONE_COLUMN].isna()]))
        if unmapped:
            count = int(out[ZONE_COLUMN].isna().sum())
            messages.append(_unknown_message(unmapped, count, f"a '{column}' value"))
        return out, messages
    if ZONE_COLUMN not in out.columns:
        raise ValueError("the layer has no 'zone' property: give column= or single=")
    raw = out[ZONE_COLUMN].map(lambda v: "" if v is None else str(v))
    normalised = raw.str.strip().str.lower()
    out[ZONE_COLUMN] = _object([v if v in ZONE_CATEGORIES else None for v in normalised], out.index)
    unknown = sorted(set(raw[out[ZONE_COLUMN].isna()]))
    if unknown:
        count = int(out[ZONE_COLUMN].isna().sum())
        messages.append(_unknown_message(unknown, count, "a 'zone' value"))
    return out, messages
