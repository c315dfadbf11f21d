"""Markdown and URLs in an uploaded file are shown as text: no link, no image, no request."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import record_foreign_requests, wait_for_app, wait_for_network_idle
from tests.browser.test_uploads import open_app, upload
from tests.conftest import DATA

pytestmark = pytest.mark.browser

FILE = "markdown_in_values.geojson"
# The values of the file's `status` property, which the mapping labels show.
VALUES = [
    f["properties"]["status"]
    for f in json.loads((DATA / FILE).read_text(encoding="utf-8"))["features"]
]
WORD_JOINER = "\u2060"


def open_expander(page, expander, shows) -> None:
    """Open ``expander`` until ``shows`` is visible (a rerun may draw it anew, closed)."""
    for _ in range(20):
        if not expander.locator('[data-testid="stExpanderDetails"]').is_visible():
            expander.locator("summary").click()
        try:
            shows.wait_for(timeout=500)
            return
        except PlaywrightTimeout:
            continue  # redrawn closed meanwhile: open it again
    shows.wait_for()


def test_zone_mapping_labels_show_file_values_as_text(make_page, app_url):
    page = make_page(1400, 1400)
    foreign = record_foreign_requests(page, app_url)
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
    wait_for_network_idle(page)  # any image or link would have been requested by now

    assert page.locator('a[href*="evil.example"]').count() == 0
    assert page.locator('a[href^="mailto:"]').count() == 0
    assert page.locator('img[src*="127.0.0.1:9"]').count() == 0
    assert foreign == []
    # Each value reads as it is in the file (the word joiners are invisible).
    text = expander.inner_text().replace(WORD_JOINER, "")
    for value in VALUES:
        assert f"“{value}” →" in text, value
