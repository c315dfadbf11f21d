"""The page on a tablet (820 x 1180) and a phone (390 x 844), and on a desktop for contrast:
what a person holding the device sees and can do with a thumb."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard.intake import timeline_data as ev
from tests.browser.conftest import MAP_IFRAME, map_frame, wait_for_app, zone_paths

pytestmark = pytest.mark.browser

TABLET, PHONE, DESKTOP = (820, 1180), (390, 844), (1400, 900)
SIDEBAR = '[data-testid="stSidebar"]'
SIGNING = "Signing: Al Thani, Dermer, al-Hayya"


def open_app(make_page, app_url: str, size: tuple[int, int], query: str = "?event=signing"):
    page = make_page(*size)
    page.goto(f"{app_url}/{query}")
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    return page


def sidebar_closed(page) -> bool:
    return page.locator(SIDEBAR).get_attribute("data-collapsed") == "true"


def next_after(event_id: str) -> ev.Event:
    """The event after ``event_id`` in the timeline with its default filters."""
    timeline = ev.load_timeline()
    shown = ev.filter_events(timeline.events, include_context=True)
    _, next_id = ev.neighbours(shown, event_id)
    return next(e for e in timeline.events if e.id == next_id)


def test_a_phones_map_is_full_width_with_the_place_box_and_the_event_under_it(make_page, app_url):
    width, _ = PHONE
    page = open_app(make_page, app_url, PHONE)
    # The sidebar does not take room from the map: it starts closed.
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stSidebar\"]')"
        ".getAttribute('data-collapsed') === 'true'"
    )
    frame = page.locator(MAP_IFRAME).first.bounding_box()
    assert frame["width"] >= width - 40, frame  # the page's margins only
    # The place box comes right under the map (the date note between), then the event.
    place = page.get_by_role("heading", name="Distance to the line").bounding_box()
    below = place["y"] - (frame["y"] + frame["height"])
    assert 0 <= below <= 200, (frame, place)
    heading = page.get_by_role("heading", name=SIGNING).bounding_box()
    assert place["y"] < heading["y"] <= place["y"] + 600, (place, heading)


def test_the_desktop_keeps_its_sidebar_and_map_beside_the_panels(make_page, app_url):
    page = open_app(make_page, app_url, DESKTOP)
    assert not sidebar_closed(page)
    frame = page.locator(MAP_IFRAME).first.bounding_box()
    details = page.get_by_role("heading", name="Details").bounding_box()
    assert details["x"] > frame["x"] + frame["width"], (frame, details)  # beside the map
    # The thumb-sized step buttons under the map are for narrow screens only.
    assert page.locator(".st-key-narrow_steps").first.is_hidden()


def test_a_phone_steps_through_events_under_the_map(make_page, app_url):
    page = open_app(make_page, app_url, PHONE)
    after = next_after("signing")
    steps = page.locator(".st-key-narrow_steps")
    steps.get_by_role("button", name="Next ▶").click()
    wait_for_app(page)
    page.get_by_role("heading", name=after.title).wait_for()
    assert f"event={after.id}" in page.url
    assert sidebar_closed(page)


def test_the_phone_drawer_closes_after_a_choice(make_page, app_url):
    page = open_app(make_page, app_url, PHONE)
    sidebar = page.locator(SIDEBAR)
    # A layer toggle closes it, and the map follows the choice (the timeline is a section
    # of the page, no longer in the drawer).
    page.get_by_test_id("stExpandSidebarButton").click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stSidebar\"]')"
        ".getAttribute('data-collapsed') === 'false'"
    )
    sidebar.get_by_text("Buffer / off-limits perimeter").first.click()
    wait_for_app(page)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stSidebar\"]')"
        ".getAttribute('data-collapsed') === 'true'"
    )
    zone_paths(page, "#CC79A7").first.wait_for(state="detached")

    # So does a base map picked from its list (which opens outside the drawer).
    page.get_by_test_id("stExpandSidebarButton").click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stSidebar\"]')"
        ".getAttribute('data-collapsed') === 'false'"
    )
    # The list can close again when a rerun redraws the select under the click: open it
    # until its options show.
    for _ in range(5):
        wait_for_app(page)
        sidebar.locator('.st-key-base_map [role="combobox"]').click()
        try:
            page.get_by_role("option").nth(1).wait_for(timeout=3000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    page.get_by_role("option").nth(1).click()
    wait_for_app(page)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stSidebar\"]')"
        ".getAttribute('data-collapsed') === 'true'"
    )


def test_the_area_table_fits_a_phone(make_page, app_url):
    page = open_app(make_page, app_url, PHONE)
    table = page.locator('[data-testid="stTable"]', has_text="Share of the Strip (%)").first
    table.scroll_into_view_if_needed()
    header = table.get_by_text("Share of the Strip (%)")
    box = header.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE[0], box
    assert table.get_by_text("Retained by Israel (behind the yellow line)").is_visible()


# (A tablet's map, beside the sidebar that now starts open there, is narrow enough to fold
# it too: the sidebar's own legend is in view.)
@pytest.mark.parametrize(("size", "unfolded"), [(PHONE, False)], ids=["phone"])
def test_the_map_legend_is_folded_on_a_phone(make_page, app_url, size, unfolded):
    page = open_app(make_page, app_url, size)
    legend = map_frame(page).locator(".map-legend")
    rows = legend.locator(".map-legend-row")
    assert rows.first.is_visible() is unfolded
    legend.locator(".map-legend-toggle").click()  # one tap unfolds (or folds) it
    assert rows.first.is_visible() is not unfolded
    if not unfolded:
        assert legend.get_by_text("Retained by Israel (behind the yellow line)").is_visible()
