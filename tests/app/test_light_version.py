"""The light version from the app: a link at the top of the sidebar (in the page's
language), the page published where Streamlit serves it, and the single file offered for
download."""

from __future__ import annotations

from dashboard.ui import light_link
from dashboard.ui.light_link import LIGHT_DIR, LIGHT_URL
from tests.app.conftest import walk_elements


def links(at) -> list[str]:
    return [m.value for m in at.markdown if LIGHT_URL in m.value]


def test_the_header_links_to_the_published_light_page(app_test):
    at = app_test.run()
    assert not at.exception
    assert links(at) == [f"[Light version]({LIGHT_URL})"]
    # Published once per process, beside the app's other static files.
    html = light_link._published().result(timeout=120)
    assert (LIGHT_DIR / "index.html").is_file() and (LIGHT_DIR / "data.js").is_file()
    assert (LIGHT_DIR / "data.js.gz").is_file()  # sent as it is by nginx (gzip_static)
    assert "window.LIGHT_DATA=" in html and len(html.encode()) <= 1_000_000
    # The single file is offered for download (Streamlit's AppTest has no reader for it).
    assert offers_the_single_file(at)


def offers_the_single_file(at) -> bool:
    """Whether a download button of the single file is on the page (AppTest has no reader
    for download buttons: its element's text is searched)."""
    return any(
        "Download the map as one file" in str(getattr(e, "proto", ""))
        for e in walk_elements(at._tree)
    )


def test_in_arabic_the_link_opens_the_light_page_in_arabic(app_test):
    app_test.query_params["lang"] = "ar"
    at = app_test.run()
    assert not at.exception
    assert links(at) == [f"[النسخة الخفيفة]({LIGHT_URL}#lang=ar)"]
