"""The timeline, the venue inset and shareable links, in a real browser."""

from __future__ import annotations

import pytest

from tests.browser.conftest import wait_for_app, zone_paths

pytestmark = pytest.mark.browser

HIGHLIGHT = 'path.leaflet-interactive[fill="#F0E442"]'


def inset_frame(page):
    return page.frame_locator('iframe[title="streamlit_folium.st_folium"]').nth(1)


def test_select_an_event_and_step_through(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role(
        "button", name="Witkoff and Kushner meet al-Hayya at the Four Seasons"
    ).click()
    wait_for_app(page)
    page.get_by_role(
        "heading", name="Witkoff and Kushner meet al-Hayya at the Four Seasons"
    ).wait_for()
    assert "event=four-seasons-meeting" in page.url
    inset = inset_frame(page)
    inset.locator(HIGHLIGHT).first.wait_for()
    assert inset.locator(".leaflet-tooltip", has_text="Four Seasons Resort").count() >= 1
    assert page.get_by_text("Axios (Barak Ravid)", exact=False).count() >= 1

    sidebar.get_by_role("button", name="Next ▶").click()
    wait_for_app(page)
    page.get_by_role("heading", name="The envoys relay the answer to the White House").wait_for()
    assert "event=relay-to-wh" in page.url


def test_a_link_opens_the_event(page, app_url):
    page.goto(f"{app_url}/?event=signing")
    wait_for_app(page)
    page.get_by_role("heading", name="Signing: Al Thani, Dermer, al-Hayya").wait_for()
    assert page.get_by_text("Reported by a single source; not confirmed elsewhere.").count() == 1
    inset_frame(page).locator(HIGHLIGHT).first.wait_for()


def test_an_event_in_gaza_is_shown_on_the_main_map(page, app_url):
    page.goto(f"{app_url}/?event=ceasefire-in-effect")
    wait_for_app(page)
    main = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first
    main.locator(HIGHLIGHT).first.wait_for()
    assert main.locator(".leaflet-tooltip", has_text="Gaza Strip").count() >= 1
