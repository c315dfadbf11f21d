"""Give a user layer zone categories: from its own ``zone`` property, another property,
or one category for the whole file. Unknown values are listed by name, never dropped.

The messages name a property in backticks and put every name or value that came from the
file between Unicode isolates (:func:`dashboard.messages.isolate`), so an Arabic or Hebrew
value reads correctly inside the English text.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from dashboard.config import ZONE_CATEGORIES
from dashboard.messages import Message, isolate, listing, say, token

ZONE_COLUMN = "zone"
MAX_LISTED_VALUES = 10


def _object(values: list, index) -> pd.Series:
    """An object-dtype column, so that a missing category stays None (not NaN)."""
    return pd.Series(values, index=index, dtype=object)


def _as_text(values: pd.Series) -> pd.Series:
    return values.map(lambda v: "" if v is None else str(v))


def _categories_of(values: pd.Series) -> list[str | None]:
    """Each of ``values`` as a category (case and surrounding spaces ignored), or None."""
    normalised = _as_text(values).str.strip().str.lower()
    return [v if v in ZONE_CATEGORIES else None for v in normalised]


def has_zones(gdf: gpd.GeoDataFrame) -> bool:
    """True when the layer has a ``zone`` property with at least one known category
    (case and surrounding spaces ignored, as :func:`assign_zones` reads them)."""
    return ZONE_COLUMN in gdf.columns and any(_categories_of(gdf[ZONE_COLUMN]))


def has_unknown_zones_only(gdf: gpd.GeoDataFrame) -> bool:
    """True when the layer has a ``zone`` property but none of its values is a category:
    its values need mapping (see :func:`zone_messages`), it is not "without zones"."""
    return ZONE_COLUMN in gdf.columns and not has_zones(gdf)


def zone_values(gdf: gpd.GeoDataFrame, column: str) -> list[str]:
    """The distinct values of ``column`` as text, most frequent first (missing: ``""``)."""
    return list(_as_text(gdf[column]).value_counts(sort=True).index)


def _quoted(values: list[str]) -> str:
    """``'a', 'b' and N more``: each value quoted and isolated."""
    return listing([say("zone.quoted", value=isolate(v)) for v in values], MAX_LISTED_VALUES)


def _unknown_zone_message(values: list[str], count: int, *, total: int | None = None) -> Message:
    """What to say about ``count`` features whose own ``zone`` is none of the categories.

    Parameters
    ----------
    values : list of str
        The distinct unknown values, as text.
    count : int
        How many features have one of them.
    total : int, optional
        How many features the layer has; when all of them are unknown the message says
        how to give them categories.
    """
    categories = say("list.separator").join(token(c) for c in ZONE_CATEGORIES)
    text = say(
        "zone.unknown",
        count=count,
        column=token(f"`{ZONE_COLUMN}`"),
        values=_quoted(values),
        categories=categories,
    )
    if total is not None and count == total:
        text += say("zone.none_known", column=token(f"`{ZONE_COLUMN}`"))
    return Message("warning", text)


def _unmapped_message(values: list[str], count: int, column: str) -> Message:
    return Message(
        "warning",
        say("zone.unmapped", count=count, column=f"`{isolate(column)}`", values=_quoted(values)),
    )


def zone_messages(gdf: gpd.GeoDataFrame) -> list[Message]:
    """What to tell the user about a layer's own ``zone`` property (the page and the
    command line both say this): the features whose ``zone`` is not a category, by value,
    and, when none has a category, how to give them one. Empty when every feature has a
    category, or when the layer has no ``zone`` property at all."""
    if ZONE_COLUMN not in gdf.columns:
        return []
    return assign_zones(gdf)[1]


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
        source = _as_text(out[column])
        out[ZONE_COLUMN] = _object([mapping.get(v) for v in source], out.index)
        unmapped = sorted(set(source[out[ZONE_COLUMN].isna()]))
        if unmapped:
            count = int(out[ZONE_COLUMN].isna().sum())
            messages.append(_unmapped_message(unmapped, count, column))
        return out, messages
    if ZONE_COLUMN not in out.columns:
        raise ValueError("the layer has no 'zone' property: give column= or single=")
    raw = _as_text(out[ZONE_COLUMN])
    out[ZONE_COLUMN] = _object(_categories_of(raw), out.index)
    unknown = sorted(set(raw[out[ZONE_COLUMN].isna()]))
    if unknown:
        count = int(out[ZONE_COLUMN].isna().sum())
        messages.append(_unknown_zone_message(unknown, count, total=len(out)))
    return out, messages
