"""The page in Arabic in a real browser: right-to-left layout, Arabic sidebar, Arabic place
labels on the map (inside its frame, which keeps left-to-right layout)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import MAP_IFRAME, map_frame, wait_for_app, zone_paths

pytestmark = pytest.mark.browser


def test_the_arabic_page_runs_right_to_left_with_arabic_place_names(page, app_url):
    page.goto(f"{app_url}/?lang=ar&at=2025-10-19")
    wait_for_app(page)
    zone_paths(page, "#D55E00").first.wait_for()
    title = page.locator('[data-testid="stMainBlockContainer"] h1').first
    assert title.inner_text().strip() == "خريطة وقف إطلاق النار في غزة"
    assert title.evaluate("el => getComputedStyle(el).direction") == "rtl"
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("مناطق تحتفظ بها إسرائيل (خلف الخط الأصفر)").first.wait_for()
    # The map's frame is not mirrored, and its place labels are Arabic.
    frame = page.locator(MAP_IFRAME).first
    assert frame.evaluate("el => getComputedStyle(el).direction") == "ltr"
    map_frame(page).locator(".leaflet-tooltip", has_text="خان يونس").first.wait_for()
    assert map_frame(page).locator(".leaflet-tooltip", has_text="Khan Younis").count() == 0


def test_the_switch_goes_back_to_english_and_the_address_follows(page, app_url):
    page.goto(f"{app_url}/?lang=ar")
    wait_for_app(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    wait_for_app(page)
    page.get_by_role("heading", name="Gaza Ceasefire Map").first.wait_for()
    assert "lang=" not in page.url
    title = page.locator('[data-testid="stMainBlockContainer"] h1').first
    assert title.evaluate("el => getComputedStyle(el).direction") == "ltr"
    map_frame(page).locator(".leaflet-tooltip", has_text="Khan Younis").first.wait_for()
