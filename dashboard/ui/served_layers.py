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
"""

from __future__ import annotations

from streamlit import runtime

from dashboard.browser.serialise import BrowserLayer
from dashboard.config import INLINE_LAYER_MAX_BYTES


def served(layer: BrowserLayer, *, inline_max: int = INLINE_LAYER_MAX_BYTES) -> BrowserLayer:
    """``layer`` as the main map should get it: pasted if small, else fetched from a URL.

    Call it on every run while the layer is shown: the media file manager forgets, at the
    end of a run, every file the run did not register.
    """
    if not runtime.exists():
        return layer
    if layer.binary is not None:
        # Drawn from its binary copy (dashboard.browser.canvas_layer): serve that instead.
        digest = layer.binary.digest
        url = runtime.get_instance().media_file_mgr.add(
            layer.binary.payload,
            "application/octet-stream",
            coordinates=f"gazamap-binary-{digest}",
            file_name=f"{digest}.bin",
        )
        return layer.binary_served_at(url)
    if len(layer.text) <= inline_max:
        return layer
    url = runtime.get_instance().media_file_mgr.add(
        layer.payload,
        "application/json",
        coordinates=f"gazamap-layer-{layer.digest}",
        # Streamlit fingerprints large files by samples only; the full digest in the name
        # keeps two different layers from ever sharing an address.
        file_name=f"{layer.digest}.json",
    )
    return layer.served_at(url)
