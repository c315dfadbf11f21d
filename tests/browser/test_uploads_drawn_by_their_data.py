"""Uploads drawn by their data, in a real browser: an ArcGIS-style export with dates in
milliseconds since 1970 gets the date filter; a number drawn in graduated classes shows a
legend with bounds and features in several colours; the same file again is not added."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard.browser.layer_classes import DEFAULT_CLASSES, ramp
from tests.browser.conftest import map_frame, wait_for_app
from tests.browser.test_uploads import UPLOAD_INPUT, open_app, upload, upload_panel
from tests.conftest import DATA

pytestmark = pytest.mark.browser

ARCGIS = "arcgis_ms_dates.geojson"


def plain(text: str) -> str:
    """``text`` without the Unicode isolates around values (see dashboard.messages.isolate)."""
    return text.replace("\u2068", "").replace("\u2069", "")


def choose_option(page, select_box, name: str) -> None:
    """Pick ``name`` in a select box; a rerun that draws the box again closes its list, so
    the list is opened again until the option shows (as a person would click again)."""
    option = page.get_by_role("option", name=name, exact=True)
    for _ in range(4):
        select_box.get_by_role("combobox").click()
        try:
            option.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            wait_for_app(page)
    option.click()


def test_an_arcgis_export_gets_the_date_filter_and_graduated_classes(make_page, app_url, tmp_path):
    page = make_page(1400, 1400)
    open_app(page, app_url)
    upload(page, ARCGIS)
    panel = upload_panel(page, ARCGIS)
    panel.locator("summary").click()

    # Its dates, milliseconds since 1970, are recognised: the panel offers to follow them.
    follow = panel.locator('[data-testid="stSelectbox"]', has_text="Follow the date control")
    follow.wait_for()

    # Graduated classes of `value`: the legend gives each class its bounds.
    panel.get_by_text("By classes of a number").click()
    number = panel.locator('[data-testid="stSelectbox"]', has_text="Number to put in classes")
    number.wait_for()
    wait_for_app(page)
    choose_option(page, number, "value")
    wait_for_app(page)
    rows = panel.locator(".layer-legend-row")
    # The rows of the classes of `value` (the box's first number's rows may still show).
    rows.filter(has_text="0.05 – ").first.wait_for()
    assert rows.count() == DEFAULT_CLASSES
    texts = [plain(rows.nth(i).inner_text()) for i in range(rows.count())]
    assert texts[0].startswith("0.05 – ") and texts[-1].startswith("0.") and " – 0.95" in texts[-1]

    # On the map, the squares are filled in the ramp's colours: more than one of them.
    frame = map_frame(page)
    colours = ramp(DEFAULT_CLASSES)
    selector = ", ".join(f'path.leaflet-interactive[fill="{c}"]' for c in colours)
    frame.locator(selector).first.wait_for()
    fills = {
        frame.locator(selector).nth(i).get_attribute("fill")
        for i in range(frame.locator(selector).count())
    }
    assert len(fills) == DEFAULT_CLASSES, fills

    # The same content again (downloaded twice): named as a repeat of the layer already
    # there, not drawn twice.
    drawn = frame.locator(selector).count()
    again = tmp_path / "arcgis_ms_dates (1).geojson"
    again.write_bytes((DATA / ARCGIS).read_bytes())
    page.locator(UPLOAD_INPUT).set_input_files(str(again))
    page.get_by_text("has the same content as", exact=False).first.wait_for()
    wait_for_app(page)
    assert frame.locator(selector).count() == drawn
