"""Markdown and URLs in an uploaded file are shown as text: no link, no image, no request."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.browser.conftest import wait_for_app
from tests.browser.test_uploads import open_app, upload

pytestmark = pytest.mark.browser

FILE = "markdown_in_values.geojson"
VALUES = [
    "![x](http://127.0.0.1:9/img.png)",
    "[click](http://evil.example)",
    ":red[red]",
    "www.evil.example",
    "https://evil.example/x",
    "mail@evil.example",
]
WORD_JOINER = "\u2060"


def open_expander(page, expander, shows) -> None:
    """Open ``expander`` until ``shows`` is visible (a rerun may draw it anew, closed)."""
    for _ in range(20):
        if shows.is_visible():
            return
        if not expander.locator('[data-testid="stExpanderDetails"]').is_visible():
            expander.locator("summary").click()
        page.wait_for_timeout(500)
    shows.wait_for()


def test_zone_mapping_labels_show_file_values_as_text(browser, app_url):
    host = urlparse(app_url).netloc
    context = browser.new_context(viewport={"width": 1400, "height": 1400})
    page = context.new_page()
    page.set_default_timeout(30_000)
    foreign: list[str] = []
    page.on(
        "request",
        lambda r: (
            foreign.append(r.url)
            if urlparse(r.url).netloc not in (host, "")
            and not r.url.startswith(("data:", "blob:", "about:"))
            else None
        ),
    )
    open_app(page, app_url)
    upload(page, FILE)

    sidebar = page.locator('[data-testid="stSidebar"]')
    expander = sidebar.locator('[data-testid="stExpander"]', has_text=f"Upload: {FILE}").first
    choice = expander.get_by_text("From a property")
    open_expander(page, expander, choice)
    choice.click()
    wait_for_app(page)
    # The rerun drops the upload's status box above, so the expander is drawn anew, closed.
    open_expander(page, expander, expander.get_by_text("→").nth(len(VALUES) - 1))
    page.wait_for_timeout(1000)  # give any image or link the time to load

    assert page.locator('a[href*="evil.example"]').count() == 0
    assert page.locator('a[href^="mailto:"]').count() == 0
    assert page.locator('img[src*="127.0.0.1:9"]').count() == 0
    assert foreign == []
    # Each value reads as it is in the file (the word joiners are invisible).
    text = expander.inner_text().replace(WORD_JOINER, "")
    for value in VALUES:
        assert f"“{value}” →" in text, value
    context.close()
