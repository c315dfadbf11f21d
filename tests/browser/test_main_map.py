"""What only a browser shows: zones drawn, toggles without re-mounting, clicks, offline."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.browser.conftest import (
    MAP_IFRAME,
    click_inside,
    largest,
    map_frame,
    record_foreign_requests,
    wait_for_app,
    wait_for_network_idle,
    zone_paths,
)

pytestmark = pytest.mark.browser

RETAINED, WITHDRAWAL, BUFFER = "#882255", "#117733", "#CC79A7"


def open_app(page, url: str) -> None:
    # The 10 Oct 2025 version: the hand-drawn withdrawal these tests were written against.
    page.goto(f"{url}/?at=2025-10-10")
    wait_for_app(page)
    zone_paths(page, RETAINED).first.wait_for()


def test_zones_drawn_with_no_request_to_another_host(page, app_url):
    foreign = record_foreign_requests(page, app_url)
    open_app(page, app_url)
    for colour in (RETAINED, WITHDRAWAL, BUFFER):
        assert zone_paths(page, colour).count() >= 1, colour
    assert map_frame(page).locator(".leaflet-control-zoom").count() == 1
    wait_for_network_idle(page)  # a late request (a tile, a font) would be caught too
    assert foreign == []


def test_toggle_layer_without_remounting_the_map(page, app_url):
    open_app(page, app_url)
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    frame.evaluate("window.__mounted_once = true")
    buffer_count = zone_paths(page, BUFFER).count()
    assert buffer_count >= 1

    page.get_by_text("Buffer / off-limits perimeter").first.click()
    wait_for_app(page)
    zone_paths(page, BUFFER).first.wait_for(state="detached")
    assert zone_paths(page, RETAINED).count() >= 1

    page.get_by_text("Buffer / off-limits perimeter").first.click()
    wait_for_app(page)
    zone_paths(page, BUFFER).first.wait_for()
    assert zone_paths(page, BUFFER).count() == buffer_count
    # Same iframe document: the map was updated in place, not re-mounted.
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    assert frame.evaluate("window.__mounted_once === true")


def test_click_a_zone_shows_its_details(page, app_url):
    open_app(page, app_url)
    page.get_by_text("Buffer / off-limits perimeter").first.click()  # buffer off: bigger targets
    wait_for_app(page)
    zone_paths(page, BUFFER).first.wait_for(state="detached")
    click_inside(page, largest(zone_paths(page, WITHDRAWAL)))
    details = page.locator('[data-testid="stMarkdownContainer"]', has_text="Source:")
    details.first.wait_for(timeout=20_000)
    text = details.first.locator(
        "xpath=ancestor::div[@data-testid='stVerticalBlock'][1]"
    ).inner_text()
    assert "Withdrawal" in text
    assert "Confidence" in text and "low" in text.lower()

    # A click on the sea clears the selection.
    iframe = page.locator(MAP_IFRAME).first
    box = iframe.bounding_box()
    iframe.click(position={"x": box["width"] * 0.15, "y": box["height"] * 0.35})
    wait_for_app(page)
    page.get_by_text("Click a zone, line or place on the map").first.wait_for()
    # Streamlit keeps the last run's elements on screen until the new run replaces them.
    details.first.wait_for(state="detached")
    assert details.count() == 0


def test_an_online_base_that_cannot_load_leaves_the_map_usable(page, app_url):
    """Tile requests are aborted inside the browser (nothing leaves this machine): the
    zones must still be drawn, over the sea-coloured background, and stay clickable."""
    host = urlparse(app_url).netloc
    aborted: list[str] = []

    def route(request_route):
        if urlparse(request_route.request.url).netloc == host:
            request_route.continue_()
        else:
            aborted.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    open_app(page, app_url)
    page.get_by_role("combobox", name="Base map").click()
    with page.expect_event(
        "requestfailed", predicate=lambda r: "tile.openstreetmap.org" in r.url
    ):  # a tile was asked for, and its request failed
        page.get_by_role("option", name="OpenStreetMap").click()
    wait_for_app(page)
    frame = map_frame(page)
    frame.locator("img.leaflet-tile").first.wait_for(state="attached")
    assert any("tile.openstreetmap.org" in url for url in aborted)
    # The map says the tiles could not load, and the offline base shows underneath.
    frame.locator(".tile-error-note").wait_for()
    assert "could not load" in frame.locator(".tile-error-note").inner_text()
    assert frame.locator('.leaflet-offlineBase-pane path[fill="#EFEBE3"]').count() >= 1
    for colour in (RETAINED, WITHDRAWAL, BUFFER):
        assert zone_paths(page, colour).count() >= 1, colour
    click_inside(page, largest(zone_paths(page, WITHDRAWAL)))
    page.locator('[data-testid="stMarkdownContainer"]', has_text="Source:").first.wait_for()


@pytest.mark.parametrize(
    ("width", "height", "query"),
    [
        (1366, 768, "?at=2025-10-10"),
        (1400, 900, ""),
        (1366, 768, "?lang=ar"),
        (1400, 900, "?lang=ar"),
    ],
)
def test_the_map_fits_the_first_screen(make_page, app_url, width, height, query):
    # Today's date (the longest caption above the map) and Arabic (a taller header) too.
    page = make_page(width, height)
    page.goto(f"{app_url}/{query}")
    wait_for_app(page)
    zone_paths(page, BUFFER).first.wait_for()
    box = page.locator(MAP_IFRAME).first.bounding_box()
    assert box["y"] + box["height"] <= height, box  # clickable with no scroll
    assert box["height"] >= 380, box
    # The map inside fills its frame: its bottom controls are in view.
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    inner = frame.evaluate("() => window.map.getContainer().getBoundingClientRect().height")
    assert abs(inner - box["height"]) < 2, (inner, box)
