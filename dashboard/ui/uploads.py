"""Sidebar: the user's own files (uploads and drop-ins), each a layer with its options.

Uploads live in this browser session (``st.session_state``), so no other session can
see them and the bundled data is never touched; while a file is read it is written once
to a private temporary folder and deleted (see :mod:`dashboard.intake.scratch`). Drop-in files
are read from the watched folders on every run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import sys
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import geopandas as gpd
import shapely
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.browser.escaping import escape_markdown, escape_text
from dashboard.browser.prepare import PreparedLayer, prepare_layer
from dashboard.config import (
    MAX_LAYER_PAYLOAD_BYTES,
    MAX_PAGE_PAYLOAD_BYTES,
    MAX_UPLOAD_MB,
    UPLOAD_COLOURS,
    ZONE_CATEGORIES,
)
from dashboard.intake import dropin
from dashboard.intake.gazetteer import bounds_view
from dashboard.intake.isolated_read import read_isolated, warm_up
from dashboard.intake.memory import give_back_memory
from dashboard.intake.property_dates import date_columns, on_or_before
from dashboard.intake.session_budget import refusal
from dashboard.intake.user_files import (
    AxesSwapped,
    CrsRequired,
    Handover,
    LayerChoiceRequired,
    LoadedLayer,
)
from dashboard.messages import (
    GeodataError,
    Message,
    bidi_safe,
    error_text,
    in_language,
    isolate,
    say,
    token,
)
from dashboard.ui.i18n import category_label, language, t, translate
from dashboard.ui.i18n import kept as keep_choice
from dashboard.ui.place_search import ask_view
from dashboard.zones.mapping import (
    ZONE_COLUMN,
    assign_zones,
    has_unknown_zones_only,
    has_zones,
    zone_messages,
    zone_values,
)

UPLOADER_KEY = "uploads"  # the file uploader's widget key (load tests name it too)
UPLOAD_TYPES = ["geojson", "json", "gpkg", "kml", "fgb", "parquet", "geoparquet", "zip"]
MAX_MAPPED_VALUES = 30  # more distinct values than this: pick one category or another column
MODES = ("overlay", "replace")  # labels: ``uploads.mode.<mode>`` in the locale files
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

LOG = logging.getLogger(__name__)


def failure_text(exc: Exception, filename: str) -> str:
    """What went wrong with a file that was read (preparing it, comparing it): a geometry
    GEOS could not process (its own words), else a fault of the app's (logged), never a
    bare exception class."""
    if isinstance(exc, shapely.errors.GEOSException):
        return say("unexpected.geometry", detail=token(str(exc).split("\n")[0][:120]))
    LOG.exception("working on %s failed", filename)
    return say("unexpected.internal")


def _how_option(lang: str, how: str) -> str:
    return translate(lang, ZONE_HOW_KEYS[how])


def _mode_option(lang: str, mode: str) -> str:
    return translate(lang, f"uploads.mode.{mode}")


def _date_property_option(lang: str, column: str) -> str:
    if column == NO_DATE_PROPERTY:
        return translate(lang, "uploads.no_date_property")
    return bidi_safe(column)


def _category_option(lang: str, option: str) -> str:
    """A zone category's label, or what leaving a value uncategorised is called."""
    if option == UNCATEGORISED:
        return translate(lang, "uploads.uncategorised")
    return category_label(option, lang)


@dataclass
class UserLayer:
    """One user file and what the page knows of it (kept in the session only)."""

    key: str
    filename: str
    origin: str  # "upload" or "drop-in"
    data: bytes = b""
    size: int = 0  # the upload's bytes, counted against the session's budget
    path: Path | None = None  # a drop-in's file, read again when the user makes a choice
    loaded: LoadedLayer | None = None
    error: str | None = None
    needs: str | None = None  # "crs", "swap" or "layer" when the user must choose
    layer_names: list[str] = field(default_factory=list)
    options: dict = field(default_factory=dict)  # layer=, crs=, swap_axes=
    cache: dict = field(default_factory=dict)  # derived frames, keyed by their inputs
    # Whether the file's options panel starts open: decided once, when the file arrives
    # (open when it needs a choice or could not be read). Streamlit draws an expander anew,
    # closed or open as this says, whenever its label or arguments change; so they never do,
    # and the user's opening and closing is kept (see :func:`_panel`).
    expanded: bool = False

    def settle_expanded(self) -> None:
        """Decide :attr:`expanded` from the file's state: call once, after the first read."""
        self.expanded = self.error is not None or self.needs is not None


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

    @property
    def gdf(self) -> gpd.GeoDataFrame:
        """Full geometry with areas and ids (statistics, details, exports)."""
        return self.prepared.full


def _store() -> dict[str, UserLayer]:
    return st.session_state.setdefault("user_layers", {})


def _load(layer: UserLayer) -> None:
    """(Re)read a layer's bytes with its current options; record the outcome."""
    layer.loaded, layer.error, layer.needs, layer.cache = None, None, None, {}
    # Handed over, with no other reference kept: the reader lets go of the bytes before it
    # parses them, and hands them back if the user must choose (see Handover).
    handover = Handover(layer.data)
    layer.data = b""
    try:
        if not handover.data and layer.path is not None:
            handover.data = dropin.read_bytes(layer.path)  # a drop-in read again with a choice
        options = {k: v for k, v in layer.options.items() if not k.startswith("_")}
        # In a worker process: a file that crashes or exhausts it costs this file only.
        layer.loaded = read_isolated(handover, layer.filename, **options)
        layer.layer_names = layer.loaded.layers
    except LayerChoiceRequired as exc:
        layer.needs, layer.layer_names, layer.data = "layer", exc.layers, handover.data
    except CrsRequired as exc:
        layer.needs, layer.error, layer.data = "crs", error_text(exc), handover.data
    except AxesSwapped as exc:
        layer.needs, layer.error, layer.data = "swap", error_text(exc), handover.data
    except GeodataError as exc:
        layer.error = error_text(exc)
    except Exception:  # noqa: BLE001 - a bad file must never crash the session
        # read_geodata lets nothing else out: a bug of the app, told as one (and logged).
        LOG.exception("reading %s failed", layer.filename)
        error = say("unexpected.internal")
        layer.error = say("file.unexpected", name=isolate(layer.filename), error=error)


def _sync_uploads(files, progress) -> None:
    """Read newly uploaded files (their progress shown in ``progress``), forget removed ones.

    ``progress`` is a container drawn on every run, so the reading notes it holds on the run
    that reads a file, and not on the next, do not move the panels below it.
    """
    store = _store()
    seen = set()
    for file in files or []:
        key = "u" + hashlib.sha1(file.file_id.encode()).hexdigest()[:10]
        seen.add(key)
        if key in store:
            continue
        layer = UserLayer(key=key, filename=file.name, origin="upload", data=file.getvalue())
        _release_upload(file)  # before the read: the layer holds the only reference
        name = escape_markdown(isolate(file.name))
        held = [v.size for v in store.values() if v.origin == "upload" and v.size]
        refused = refusal(file.name, len(layer.data), held)
        if refused is not None:  # the session's budget is spent: not read, not kept
            layer.data, layer.error = b"", refused
            layer.settle_expanded()
            store[key] = layer
            continue
        layer.size = len(layer.data)
        # What earlier runs freed, in their threads' arenas, this run's read cannot reuse.
        give_back_memory()
        with progress.status(t("uploads.reading", name=name), expanded=False) as status:
            size = f"{len(layer.data) / 1e6:.1f}"
            status.update(label=t("uploads.checking", name=name, size=size))
            _load(layer)
            give_back_memory()
            if layer.error and not layer.needs:
                status.update(label=t("uploads.unreadable", name=name), state="error")
            elif layer.needs:
                status.update(label=t("uploads.needs_choice", name=name), state="complete")
            else:
                status.update(label=t("uploads.read", name=name), state="complete")
        layer.settle_expanded()
        store[key] = layer
    for key in [k for k, v in store.items() if v.origin == "upload" and k not in seen]:
        del store[key]


def _release_upload(file) -> None:
    """Let Streamlit's uploaded-file manager forget ``file``'s bytes once the page has them.

    The manager keeps every file of the uploader until the user removes it, and the page
    never needs them again (a file that waits for a choice keeps its own reference on its
    :class:`UserLayer`); the record stays, empty, so the uploader still lists the file
    and later reruns still see its id (an id already read is skipped, see
    :func:`_sync_uploads`).
    """
    file.close()  # its buffer shares the bytes, and the widget's value keeps the file
    # Streamlit keeps the uploader's value in its widget state (and then as the previous
    # run's value) as other UploadedFile objects over the same bytes: while one of them is
    # open, the bytes live on (a 158 MB file held after its 150,000 polygons were drawn).
    for kept in _uploader_files():
        if getattr(kept, "file_id", None) == file.file_id:
            kept.close()
    ctx = get_script_run_ctx()
    manager = getattr(ctx, "uploaded_file_mgr", None)
    if manager is None:
        return
    try:
        records = manager.get_files(ctx.session_id, [file.file_id])
        for record in records:
            manager.add_file(ctx.session_id, record._replace(data=b""))
    except Exception:  # noqa: BLE001 - another manager: keeping the bytes is only memory
        return


def _uploader_files() -> list:
    """The uploader's value as Streamlit's widget state holds it (empty if unreadable)."""
    try:
        value = st.session_state.get(UPLOADER_KEY)
    except Exception:  # noqa: BLE001 - no session state (a bare script): nothing kept
        return []
    return list(value) if isinstance(value, list) else []


@st.cache_data(show_spinner="Reading a drop-in file…", max_entries=64)
def _read_dropin(path: str, size: int, mtime_ns: int, lang: str) -> UserLayer:
    """Read a drop-in file (no choices made yet); the stamp arguments make a changed file
    a new cache entry, and ``lang`` (the messages' language) keeps one language's messages
    from readers of another. What the user chooses later is kept on the copy in the session."""
    del size, mtime_ns, lang
    layer = UserLayer(key="", filename=Path(path).name, origin="drop-in", path=Path(path))
    try:
        layer.data = dropin.read_bytes(Path(path))
    except GeodataError as exc:
        layer.error = error_text(exc)
        return layer
    _load(layer)
    layer.data = b""  # read again from the file if the user must choose
    return layer


def _sync_dropins() -> None:
    store = _store()
    problems: list[str] = []
    found = dropin.scan(dropin.watched_dirs(dropin.data_dir_option(sys.argv[1:])), problems)
    for problem in problems:
        st.warning(
            t("uploads.dropin_problem", problem=escape_markdown(problem)),
            icon=":material/folder_off:",
        )
    keys = set()
    for item in found:
        key = "d" + hashlib.sha1(str(item.path).encode()).hexdigest()[:10]
        keys.add(key)
        read = _read_dropin(str(item.path), item.size, item.mtime_ns, language())
        stamp = (item.size, item.mtime_ns)
        current = store.get(key)
        if current is None or current.options.get("_stamp") != stamp:
            layer = UserLayer(
                key=key,
                filename=item.path.name,
                origin="drop-in",
                path=item.path,
                loaded=read.loaded,
                error=read.error,
                needs=read.needs,
                layer_names=list(read.layer_names),
                options={"_stamp": stamp},
            )
            layer.settle_expanded()
            if current is not None:  # the file changed: its panel keeps its arguments
                layer.expanded = current.expanded
            store[key] = layer
    for key in [k for k, v in store.items() if v.origin == "drop-in" and k not in keys]:
        del store[key]


def _show_messages(messages: list[Message]) -> None:
    show = {"error": st.error, "warning": st.warning, "info": st.info}
    for message in messages:
        show.get(message.level, st.info)(escape_markdown(in_language(message.text, language())))


def _ask_for_choice(layer: UserLayer) -> None:
    """The file needs a decision before it can be read: layer, CRS, or swapped axes."""
    if layer.needs == "layer":
        st.warning(t("uploads.several_layers", name=escape_markdown(isolate(layer.filename))))
        choice = st.selectbox(
            t("uploads.layer"),
            layer.layer_names,
            key=f"{layer.key}_pick_layer",
            format_func=bidi_safe,  # names from the file: no override reverses them
        )
        if st.button(t("uploads.load_layer"), key=f"{layer.key}_load_layer"):
            layer.options["layer"] = choice
            _load(layer)
            st.rerun()
    elif layer.needs == "crs":
        st.warning(escape_markdown(in_language(layer.error or "", language())))
        crs = st.text_input(
            t("uploads.crs"),
            placeholder=t("uploads.crs_placeholder"),
            key=f"{layer.key}_crs",
        )
        if st.button(t("uploads.read_with_crs"), key=f"{layer.key}_load_crs", disabled=not crs):
            layer.options["crs"] = crs.strip()
            _load(layer)
            st.rerun()
    elif layer.needs == "swap":
        st.warning(escape_markdown(in_language(layer.error or "", language())))
        if st.button(t("uploads.swap"), key=f"{layer.key}_swap"):
            layer.options["swap_axes"] = True
            _load(layer)
            st.rerun()


ZoneChoice = tuple  # how the features got their categories; hashable, part of the cache keys


def _zone_options(
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
        _show_messages(messages)
        return zoned, True, choice
    unknown_only = has_unknown_zones_only(gdf)
    note = st.container()  # above the choice, filled once the outcome is known
    features, zoned, choice = _zone_choice(layer, gdf, unknown_only)
    if unknown_only and not zoned:
        # A `zone` property none of whose values is a category: say so (the choice below
        # offers to map them; once they are mapped, the message would no longer be true).
        with note:
            _show_messages(zone_messages(gdf))
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
        _show_messages(messages)
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


def _prepared(
    layer: UserLayer, gdf: gpd.GeoDataFrame, zoned: bool, choice: ZoneChoice, strip_km2: float
) -> PreparedLayer:
    """The layer prepared for map and statistics; cached per zone choice (the cache is
    emptied whenever the file is read again, see :func:`_load`)."""
    cache_key = ("prepared", choice)
    if cache_key not in layer.cache:
        # Following the date control prepares one copy per date: keep the last few only.
        older = [k for k in layer.cache if isinstance(k, tuple) and k[:1] == ("prepared",)]
        for key in older[: max(0, len(older) - MAX_PREPARED + 1)]:
            del layer.cache[key]
        with st.spinner(t("uploads.preparing", name=escape_markdown(isolate(layer.filename)))):
            layer.cache[cache_key] = prepare_layer(
                gdf, key=layer.key, zoned=zoned, strip_km2=strip_km2
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
    _sync_uploads(files, st.container())
    _sync_dropins()
    shown: list[ShownLayer] = []
    sent = 0  # bytes of map data of the layers shown so far
    for place, layer in enumerate(list(_store().values())):
        colour = UPLOAD_COLOURS[place % len(UPLOAD_COLOURS)]
        with _panel(layer):
            if layer.origin == "drop-in":
                st.caption(t("uploads.dropin_caption"))
            if layer.needs:
                _ask_for_choice(layer)
                continue
            if layer.error:
                st.error(escape_markdown(in_language(layer.error, language())))
                continue
            loaded = layer.loaded
            _show_messages(loaded.messages)
            # The file's name as the layer's: no override may reverse it here or downstream.
            label = bidi_safe(
                st.text_input(
                    t("uploads.layer_name"), value=bidi_safe(loaded.name), key=f"{layer.key}_label"
                )
            )
            visible = st.checkbox(t("uploads.show"), value=True, key=f"{layer.key}_visible")
            try:
                gdf, zoned, choice = _zone_options(layer, loaded.gdf)
                gdf, following = _follow_date(layer, gdf, day)
                choice = (*choice, *following)
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
                if gdf.empty:
                    st.caption(t("uploads.none_dated"))
                    continue
                prepared = _prepared(layer, gdf, zoned, choice, strip_km2)
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
            if visible and mode != "replace":  # its legend entry: our HTML, no file text
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
    """Each upload drawn over the zones as ``(name, colour)``, for the map's legend (a
    layer that replaces the zones is drawn in the zones' own colours)."""
    return [(layer.label, layer.colour) for layer in shown if layer.mode != "replace"]


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
