"""The venue inset beyond Sharm el-Sheikh, in a real browser: none before an event is chosen;
a shared link or a selected event elsewhere centres the inset on its place, over offline
land (Natural Earth)."""

from __future__ import annotations

import pytest

from dashboard.config import LAND_COLOUR, SHARM_CENTER
from tests.browser.conftest import MAP_IFRAME, wait_for_app, zone_paths
from tests.browser.test_timeline import pick_event

pytestmark = pytest.mark.browser

HIGHLIGHT = 'path.leaflet-interactive[fill="#F0E442"]'
LAND = f'path[fill="{LAND_COLOUR}"]'
NEAR_DEG = 0.05  # the map's centre after a move, within rounding of the place's


def inset_frame(page):
    return page.frame_locator(MAP_IFRAME).nth(1)


def inset_center(page) -> tuple[float, float]:
    """The inset's map centre (lat, lon), read from Leaflet in its own frame."""
    return tuple(
        inset_frame(page)
        .locator(".leaflet-container")
        .first.evaluate("() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")
    )


def wait_for_inset_at(page, lat: float, lon: float) -> None:
    """Wait until the inset is centred on (lat, lon) and its land and marker are drawn."""
    inset = inset_frame(page)
    inset.locator(LAND).first.wait_for()
    inset.locator(HIGHLIGHT).first.wait_for()
    inset.locator(".leaflet-container").first.evaluate(
        """(_el, [lat, lon, near]) => new Promise((resolve, reject) => {
            const started = Date.now();
            (function check() {
                const c = window.map.getCenter();
                if (Math.abs(c.lat - lat) < near && Math.abs(c.lng - lon) < near) resolve();
                else if (Date.now() - started > 15000) reject(new Error("inset at " + c));
                else setTimeout(check, 100);
            })();
        })""",
        [lat, lon, NEAR_DEG],
    )


def assert_marker_inside_the_inset(page) -> None:
    frame_box = page.locator(MAP_IFRAME).nth(1).bounding_box()
    marker = inset_frame(page).locator(HIGHLIGHT).first.bounding_box()
    # The marker's box is relative to the page, as is the frame's.
    assert frame_box["x"] < marker["x"] < frame_box["x"] + frame_box["width"]
    assert frame_box["y"] < marker["y"] < frame_box["y"] + frame_box["height"]


def test_a_shared_link_to_the_doha_strike_shows_doha_on_land(page, app_url):
    page.goto(f"{app_url}/?event=doha-strike")
    wait_for_app(page)
    page.get_by_text("Venues: Doha", exact=True).wait_for()
    wait_for_inset_at(page, 25.2854, 51.531)
    inset = inset_frame(page)
    # Qatar and its neighbours: several land shapes and the Qatar-Saudi border.
    assert inset.locator(LAND).count() >= 3
    assert inset.locator(".leaflet-tooltip", has_text="Doha").count() >= 1
    assert "Natural Earth" in inset.locator(".leaflet-control-attribution").inner_text()
    assert_marker_inside_the_inset(page)


def test_selecting_events_elsewhere_moves_the_inset_and_back(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    assert page.locator(MAP_IFRAME).count() == 1, "no inset before an event is chosen"

    pick_event(page, "13 Oct 2025", "Trump addresses the Knesset")
    page.get_by_text("Venues: The Knesset, Jerusalem", exact=True).wait_for()
    wait_for_inset_at(page, 31.7767, 35.2052)
    assert "event=knesset" in page.url
    inset = inset_frame(page)
    assert "Natural Earth" in inset.locator(".leaflet-control-attribution").inner_text()
    assert_marker_inside_the_inset(page)

    pick_event(page, "29 Sep 2025", "White House publishes the 20-point plan and its map")
    page.get_by_text("Venues: The White House, Washington", exact=True).wait_for()
    wait_for_inset_at(page, 38.8977, -77.0365)
    assert_marker_inside_the_inset(page)

    pick_event(page, "09 Oct 2025", "Signing: Al Thani, Dermer, al-Hayya")
    page.get_by_text("Venues: Sharm el-Sheikh", exact=True).wait_for()
    wait_for_inset_at(page, *SHARM_CENTER)
    assert "GSHHG" in inset.locator(".leaflet-control-attribution").inner_text()
