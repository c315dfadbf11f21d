"""A calm first screen, in a real browser at 1400 x 900 and 390 x 844, English and Arabic:
few enabled buttons once the whole page has been drawn, a sidebar at most two screens tall,
one legend (the map's), no venue inset before an event is chosen, and a link at the top that
takes a phone to the timeline in one tap."""

from __future__ import annotations

import pytest

from tests.browser.conftest import MAP_IFRAME, map_frame, wait_for_app, zone_paths

pytestmark = pytest.mark.browser

DESKTOP, PHONE = (1400, 900), (390, 844)
MAX_BUTTONS = 45  # issue 22: at most 45 enabled buttons on the first full load at 1400x900
SIDEBAR = '[data-testid="stSidebar"]'
SIDEBAR_CONTENT = '[data-testid="stSidebarContent"]'
ENABLED_BUTTONS = "document.querySelectorAll('button:not([disabled])').length"


def open_first_load(make_page, app_url: str, size: tuple[int, int], lang: str):
    """A visitor's first load, waited for until the second (whole-page) run has drawn."""
    page = make_page(*size)
    page.goto(f"{app_url}/?lang={lang}")
    wait_for_app(page)  # waits for a part only the whole-page run draws
    page.locator(".st-key-tl_next").wait_for(state="attached")
    zone_paths(page, "#882255").first.wait_for()
    return page


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_first_load_has_few_buttons_and_a_short_sidebar(make_page, app_url, size, lang):
    width, height = size
    page = open_first_load(make_page, app_url, size, lang)
    buttons = page.evaluate(ENABLED_BUTTONS)
    assert buttons <= MAX_BUTTONS, buttons
    if size == PHONE:  # the drawer starts closed (the page closes it): open it to measure
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stSidebar\"]')"
            ".getAttribute('data-collapsed') === 'true'"
        )
        page.get_by_test_id("stExpandSidebarButton").click()
    # Open, and at its full width (a drawer still sliding in wraps its text narrower).
    page.wait_for_function(
        "() => { const bar = document.querySelector('[data-testid=\"stSidebar\"]');"
        " return bar.getAttribute('data-collapsed') === 'false'"
        " && bar.getBoundingClientRect().width >= 240; }"
    )
    tall = page.locator(SIDEBAR_CONTENT).evaluate("el => el.scrollHeight")
    assert tall <= 2 * height, f"sidebar {tall} px at {width}x{height}"
    # No timeline and no legend in the sidebar: the timeline is a section, the legend the map's.
    assert page.locator(f'{SIDEBAR} [class*="st-key-tl_"]').count() == 0
    assert page.locator('[data-testid="map-legend"]').count() == 0
    # No venue inset before an event is chosen: the main map only.
    assert page.locator(MAP_IFRAME).count() == 1


def test_one_legend_on_the_desktop_unfolded_on_the_map(make_page, app_url):
    page = open_first_load(make_page, app_url, DESKTOP, "en")
    legend = map_frame(page).locator(".map-legend")
    assert legend.count() == 1
    assert legend.get_by_text("Retained by Israel (behind the yellow line)").is_visible()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_phone_reaches_the_timeline_in_one_tap(make_page, app_url, lang):
    page = open_first_load(make_page, app_url, PHONE, lang)
    link = page.locator("a.gcm-timeline-jump")
    box = link.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE[1], "on the first screen"
    link.click()
    heading = page.locator("#timeline")
    page.wait_for_function(
        "h => { const r = document.querySelector('#timeline').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= h; }",
        arg=PHONE[1],
    )
    assert heading.is_visible()
    # The day picker and the steps are right there.
    assert page.locator(".st-key-tl_day").is_visible()
