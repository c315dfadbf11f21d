"""The light page: ``python -m dashboard publish OUT/`` and ``--single-file map.html``.

A static page that any web server (or the app's own static serving) hands out as files:
no Python per visitor, no websocket, nothing fetched from another host. The folder holds
``index.html``, ``light.css``, ``light.js``, ``data.js`` (the data of
:func:`dashboard.browser.light_data.light_data`, as a script so that the page also opens
from disk), ``timeline.js`` (the events and crossings, fetched once the map is drawn) and
Leaflet copied from the installed ``xstatic-leaflet`` package. The single
file inlines all of them, and must stay under :data:`SINGLE_FILE_LIMIT` bytes so that it
can be passed on through a messaging app.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import shutil
from pathlib import Path

from dashboard.browser.light_data import DISPLAY_TOLERANCE_M, light_data
from dashboard.browser.offline_assets import leaflet_source_dir

ASSETS_DIR = Path(__file__).resolve().parent / "light_assets"
SINGLE_FILE_LIMIT = 1_000_000  # bytes
LEAFLET_FILES = ("leaflet.js", "leaflet.css")
PAGE_FILES = ("light.css", "light.js")
DATA_FILE = "data.js"
TIMELINE_FILE = "timeline.js"  # fetched once the map is drawn (the folder only)
TIMELINE_KEYS = ("events", "crossings")
INDEX_FILE = "index.html"
LEAFLET_DIR = "leaflet"
TOLERANCE_NOTE = (
    f"Drawn geometry: simplified by {DISPLAY_TOLERANCE_M:g} m (Douglas-Peucker on the "
    "coverage, in EPSG:32636) and quantised to 1e-5 degrees; distances use each version's "
    "unsimplified line, in EPSG:32636 rounded to 1 m."
)


class PublishError(Exception):
    """The page could not be written; the message says where and why."""


def _asset(name: str) -> str:
    return (ASSETS_DIR / name).read_text(encoding="utf-8")


def _leaflet(name: str) -> str:
    """A Leaflet file, without its source-map comment (a browser would ask for the map)."""
    text = (leaflet_source_dir() / name).read_text(encoding="utf-8")
    return "\n".join(
        line for line in text.splitlines() if not line.startswith(("//# sourceMappingURL", "/*# "))
    )


def data_script(data: dict, name: str = "LIGHT_DATA") -> str:
    """``window.<name> = {...};``, safe inside a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</" would end the script element early; "<!--" would open a comment in it.
    text = text.replace("</", "<\\/").replace("<!--", "<\\!--")
    return f"window.{name}={text};\n"


def _inline_script(text: str) -> str:
    return "<script>\n" + text.replace("</script", "<\\/script") + "\n</script>"


def render_page(data: dict, *, single_file: bool) -> str:
    """``index.html``: with links to its files beside it, or everything inlined."""
    page = _asset(INDEX_FILE).replace("__TOLERANCE_NOTE__", TOLERANCE_NOTE)
    if single_file:
        styles = "\n".join(
            f"<style>\n{text}\n</style>" for text in (_leaflet("leaflet.css"), _asset("light.css"))
        )
        scripts = "\n".join(
            _inline_script(text)
            for text in (_leaflet("leaflet.js"), data_script(data), _asset("light.js"))
        )
    else:
        styles = (
            f'<link rel="stylesheet" href="{LEAFLET_DIR}/leaflet.css">\n'
            '<link rel="stylesheet" href="light.css">'
        )
        scripts = "\n".join(
            f'<script src="{src}"></script>'
            for src in (f"{LEAFLET_DIR}/leaflet.js", DATA_FILE, "light.js")
        )
    return page.replace("__STYLES__", styles).replace("__SCRIPTS__", scripts)


def _write(path: Path, text: str | bytes) -> None:
    """Write ``text`` whole or not at all: a server (or another app process publishing the
    same page) never hands out a half-written file."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            partial.write_bytes(text)
        else:
            partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise PublishError(f"Cannot write {path}: {exc.strerror}.") from None


def split_timeline(data: dict) -> tuple[dict, dict]:
    """The map's data (naming the timeline's file) and the timeline's: on a slow link the
    page draws the zones first, then fetches the events and crossings."""
    timeline = {key: data[key] for key in TIMELINE_KEYS}
    first = {key: value for key, value in data.items() if key not in TIMELINE_KEYS}
    return {**first, "timeline_src": TIMELINE_FILE}, timeline


def publish_folder(out: Path, data: dict | None = None, *, precompress: bool = False) -> list[Path]:
    """Write the light page into the folder ``out`` (created if needed); the files written.

    With ``precompress``, each file also gets a gzip copy beside it (``data.js.gz``), which a
    server sends as it is (nginx's ``gzip_static``) instead of compressing the file again
    for every reader (deploy/nginx.conf.template).
    """
    first, timeline = split_timeline(light_data() if data is None else data)
    written = {
        out / INDEX_FILE: render_page(first, single_file=False),
        out / DATA_FILE: data_script(first),
        out / TIMELINE_FILE: data_script(timeline, "LIGHT_TIMELINE"),
        **{out / name: _asset(name) for name in PAGE_FILES},
        **{out / LEAFLET_DIR / name: _leaflet(name) for name in LEAFLET_FILES},
    }
    for path, text in written.items():
        _write(path, text)
        if precompress:
            # mtime 0: the same page gives the same bytes (and ETag) at every publish.
            _write(path.with_name(path.name + ".gz"), gzip.compress(text.encode(), 9, mtime=0))
    licence = leaflet_source_dir().parent / "LICENSE"
    if licence.exists():
        shutil.copy2(licence, out / LEAFLET_DIR / "LICENSE")
    return list(written)


def single_file_html(data: dict | None = None) -> str:
    """The whole light page as one HTML text (see :func:`publish_single_file`)."""
    return render_page(light_data() if data is None else data, single_file=True)


def publish_single_file(path: Path, data: dict | None = None) -> int:
    """Write the whole page as one HTML file; returns its size in bytes.

    Raises
    ------
    PublishError
        When it cannot be written, or would exceed :data:`SINGLE_FILE_LIMIT`.
    """
    text = single_file_html(data)
    size = len(text.encode("utf-8"))
    if size > SINGLE_FILE_LIMIT:
        raise PublishError(
            f"The single file would be {size:,} bytes, over its limit of "
            f"{SINGLE_FILE_LIMIT:,}: simplify the geometry further."
        )
    _write(path, text)
    return size
