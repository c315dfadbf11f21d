"""The style panel of one user layer: one colour, a colour per value of a property, or
classes of a number (quantiles or equal intervals), with its legend; and the fill's
opacity. The classes themselves are computed in :mod:`dashboard.browser.layer_classes`.
"""

from __future__ import annotations

from functools import partial

import geopandas as gpd
import streamlit as st

from dashboard.browser.escaping import escape_text
from dashboard.browser.layer_classes import (
    CLASS_COUNTS,
    DEFAULT_CLASSES,
    METHODS,
    MODES,
    Classes,
    LayerLook,
    LegendEntry,
    bound_text,
    category_columns,
    numeric_columns,
)
from dashboard.config import UPLOAD_FILL_OPACITY
from dashboard.messages import bidi_safe, isolate
from dashboard.ui.i18n import kept as keep_choice
from dashboard.ui.i18n import language, t, translate


def _option(group: str, lang: str, value: str) -> str:
    return translate(lang, f"style.{group}.{value}")


def style_panel(key: str, gdf: gpd.GeoDataFrame, zoned: bool) -> LayerLook:
    """The widgets of a layer's look (``key``: the layer's); a zone layer keeps its zones'
    colours, and only its opacity is asked for."""
    st.markdown(f"**{t('style.heading')}**")
    lang = language()
    mode, column, method, classes = "single", None, "quantiles", DEFAULT_CLASSES
    if not zoned:
        mode = st.radio(
            t("style.how"),
            MODES,
            key=keep_choice(f"{key}_style_mode"),
            format_func=partial(_option, "how", lang),
        )
    if mode == "categories":
        columns = category_columns(gdf)
        column = st.selectbox(
            t("style.property"), columns, key=f"{key}_style_column", format_func=bidi_safe
        )
    elif mode == "classes":
        columns = numeric_columns(gdf)
        if not columns:
            st.caption(t("style.no_numbers"))
            mode = "single"
        else:
            column = st.selectbox(
                t("style.number"), columns, key=f"{key}_style_number", format_func=bidi_safe
            )
            method = st.radio(
                t("style.method"),
                METHODS,
                key=keep_choice(f"{key}_style_method"),
                format_func=partial(_option, "method", lang),
            )
            classes = st.slider(
                t("style.classes"), *CLASS_COUNTS, value=DEFAULT_CLASSES, key=f"{key}_classes"
            )
    opacity = st.slider(
        t("style.opacity"),
        0.0,
        1.0,
        value=UPLOAD_FILL_OPACITY,
        step=0.05,
        key=f"{key}_opacity",
        help=t("style.opacity_help"),
    )
    return LayerLook(mode, column, method, classes, opacity)


def entry_text(entry: LegendEntry) -> str:
    """A legend entry's words: a value as the file has it, a class's bounds, or "other"."""
    if entry.others:
        return t("style.other", count=entry.others)
    if entry.value is not None:
        return entry.value
    return t("style.range", low=bound_text(entry.low), high=bound_text(entry.high))


def show_legend(classes: Classes) -> None:
    """The layer's legend in its panel: a swatch per value or class, and its count."""
    rows = "".join(
        "<div class='layer-legend-row'>"
        f"<span style='display:inline-block;width:14px;height:14px;vertical-align:middle;"
        f"margin-inline:0 6px;background:{entry.colour}'></span>"
        f"<span>{escape_text(isolate(entry_text(entry)))}</span>"
        f"<span style='color:#666'> · {escape_text(t('style.count', count=f'{entry.count:,}'))}"
        "</span></div>"
        for entry in classes.legend
    )
    st.markdown(
        f"<div class='layer-legend' style='font-size:0.85rem'>{rows}</div>",
        unsafe_allow_html=True,
    )


def legend_rows(label: str, classes: Classes) -> list[tuple[str, str]]:
    """The map legend's rows of a classed layer: ``(name: value or bounds, colour)``."""
    return [(f"{label}: {entry_text(entry)}", entry.colour) for entry in classes.legend]
