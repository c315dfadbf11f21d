"""The user's files in this session: uploads read once (the same content twice is named,
not read again), drop-in files read from the watched folders, and the choices a file needs
before it can be read (its layer, its CRS, swapped axes).

Uploads live in this browser session (``st.session_state``), so no other session can
see them and the bundled data is never touched; while a file is read it is written once
to a private temporary folder and deleted (see :mod:`dashboard.intake.scratch`).
"""

from __future__ import annotations

import hashlib
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.browser.escaping import escape_markdown
from dashboard.intake import dropin
from dashboard.intake.isolated_read import read_isolated
from dashboard.intake.memory import give_back_memory
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
)
from dashboard.ui.i18n import language, t

UPLOADER_KEY = "uploads"  # the file uploader's widget key (load tests name it too)

LOG = logging.getLogger(__name__)


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
    digest: str = ""  # the upload's SHA-256: the same content uploaded again is not read
    duplicate_of: str | None = None  # the key of the layer this upload repeats

    def settle_expanded(self) -> None:
        """Decide :attr:`expanded` from the file's state: call once, after the first read."""
        self.expanded = (
            self.error is not None or self.needs is not None or self.duplicate_of is not None
        )


def session_files() -> dict[str, UserLayer]:
    """The user's files of this session (uploads and drop-ins), by key, in their order."""
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


def sync_uploads(files, progress) -> None:
    """Read newly uploaded files (their progress shown in ``progress``), forget removed ones.

    ``progress`` is a container drawn on every run, so the reading notes it holds on the run
    that reads a file, and not on the next, do not move the panels below it.
    """
    store = session_files()
    seen = set()
    for file in files or []:
        key = "u" + hashlib.sha1(file.file_id.encode()).hexdigest()[:10]
        seen.add(key)
        if key in store:
            continue
        layer = UserLayer(key=key, filename=file.name, origin="upload", data=file.getvalue())
        _release_upload(file)  # before the read: the layer holds the only reference
        layer.digest = hashlib.sha256(layer.data).hexdigest()
        layer.duplicate_of = duplicate_of(layer.digest, store)
        if layer.duplicate_of is not None:  # the same content again: named, not read twice
            layer.data = b""
            layer.settle_expanded()
            store[key] = layer
            continue
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


def sync_dropins() -> None:
    store = session_files()
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


def show_messages(messages: list[Message]) -> None:
    show = {"error": st.error, "warning": st.warning, "info": st.info}
    for message in messages:
        show.get(message.level, st.info)(escape_markdown(in_language(message.text, language())))


def ask_for_choice(layer: UserLayer) -> None:
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


def duplicate_of(digest: str, layers: dict[str, UserLayer]) -> str | None:
    """The key of the upload already in ``layers`` with the content ``digest`` (the first
    one, never one that is itself a repeat), or None."""
    for key, layer in layers.items():
        if layer.origin == "upload" and layer.digest == digest and layer.duplicate_of is None:
            return key
    return None


def duplicate_text(layer: UserLayer) -> str:
    """What the panel of a repeated upload says: the layer it repeats, by its name on the
    page (the user may have renamed it)."""
    original = session_files().get(layer.duplicate_of or "")
    name = original.filename if original is not None else ""
    label = st.session_state.get(f"{layer.duplicate_of}_label") or name
    return t(
        "uploads.duplicate",
        name=escape_markdown(isolate(layer.filename)),
        layer=escape_markdown(isolate(str(label))),
    )
