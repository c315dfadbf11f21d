"""Serve Leaflet from the app itself, never from a CDN.

Leaflet's files come from the installed ``xstatic-leaflet`` package; at start-up
they are copied into ``dashboard/static/vendor/`` (ignored by git), which
Streamlit serves at ``/app/static/`` when ``server.enableStaticServing`` is on.
Folium's class-level asset lists are then pointed at those local URLs, so every
map this process builds loads only from its own host.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import folium

from dashboard.config import STATIC_URL, VENDOR_DIR

LEAFLET_DIR_NAME = "leaflet"
LEAFLET_JS = f"{STATIC_URL}/vendor/{LEAFLET_DIR_NAME}/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/vendor/{LEAFLET_DIR_NAME}/leaflet.css"
# Only what is needed: Leaflet itself. We use no folium element that needs jQuery,
# Bootstrap or Font Awesome (no folium.Popup, no folium.Icon, no branca colormap).
LOCAL_JS: list[tuple[str, str]] = [("leaflet", LEAFLET_JS)]
LOCAL_CSS: list[tuple[str, str]] = [("leaflet_css", LEAFLET_CSS)]


def leaflet_source_dir() -> Path:
    """Return the folder of the installed ``xstatic-leaflet`` data files.

    Raises
    ------
    RuntimeError
        If the package is not installed, with the command that fixes it.
    """
    try:
        from xstatic.pkg import leaflet
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "Leaflet's files are missing: install the dashboard with `pip install -e .` "
            "(it depends on the xstatic-leaflet package)."
        ) from exc
    return Path(leaflet.BASE_DIR)


def install_leaflet(vendor_dir: Path = VENDOR_DIR) -> Path:
    """Copy Leaflet's JS, CSS and images into the served vendor folder.

    Idempotent and cheap: files are copied only when missing or different in size,
    so calling it on every script run costs a few ``stat`` calls.

    Returns
    -------
    Path
        The folder the files were copied to.
    """
    source = leaflet_source_dir()
    target = vendor_dir / LEAFLET_DIR_NAME
    for src in source.rglob("*"):
        if src.is_dir() or src.suffix == ".map" or "esm" in src.name:
            continue
        dst = target / src.relative_to(source)
        if dst.exists() and dst.stat().st_size == src.stat().st_size:
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
    licence = source.parent / "LICENSE"
    if licence.exists():
        shutil.copy2(licence, target / "LICENSE")
    return target


def use_local_assets() -> None:
    """Point folium's Map at the locally served Leaflet files.

    Assigns new lists (``add_js_link`` would mutate folium's shared defaults).
    """
    folium.Map.default_js = list(LOCAL_JS)
    folium.Map.default_css = list(LOCAL_CSS)


def prepare_offline_assets(vendor_dir: Path = VENDOR_DIR) -> None:
    """Copy the assets and switch folium to them: call once before building maps."""
    install_leaflet(vendor_dir)
    use_local_assets()
