"""The map's view in the address: pan the map, copy the link, open it elsewhere."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import MAP_IFRAME, wait_for_app, zone_paths

pytestmark = pytest.mark.browser

# In the map's frame: a promise of the map's next "moveend" (a zoom or a drag ends, with
# its animation or inertia).
NEXT_MOVEEND = "() => { window.__moveEnded = new Promise(r => window.map.once('moveend', r)); }"
VIEW = re.compile(r"[?&]view=(-?[\d.]+)%2C(-?[\d.]+)%2C([\d.]+)")


def map_view(page) -> dict:
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    return frame.evaluate(
        "() => ({lat: window.map.getCenter().lat, lon: window.map.getCenter().lng,"
        " zoom: window.map.getZoom()})"
    )


def test_a_panned_and_zoomed_view_is_in_the_link_and_a_link_opens_it(make_page, app_url):
    page = make_page()
    page.goto(f"{app_url}/?at=2025-10-19")
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    assert "view=" not in page.url  # the map's own first view is not written
    box = page.locator(MAP_IFRAME).first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    page.mouse.move(x, y)
    frame.evaluate(NEXT_MOVEEND)
    page.mouse.wheel(0, -120)  # zoom in
    frame.evaluate("() => window.__moveEnded")  # the zoom's animation is over
    page.mouse.down()
    page.mouse.move(x + 150, y + 60, steps=8)
    frame.evaluate(NEXT_MOVEEND)
    page.mouse.up()
    frame.evaluate("() => window.__moveEnded")  # after the drag's inertia
    page.wait_for_function("() => /[?&]view=/.test(location.search)")
    shown = map_view(page)
    found = VIEW.search(page.url)
    assert found, page.url
    lat, lon, zoom = (float(v) for v in found.groups())
    assert abs(lat - shown["lat"]) < 1e-3 and abs(lon - shown["lon"]) < 1e-3
    assert zoom == pytest.approx(shown["zoom"], abs=0.25)
    assert "at=2025-10-19" in page.url  # the other parts of the link stay

    # A change made on the page (a layer shown) keeps the view in the address.
    page.get_by_text("Municipalities (OpenStreetMap)").first.click()
    page.wait_for_function("() => /[?&]layers=/.test(location.search)")
    wait_for_app(page)
    assert VIEW.search(page.url), page.url

    other = make_page()
    other.goto(page.url)
    wait_for_app(other)
    # The map opens at the link's view at once: the first zone drawn may lie outside it.
    zone_paths(other, "#882255").first.wait_for(state="attached")
    other.wait_for_function(
        "([lat, zoom]) => {"
        " const m = document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
        "  .contentWindow.map;"
        " return m && Math.abs(m.getCenter().lat - lat) < 2e-3"
        "  && Math.abs(m.getZoom() - zoom) < 0.3; }",
        arg=[lat, zoom],
    )
    opened = map_view(other)
    assert abs(opened["lon"] - lon) < 2e-3


def test_a_malformed_view_in_a_link_opens_the_usual_map(page, app_url):
    page.goto(f"{app_url}/?view=abc,1e999,NaN")
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0
    view = map_view(page)
    assert 31.2 < view["lat"] < 31.7 and 34.2 < view["lon"] < 34.6


def test_a_link_at_zoom_17_opens_at_zoom_17(page, app_url):
    # Zoom 16 and more used to open the default view: the map's first fit was still
    # animating when the link's view was asked for, and Leaflet kept the fit.
    page.goto(f"{app_url}/?view=31.34,34.29,17")
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for(state="attached")
    page.wait_for_function(
        "() => { const m = document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
        "  .contentWindow.map; return m && m.getZoom() === 17; }"
    )
    shown = map_view(page)
    assert abs(shown["lat"] - 31.34) < 1e-3 and abs(shown["lon"] - 34.29) < 1e-3
