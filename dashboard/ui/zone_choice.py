"""A user file's zone categories: its own ``zone`` property, one of its properties mapped
value by value, or one category for the whole file (or none: drawn by its data)."""

from __future__ import annotations

from functools import partial

import geopandas as gpd
import streamlit as st

from dashboard.browser.escaping import escape_markdown
from dashboard.config import ZONE_CATEGORIES
from dashboard.messages import bidi_safe, isolate
from dashboard.ui.i18n import category_label, language, t, translate
from dashboard.ui.i18n import kept as keep_choice
from dashboard.ui.upload_intake import UserLayer, show_messages
from dashboard.zones.mapping import (
    ZONE_COLUMN,
    assign_zones,
    has_unknown_zones_only,
    has_zones,
    zone_messages,
    zone_values,
)

MAX_MAPPED_VALUES = 30  # more distinct values than this: pick one category or another column
# How a file's features get categories: the radio's values (English, as tests and links
# know them) and the locale keys of what it shows.
ZONE_HOW_KEYS = {
    "None (neutral style)": "uploads.how.none",
    "From a property": "uploads.how.property",
    "One category for the whole file": "uploads.how.single",
}
ZONE_HOW = list(ZONE_HOW_KEYS)
FROM_A_PROPERTY = ZONE_HOW.index("From a property")
UNCATEGORISED = "(leave uncategorised)"


def _how_option(lang: str, how: str) -> str:
    return translate(lang, ZONE_HOW_KEYS[how])


def _category_option(lang: str, option: str) -> str:
    """A zone category's label, or what leaving a value uncategorised is called."""
    if option == UNCATEGORISED:
        return translate(lang, "uploads.uncategorised")
    return category_label(option, lang)


ZoneChoice = tuple  # how the features got their categories; hashable, part of the cache keys


def zone_options(
    layer: UserLayer, gdf: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame, bool, ZoneChoice]:
    """Let the user say how the file's features map to zone categories.

    Returns the features (with ``zone`` where categories were given), whether they are
    zoned, and the choice that made them (the key of everything derived from them).
    """
    if has_zones(gdf):
        choice: ZoneChoice = ("own",)
        if choice not in layer.cache:
            layer.cache[choice] = assign_zones(gdf)
        zoned, messages = layer.cache[choice]
        show_messages(messages)
        return zoned, True, choice
    unknown_only = has_unknown_zones_only(gdf)
    note = st.container()  # above the choice, filled once the outcome is known
    features, zoned, choice = _zone_choice(layer, gdf, unknown_only)
    if unknown_only and not zoned:
        # A `zone` property none of whose values is a category: say so (the choice below
        # offers to map them; once they are mapped, the message would no longer be true).
        with note:
            show_messages(zone_messages(gdf))
    return features, zoned, choice


def _zone_choice(
    layer: UserLayer, gdf: gpd.GeoDataFrame, unknown_only: bool
) -> tuple[gpd.GeoDataFrame, bool, ZoneChoice]:
    """The widgets of :func:`_zone_options` for a file without known categories; a file
    whose `zone` values are all unknown (``unknown_only``) starts with them to map."""
    columns = [c for c in gdf.columns if c != "geometry"]
    how = st.radio(
        t("uploads.categories") if unknown_only else t("uploads.no_zone_property"),
        ZONE_HOW,
        index=FROM_A_PROPERTY if unknown_only else 0,
        key=keep_choice(f"{layer.key}_zone_how"),
        format_func=partial(_how_option, language()),
    )
    if how == "From a property" and columns:
        column = st.selectbox(
            t("uploads.property"),
            columns,
            index=columns.index(ZONE_COLUMN) if unknown_only else 0,
            key=f"{layer.key}_zone_column",
            format_func=bidi_safe,
        )
        values = zone_values(gdf, column)
        # Isolated: two right-to-left values side by side would swap places otherwise.
        shown = ", ".join(isolate(v) for v in values[:MAX_MAPPED_VALUES])
        st.caption(t("uploads.values", values=escape_markdown(shown)))
        if len(values) > MAX_MAPPED_VALUES:
            st.warning(t("uploads.too_many_values", count=len(values)))
            return gdf, False, ("none",)
        options = [UNCATEGORISED, *ZONE_CATEGORIES]
        mapping = {}
        for i, value in enumerate(values):
            guess = value.strip().lower() if value.strip().lower() in ZONE_CATEGORIES else None
            picked = st.selectbox(
                f"“{escape_markdown(value)}” →",
                options,
                index=options.index(guess) if guess else 0,
                key=keep_choice(f"{layer.key}_map_{column}_{i}"),
                format_func=partial(_category_option, language()),
            )
            if picked in ZONE_CATEGORIES:
                mapping[value] = picked
        choice = ("mapped", column, tuple(sorted(mapping.items())))
        if choice not in layer.cache:
            layer.cache[choice] = assign_zones(gdf, column=column, mapping=mapping)
        zoned, messages = layer.cache[choice]
        if not mapping:  # nothing mapped yet: the values above say it all
            return gdf, False, ("none",)
        show_messages(messages)
        return zoned, True, choice
    if how == "One category for the whole file":
        single = st.selectbox(
            t("uploads.category"),
            ZONE_CATEGORIES,
            key=keep_choice(f"{layer.key}_zone_single"),
            format_func=partial(category_label, lang=language()),
        )
        choice = ("single", single)
        if choice not in layer.cache:
            layer.cache[choice] = assign_zones(gdf, single=single)
        return layer.cache[choice][0], True, choice
    return gdf, False, ("none",)
