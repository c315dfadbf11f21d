"""The timeline (a section under the map), the venue inset and shareable links, in a real
browser."""

from __future__ import annotations

import pytest

from tests.browser.conftest import MAP_IFRAME, wait_for_app, zone_paths

pytestmark = pytest.mark.browser

HIGHLIGHT = 'path.leaflet-interactive[fill="#F0E442"]'
SECTION = ".st-key-timeline_section"


def inset_frame(page):
    return page.frame_locator('iframe[title="streamlit_folium.st_folium"]').nth(1)


def pick_event(page, day: str, title: str) -> None:
    """Pick ``day`` (as the day picker writes it, e.g. "09 Oct 2025") in the timeline's
    section, then the event titled ``title`` among that day's."""
    section = page.locator(SECTION)
    section.scroll_into_view_if_needed()
    picker = section.locator(".st-key-tl_day")
    picker.click()
    page.keyboard.type(day)
    page.get_by_role("option", name=day).first.click()
    wait_for_app(page)
    section.get_by_role("button", name=title).click()
    wait_for_app(page)


def test_select_an_event_and_step_through(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    # No event in the sidebar any more, and no inset before an event is chosen.
    assert page.locator('[data-testid="stSidebar"] [class*="st-key-tl_"]').count() == 0
    assert page.locator(MAP_IFRAME).count() == 1
    pick_event(page, "08 Oct 2025", "Witkoff and Kushner meet al-Hayya at the Four Seasons")
    page.get_by_role(
        "heading", name="Witkoff and Kushner meet al-Hayya at the Four Seasons"
    ).wait_for()
    assert "event=four-seasons-meeting" in page.url
    inset = inset_frame(page)
    inset.locator(HIGHLIGHT).first.wait_for()
    assert inset.locator(".leaflet-tooltip", has_text="Four Seasons Resort").count() >= 1
    assert page.get_by_text("Axios (Barak Ravid)", exact=False).count() >= 1

    page.locator(SECTION).get_by_role("button", name="Next ▶").click()
    wait_for_app(page)
    page.get_by_role("heading", name="The envoys relay the answer to the White House").wait_for()
    assert "event=relay-to-wh" in page.url


def test_a_link_opens_the_event(page, app_url):
    page.goto(f"{app_url}/?event=signing")
    wait_for_app(page)
    page.get_by_role("heading", name="Signing: Al Thani, Dermer, al-Hayya").wait_for()
    assert page.get_by_text("Reported by a single source; not confirmed elsewhere.").count() == 1
    inset_frame(page).locator(HIGHLIGHT).first.wait_for()
    # The day picker shows the event's day, and the event among its events.
    page.locator(f"{SECTION} .st-key-tl_signing").wait_for()


def test_an_event_in_gaza_is_shown_on_the_main_map(page, app_url):
    page.goto(f"{app_url}/?event=ceasefire-in-effect")
    wait_for_app(page)
    main = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first
    main.locator(HIGHLIGHT).first.wait_for()
    assert main.locator(".leaflet-tooltip", has_text="Gaza Strip").count() >= 1
    assert page.locator(MAP_IFRAME).count() == 1, "no inset: the event is on the main map"


def test_the_signing_says_the_line_did_not_exist_yet(page, app_url):
    """An event before 10 Oct 2025, chosen in the timeline: the map moves to the first line
    and a note above the map says there was no line on the event's day."""
    page.goto(app_url)
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    pick_event(page, "09 Oct 2025", "Signing: Al Thani, Dermer, al-Hayya")
    page.wait_for_function("() => location.search.includes('at=2025-10-10')")
    note = page.get_by_text("On 9 Oct 2025 the line did not exist yet", exact=False).first
    note.wait_for()
    assert note.bounding_box()["y"] < page.locator(MAP_IFRAME).first.bounding_box()["y"]
