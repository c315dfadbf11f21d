"""The light page beside the app: "Light version" at the top of the sidebar, and the single
file to download (``python -m dashboard publish``, see :mod:`dashboard.browser.light_page`).

The page is published once per process into ``dashboard/static/light/``, which Streamlit
serves at ``/app/static/light/`` (``server.enableStaticServing``), in a background thread:
a first visit does not wait for it. The single file is built from the same data, and only
handed over when someone asks for it.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import streamlit as st

from dashboard.browser.light_data import light_data
from dashboard.browser.light_page import publish_folder, single_file_html
from dashboard.config import STATIC_DIR, STATIC_URL
from dashboard.ui.i18n import language, t

LIGHT_DIR = STATIC_DIR / "light"
LIGHT_URL = f"{STATIC_URL}/light/index.html"
SINGLE_FILE_NAME = "gaza-ceasefire-map.html"


def _publish() -> str:
    data = light_data()
    publish_folder(LIGHT_DIR, data, precompress=True)  # nginx sends the .gz as they are
    return single_file_html(data)


@st.cache_resource(show_spinner=False)
def _published() -> Future:
    """The folder written and the single file's text, once per process, off the script."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="light-page").submit(_publish)


def _single_file() -> bytes:
    return _published().result().encode("utf-8")


def light_version(map_only: bool) -> None:
    """The link to the light page (in the page's language) and the single file's download.

    ``map_only``: a visitor's first run (see :mod:`dashboard.ui.map_first`), which draws the
    map as soon as it can: the page is published from the next run on, not competing with it.
    """
    if not map_only:
        _published()
    lang = "" if language() == "en" else f"#lang={language()}"
    with st.container(horizontal=True, vertical_alignment="center", key="light_version"):
        st.markdown(f"[{t('light.link')}]({LIGHT_URL}{lang})", help=t("light.link_help"))
        st.download_button(
            t("light.download"),
            _single_file,
            file_name=SINGLE_FILE_NAME,
            mime="text/html",
            on_click="ignore",
        )
