"""The page in Arabic in a real browser: right-to-left layout, Arabic sidebar, Arabic place
labels on the map (inside its frame, which keeps left-to-right layout)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    MAP_IFRAME,
    largest,
    map_frame,
    point_inside,
    wait_for_app,
    zone_paths,
)

pytestmark = pytest.mark.browser


def test_the_arabic_page_runs_right_to_left_with_arabic_place_names(page, app_url):
    page.goto(f"{app_url}/?lang=ar&at=2025-10-19")
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
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
    # So are the towns around the Strip (the offline base's labels).
    map_frame(page).locator(".context-label", has_text="عسقلان").first.wait_for(state="attached")
    assert map_frame(page).locator(".context-label", has_text="Ashkelon").count() == 0
    # Each toggle's knob sits inside its track (its offset is made for left to right).
    knobs_out = sidebar.locator('label:has(input[role="switch"])').evaluate_all(
        """labels => labels.map(l => {
            const track = l.querySelector(':scope > div:not([data-testid])');
            const t = track.getBoundingClientRect();
            const k = track.firstElementChild.getBoundingClientRect();
            return k.left >= t.left && k.right <= t.right ? null : l.textContent;
        }).filter(Boolean)"""
    )
    assert sidebar.locator('label:has(input[role="switch"])').count() >= 3
    assert knobs_out == []


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


def test_an_event_and_the_zone_version_read_in_arabic(page, app_url):
    """A shared Arabic link to an event: its Arabic title heads the event's text and its
    timeline button, and the date control names the version in force in Arabic."""
    page.goto(f"{app_url}/?lang=ar&event=idf-yellow-line-map&at=2025-10-19")
    wait_for_app(page)
    title = "المتحدث باسم الجيش الإسرائيلي بالعربية ينشر خريطة الخط الأصفر"
    event_box = page.locator(".st-key-event_box")
    event_box.get_by_role("heading", name=title).wait_for()
    event_box.get_by_text("ينشر أفيخاي أدرعي خريطة للخط الأصفر", exact=False).wait_for()
    assert event_box.get_by_text("Avichay Adraee posts a map", exact=False).count() == 0
    # Its button in the timeline's section, on the event's day.
    timeline = page.locator(".st-key-timeline_section")
    timeline.locator(".st-key-tl_idf-yellow-line-map").get_by_role("button", name=title).wait_for()
    main = page.locator('[data-testid="stMainBlockContainer"]')
    label = "19 أكتوبر 2025: خريطة الجيش الإسرائيلي للخط الأصفر"
    main.get_by_text(label, exact=False).first.wait_for()
    assert main.get_by_text("the IDF's map of the yellow line", exact=False).count() == 0


def hover_inside(page, locator) -> None:
    """Move the mouse to a point that really hits ``locator``'s SVG path."""
    page.mouse.move(*point_inside(page, locator))


def test_a_zone_tooltip_reads_in_arabic(page, app_url):
    """Hovering a zone on the Arabic page: its Arabic name, the Arabic labels and the area
    in كم²; no English name."""
    page.goto(f"{app_url}/?lang=ar&at=2025-10-19")
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    hover_inside(page, largest(zone_paths(page, "#882255")))
    tooltip = map_frame(page).locator(".leaflet-tooltip:has(table)").first
    tooltip.wait_for()
    text = tooltip.inner_text()
    assert "منطقة تحتفظ بها إسرائيل – " in text, text
    assert "المساحة (تقريبًا)" in text and "كم²" in text, text
    assert "Retained" not in text and "km²" not in text, text


def test_the_inset_names_doha_in_arabic(page, app_url):
    page.goto(f"{app_url}/?lang=ar&event=doha-strike")
    wait_for_app(page)
    page.get_by_text("أماكن الاجتماعات: الدوحة", exact=True).wait_for()
    inset = page.frame_locator(MAP_IFRAME).nth(1)
    inset.locator(".leaflet-tooltip", has_text="الدوحة").first.wait_for()
    assert inset.locator(".leaflet-tooltip", has_text="Doha").count() == 0


def test_the_arabic_page_is_arabic_and_right_to_left_on_html_and_back(page, app_url):
    page.goto(f"{app_url}/?lang=ar")
    wait_for_app(page)
    root = page.locator("html")
    page.wait_for_function("() => document.documentElement.dir === 'rtl'")
    assert root.get_attribute("lang") == "ar" and root.get_attribute("dir") == "rtl"
    # Headings sit on the right (Streamlit aligns them left whatever the direction).
    heading = page.locator('[data-testid="stMainBlockContainer"] h1').first
    assert heading.evaluate("el => getComputedStyle(el).textAlign") == "right"
    # The map's own buttons say what they do in Arabic.
    frame = map_frame(page)
    frame.locator('.leaflet-control-zoom-in[title="تكبير"]').wait_for()
    assert frame.locator(".fullscreen-button").get_attribute("title") == "ملء الشاشة"
    assert frame.locator(".measure-button").get_attribute("aria-label").startswith("قياس")
    # The English page puts English and left to right back.
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    page.wait_for_function("() => document.documentElement.dir === 'ltr'")
    assert root.get_attribute("lang") == "en"
    frame.locator('.leaflet-control-zoom-in[title="Zoom in"]').wait_for()
