"""The held share over time: drawn by the page's own scripts, in English and Arabic, inside
the page on a desktop and on a phone (real browser)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import record_foreign_requests, wait_for_app

pytestmark = pytest.mark.browser

CHART_BOX = ".st-key-held_chart_box"


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("en", "The held share over time"), ("ar", "النسبة الخاضعة لإسرائيل عبر الزمن")],
)
def test_the_chart_is_drawn_without_fetching_anything(page, app_url, lang, heading):
    foreign = record_foreign_requests(page, app_url)
    page.goto(f"{app_url}/?at=2026-04-01" + ("&lang=ar" if lang == "ar" else ""))
    wait_for_app(page)
    box = page.locator(CHART_BOX)
    box.scroll_into_view_if_needed()
    # Two panels on one time axis: the shares and the deaths, each drawn (a canvas or SVG
    # with a size), inside the page's width.
    charts = box.locator('[data-testid="stVegaLiteChart"]')
    charts.nth(1).locator("canvas, svg").first.wait_for()
    assert charts.count() == 2
    assert heading in box.inner_text()
    width = page.evaluate("() => document.documentElement.clientWidth")
    for index in range(2):
        drawn = charts.nth(index).locator("canvas, svg").first.bounding_box()
        assert drawn["height"] > 150 and drawn["x"] >= 0 and drawn["x"] + drawn["width"] <= width
    assert foreign == []


def test_the_chart_fits_a_phone_in_arabic(make_page, app_url):
    page = make_page(width=390, height=844)
    page.goto(f"{app_url}/?at=2026-04-01&lang=ar")
    wait_for_app(page)
    box = page.locator(CHART_BOX)
    box.scroll_into_view_if_needed()
    chart = box.locator('[data-testid="stVegaLiteChart"]').first.locator("canvas, svg").first
    chart.wait_for()
    drawn = chart.bounding_box()
    assert drawn["x"] >= 0 and drawn["x"] + drawn["width"] <= 390
