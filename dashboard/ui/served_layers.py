"""Large layers served apart from the map's script, so an unchanged one is never re-sent.

streamlit-folium evaluates one script holding every layer, and the page sends that script
again on every change (a toggle, a click). A layer of tens of megabytes would travel each
time. Instead, a large layer is handed to Streamlit's media file manager, which keeps it
in memory (never on disk) and serves it at ``/media/<content hash>.json`` while this
session shows it (a layer with a binary copy, at ``/media/<content hash>.bin``, see
:mod:`dashboard.browser.binary_geometry`); the map's script carries only that address,
and the map fetches the data once and keeps the layer it built (see
:class:`dashboard.browser.fast_geojson.FastGeoJson`).

The address is a hash of the content (the full SHA-256 digest goes into it): only someone
who already has the data could name it, and two different layers never share one.

Streamlit serves ``/media/`` to whoever has the address, with no check of the session, and
keeps a session whose tab closed for a while in case it reconnects (its files with it).
So the layers of a session whose browser is gone are dropped here within
two :data:`SWEEP_SECONDS` (:func:`drop_closed_sessions`, on a background thread): the address
then answers 404. A session that reconnects registers its layers again on its next run (the
map keeps what it built meanwhile). The map fetches them with ``cache: "no-store"`` so the
browser keeps no copy. Streamlit 1.67 lets an app set no header on ``/media/`` responses:
a deployment adds ``Cache-Control: no-store`` there in its proxy (``deploy/``, a
``location /media/`` with ``add_header Cache-Control "no-store" always;``).
"""

from __future__ import annotations

import threading
import time

from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.browser.serialise import BrowserLayer
from dashboard.config import INLINE_LAYER_MAX_BYTES

SWEEP_SECONDS = 10.0  # a closed tab's layers stay fetchable two sweeps at most

_serving: set[str] = set()  # sessions that were given a served layer, until they close
_gone_once: set[str] = set()  # of those, the ones no browser was connected to at the last sweep
_lock = threading.Lock()
_sweeper: threading.Thread | None = None


def drop_closed_sessions(rt=None) -> list[str]:
    """Forget the served files of every session that has had no browser connected at this
    sweep and the one before (a network blip shorter than a sweep keeps them).

    Parameters
    ----------
    rt : streamlit.runtime.Runtime, optional
        The runtime (default: the running one).

    Returns
    -------
    list of str
        The sessions whose files were let go (their addresses now answer 404).
    """
    rt = runtime.get_instance() if rt is None else rt
    with _lock:
        gone = {session for session in _serving if not rt.is_active_session(session)}
        closed = sorted(gone & _gone_once)
        _gone_once.clear()
        _gone_once.update(gone - set(closed))
        _serving.difference_update(closed)
    for session in closed:
        rt.media_file_mgr.clear_session_refs(session)
    if closed:
        rt.media_file_mgr.remove_orphaned_files()
    return closed


def _sweep_forever() -> None:
    while True:
        time.sleep(SWEEP_SECONDS)
        if not runtime.exists():
            return
        try:
            drop_closed_sessions()
        except Exception:  # noqa: BLE001 - a sweep that fails tries again; the page goes on
            continue


def _note_session() -> None:
    """Remember this run's session as one that serves layers; start the sweeper once."""
    global _sweeper
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    with _lock:
        _serving.add(ctx.session_id)
        if _sweeper is None or not _sweeper.is_alive():
            _sweeper = threading.Thread(
                target=_sweep_forever,
                name="gazamap-served-layers",
                daemon=True,
            )
            _sweeper.start()


def served(layer: BrowserLayer, *, inline_max: int = INLINE_LAYER_MAX_BYTES) -> BrowserLayer:
    """``layer`` as the main map should get it: pasted if small, else fetched from a URL.

    Call it on every run while the layer is shown: the media file manager forgets, at the
    end of a run, every file the run did not register.
    """
    if not runtime.exists():
        return layer
    if layer.binary is not None:
        _note_session()
        # Drawn from its binary copy (dashboard.browser.canvas_layer): serve that instead.
        digest, files = layer.binary.digest, runtime.get_instance().media_file_mgr
        url = files.add(
            layer.binary.payload,
            "application/octet-stream",
            coordinates=f"gazamap-binary-{digest}",
            file_name=f"{digest}.bin",
        )
        # Gzipped once, kept with the prepared layer: what a browser that can decompress
        # fetches (Streamlit would gzip the raw copy again at every request).
        gz_url = files.add(
            layer.binary.compressed,
            "application/gzip",
            coordinates=f"gazamap-binary-gz-{digest}",
            file_name=f"{digest}.bin.gz",  # served as /media/<id>.gz
        )
        return layer.binary_served_at(url, gz_url)
    if len(layer.text) <= inline_max:
        return layer
    _note_session()
    url = runtime.get_instance().media_file_mgr.add(
        layer.payload,
        "application/json",
        coordinates=f"gazamap-layer-{layer.digest}",
        # Streamlit fingerprints large files by samples only; the full digest in the name
        # keeps two different layers from ever sharing an address.
        file_name=f"{layer.digest}.json",
    )
    return layer.served_at(url)
