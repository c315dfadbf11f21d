"""Sidebar: the user's own files (uploads and drop-ins), each a layer with its options.

The files are read by :mod:`dashboard.ui.upload_intake`; each gets a panel here: its name,
its zone categories (:mod:`dashboard.ui.zone_choice`), the date it follows, how it is drawn
(:mod:`dashboard.ui.layer_style`), and what the map can carry of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from functools import partial

import geopandas as gpd
import numpy as np
import shapely
import streamlit as st

from dashboard.browser.escaping import escape_markdown, escape_text
from dashboard.browser.layer_classes import Classes, LayerLook, classify
from dashboard.browser.prepare import PreparedLayer, prepare_layer
from dashboard.config import (
    MAX_LAYER_PAYLOAD_BYTES,
    MAX_PAGE_PAYLOAD_BYTES,
    MAX_UPLOAD_MB,
    UPLOAD_COLOURS,
)
from dashboard.intake.gazetteer import bounds_view
from dashboard.intake.isolated_read import warm_up
from dashboard.intake.memory import give_back_memory
from dashboard.intake.property_dates import date_columns, on_or_before
from dashboard.intake.user_files import LoadedLayer
from dashboard.messages import bidi_safe, in_language, isolate, say, token
from dashboard.ui.i18n import kept as keep_choice
from dashboard.ui.i18n import language, t, translate
from dashboard.ui.layer_style import legend_rows, show_legend, style_panel
from dashboard.ui.place_search import ask_view
from dashboard.ui.upload_intake import (
    UPLOADER_KEY,
    UserLayer,
    ask_for_choice,
    duplicate_text,
    session_files,
    show_messages,
    sync_dropins,
    sync_uploads,
)
from dashboard.ui.zone_choice import ZoneChoice, zone_options

UPLOAD_TYPES = ["geojson", "json", "gpkg", "kml", "fgb", "parquet", "geoparquet", "zip"]
MODES = ("overlay", "replace")  # labels: ``uploads.mode.<mode>`` in the locale files

LOG = logging.getLogger(__name__)


def failure_text(exc: Exception, filename: str) -> str:
    """What went wrong with a file that was read (preparing it, comparing it): a geometry
    GEOS could not process (its own words), else a fault of the app's (logged), never a
    bare exception class."""
    if isinstance(exc, shapely.errors.GEOSException):
        return say("unexpected.geometry", detail=token(str(exc).split("\n")[0][:120]))
    LOG.exception("working on %s failed", filename)
    return say("unexpected.internal")


def _mode_option(lang: str, mode: str) -> str:
    return translate(lang, f"uploads.mode.{mode}")


def _date_property_option(lang: str, column: str) -> str:
    if column == NO_DATE_PROPERTY:
        return translate(lang, "uploads.no_date_property")
    return bidi_safe(column)


@dataclass
class ShownLayer:
    """A user layer as the map and the statistics should use it on this run."""

    key: str
    label: str
    mode: str
    prepared: PreparedLayer
    zoned: bool
    version: str  # determined by the file's content, read options and zone choice
    dated: dt.date | None = None  # the date the user gave the file's zones, if any
    colour: str = UPLOAD_COLOURS[0]  # its outline (and fill, without zones) on the map
    look: LayerLook = LayerLook()  # how the user asked it to be drawn
    classes: Classes | None = None  # its features' classes in that look, if any

    @property
    def gdf(self) -> gpd.GeoDataFrame:
        """Full geometry with areas and ids (statistics, details, exports)."""
        return self.prepared.full


def _prepared(
    layer: UserLayer,
    gdf: gpd.GeoDataFrame,
    zoned: bool,
    choice: ZoneChoice,
    strip_km2: float,
    classes: Classes | None = None,
) -> PreparedLayer:
    """The layer prepared for map and statistics; cached per choice (zones, date, classes;
    the cache is emptied whenever the file is read again)."""
    cache_key = ("prepared", choice)
    if cache_key not in layer.cache:
        # Following the date control prepares one copy per date: keep the last few only.
        older = [k for k in layer.cache if isinstance(k, tuple) and k[:1] == ("prepared",)]
        for key in older[: max(0, len(older) - MAX_PREPARED + 1)]:
            del layer.cache[key]
        with st.spinner(t("uploads.preparing", name=escape_markdown(isolate(layer.filename)))):
            keys = None if classes is None else classes.keys.reindex(gdf.index).fillna("")
            layer.cache[cache_key] = prepare_layer(
                gdf,
                key=layer.key,
                zoned=zoned,
                strip_km2=strip_km2,
                classes=None if keys is None else np.asarray(keys, dtype=object),
            )
        give_back_memory()
    return layer.cache[cache_key]


def uploads_panel(strip_km2: float, day: dt.date | None = None) -> list[ShownLayer]:
    """Upload widget, drop-in files and per-file options; return the layers to show.

    Draws where it is called (the page puts it in the sidebar, above the timeline).

    ``day`` is the date of the page's date control: a file can follow it through one of
    its date properties.
    """
    st.subheader(t("uploads.heading"))
    warm_up()  # a worker process ready for the first file (see dashboard.intake.isolated_read)
    files = st.file_uploader(
        t("uploads.uploader"),
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=UPLOADER_KEY,
        max_upload_size=MAX_UPLOAD_MB,
        help=t("uploads.uploader_help", limit=MAX_UPLOAD_MB),
    )
    sync_uploads(files, st.container())
    sync_dropins()
    shown: list[ShownLayer] = []
    sent = 0  # bytes of map data of the layers shown so far
    for place, layer in enumerate(list(session_files().values())):
        colour = UPLOAD_COLOURS[place % len(UPLOAD_COLOURS)]
        with _panel(layer):
            if layer.origin == "drop-in":
                st.caption(t("uploads.dropin_caption"))
            if layer.duplicate_of is not None:
                st.info(duplicate_text(layer), icon=":material/content_copy:")
                continue
            if layer.needs:
                ask_for_choice(layer)
                continue
            if layer.error:
                st.error(escape_markdown(in_language(layer.error, language())))
                continue
            loaded = layer.loaded
            show_messages(loaded.messages)
            # The file's name as the layer's: no override may reverse it here or downstream.
            label = bidi_safe(
                st.text_input(
                    t("uploads.layer_name"), value=bidi_safe(loaded.name), key=f"{layer.key}_label"
                )
            )
            visible = st.checkbox(t("uploads.show"), value=True, key=f"{layer.key}_visible")
            try:
                whole, zoned, choice = zone_options(layer, loaded.gdf)
                gdf, following = _follow_date(layer, whole, day)
                mode, dated = "overlay", None
                if zoned:
                    mode = st.radio(
                        t("uploads.use"),
                        MODES,
                        format_func=partial(_mode_option, language()),
                        key=keep_choice(f"{layer.key}_mode"),
                    )
                    dated = st.date_input(
                        t("uploads.dated"),
                        value=None,
                        key=f"{layer.key}_dated",
                        help=t("uploads.dated_help"),
                    )
                look, classes = LayerLook(), None  # a replacement: the zones' own look
                if mode != "replace":
                    look = style_panel(layer.key, whole, zoned)
                    classes = _classes(layer, whole, choice, look)  # the whole file's classes
                if classes is not None:
                    show_legend(classes)
                choice = (*choice, *following, *look.data_key)
                if gdf.empty:
                    st.caption(t("uploads.none_dated"))
                    continue
                prepared = _prepared(layer, gdf, zoned, choice, strip_km2, classes)
            except Exception as exc:  # noqa: BLE001 - one odd file must not stop the page
                st.error(
                    t(
                        "uploads.unprepared",
                        name=escape_markdown(isolate(layer.filename)),
                        error=escape_markdown(failure_text(exc, layer.filename)),
                    )
                )
                continue
            if prepared.note:
                st.caption(prepared.note)
            read_as = t("uploads.read_as", crs=loaded.source_crs) if loaded.source_crs else ""
            count = f"{prepared.count:,}"  # without waiting for the areas (see prepare_layer)
            st.caption(t("uploads.features", count=count, read_as=escape_markdown(read_as)))
            if visible and mode != "replace" and classes is None:  # our HTML, no file text
                st.markdown(swatch_html(colour, t("uploads.colour")), unsafe_allow_html=True)
            if st.button(t("uploads.zoom"), key=f"{layer.key}_zoom", icon=":material/zoom_in:"):
                ask_view(*bounds_view(prepared.full))
            payload = _payload_bytes(prepared)
            if payload > MAX_LAYER_PAYLOAD_BYTES:
                st.error(
                    t(
                        "uploads.too_heavy",
                        name=escape_markdown(isolate(layer.filename)),
                        size=f"{payload / 2**20:.0f}",
                        limit=f"{MAX_LAYER_PAYLOAD_BYTES / 2**20:.0f}",
                    )
                )
                continue
            if visible and sent + payload > MAX_PAGE_PAYLOAD_BYTES:
                st.warning(
                    t("uploads.page_too_heavy", limit=f"{MAX_PAGE_PAYLOAD_BYTES / 2**20:.0f}")
                )
                continue
            if visible:
                sent += payload
                version = _version(loaded, layer.options, choice)
                shown.append(
                    ShownLayer(
                        layer.key,
                        label or loaded.name,
                        mode,
                        prepared,
                        zoned,
                        version,
                        dated,
                        colour,
                        look,
                        classes,
                    )
                )
    return shown


NO_DATE_PROPERTY = "(none)"
MAX_PREPARED = 4  # prepared copies of one file kept (zone choices, dates followed)


def _follow_date(
    layer: UserLayer, gdf: gpd.GeoDataFrame, day: dt.date | None
) -> tuple[gpd.GeoDataFrame, tuple]:
    """Let a file with date properties follow the page's date control: only the features
    dated on or before the date shown. Returns the features and what was chosen (for keys)."""
    columns = layer.cache.get("date_columns")
    if columns is None:
        columns = layer.cache["date_columns"] = date_columns(gdf)
    if not columns or day is None:
        return gdf, ()
    column = st.selectbox(
        t("uploads.follow"),
        [NO_DATE_PROPERTY, *columns],
        key=keep_choice(f"{layer.key}_date_column"),
        format_func=partial(_date_property_option, language()),
        help=t("uploads.follow_help"),
    )
    if column == NO_DATE_PROPERTY:
        return gdf, ()
    kept = on_or_before(gdf, column, day)
    st.caption(
        t(
            "uploads.kept",
            kept=f"{len(kept):,}",
            total=f"{len(gdf):,}",
            day=t("date.day", day=f"{day:%d}", month=t(f"month.{day.month}"), year=day.year),
        )
    )
    return kept, ("on-or-before", column, day.isoformat())


def _panel(layer: UserLayer):
    """The sidebar expander of one file: its label and arguments depend on the file only, so
    a rerun (a click in it, a file read above it) never redraws it closed."""
    kind = t("uploads.upload") if layer.origin == "upload" else t("uploads.dropin")
    return st.expander(
        t("uploads.panel", kind=kind, name=escape_markdown(layer.filename)),
        expanded=layer.expanded,
        key=f"{layer.key}_panel",
    )


def legend_items(shown: list[ShownLayer]) -> list[tuple[str, str]]:
    """Each upload drawn over the zones as ``(name, colour)``, for the map's legend, or a
    row per value or class of one drawn by its data (a layer that replaces the zones is
    drawn in the zones' own colours)."""
    items: list[tuple[str, str]] = []
    for layer in shown:
        if layer.mode == "replace":
            continue
        if layer.classes is not None:
            items.extend(legend_rows(layer.label, layer.classes))
        else:
            items.append((layer.label, layer.colour))
    return items


def _classes(
    layer: UserLayer, gdf: gpd.GeoDataFrame, choice: ZoneChoice, look: LayerLook
) -> Classes | None:
    """The classes of the file's features in ``look`` (None: one colour), once per choice."""
    if not look.data_key:
        return None
    cache_key = ("classes", choice, look.data_key)
    if cache_key not in layer.cache:
        layer.cache[cache_key] = classify(gdf, look)
    return layer.cache[cache_key]


def swatch_html(colour: str, text: str) -> str:
    """A legend entry: a square in an upload's ``colour`` and our own ``text`` (never file
    text: this goes out as HTML)."""
    return (
        "<span style='display:inline-block;width:14px;height:14px;vertical-align:middle;"
        f"margin-inline:0 6px;border:2px dashed {colour};background:{colour}40'></span>"
        f"<span style='font-size:0.85rem'>{escape_text(text)}</span>"
    )


def _version(loaded: LoadedLayer, options: dict, choice: ZoneChoice) -> str:
    """What determines a shown layer's map data: the file's bytes, how it was read, and the
    zone choice. Equal versions mean the browser's copy can be reused."""
    recipe = repr((sorted(options.items()), choice)).encode()
    return f"{loaded.content_hash[:16]}-{hashlib.sha256(recipe).hexdigest()[:12]}"


def _payload_bytes(prepared: PreparedLayer) -> int:
    """About how many bytes of map data a layer sends to the browser (its largest copy):
    a layer drawn from its binary copy sends that copy, never its text (kept for exports)."""
    return max(
        len(b.binary.payload) if b.binary is not None else b.text_chars
        for b in prepared.browser.values()
    )
