"""Map tools in a real browser: finding a place by name (the place box), zooming to an
upload, full screen,
the ruler, the keys P and N inside the map, and the legend on the map."""

from __future__ import annotations

import pytest

from dashboard.config import UPLOAD_COLOURS
from dashboard.intake import timeline_data as ev
from tests.browser.conftest import (
    MAP_IFRAME,
    after_two_frames,
    largest,
    map_frame,
    wait_for_app,
    zone_paths,
)
from tests.conftest import DATA

pytestmark = pytest.mark.browser

UPLOAD_INPUT = '[data-testid="stSidebar"] [data-testid="stFileUploaderDropzoneInput"]'


def map_view(page) -> dict:
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    return frame.evaluate(
        "() => ({lat: window.map.getCenter().lat, lon: window.map.getCenter().lng,"
        " zoom: window.map.getZoom()})"
    )


def find(page, text: str) -> None:
    box = page.locator(".st-key-place_choice")
    box.wait_for()  # drawn by the full run, not the map's first
    wait_for_app(page)
    box.click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    wait_for_app(page)


@pytest.mark.parametrize("name", ["Khan Younis", "خان يونس"])
def test_a_place_is_found_by_english_or_arabic_name(page, app_url, name):
    page.goto(f"{app_url}/?at=2025-10-19")
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    before = map_view(page)
    find(page, name)
    page.wait_for_function(
        "() => document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
        ".contentWindow.map.getZoom() >= 12"
    )
    after = map_view(page)
    assert after["zoom"] > before["zoom"]
    assert abs(after["lat"] - 31.345) < 0.03 and abs(after["lon"] - 34.31) < 0.04, after
    # The place is marked on the map with its name.
    label = map_frame(page).locator(".leaflet-tooltip", has_text="Khan")
    label.first.wait_for()


def test_zoom_to_an_uploaded_layer(page, app_url):
    page.goto(f"{app_url}/?at=2025-10-19")
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    page.locator(UPLOAD_INPUT).set_input_files(str(DATA / "valid_zones.geojson"))
    panel = page.locator('[data-testid="stExpander"]', has_text="Upload: valid_zones").first
    panel.wait_for()
    wait_for_app(page)
    button = panel.get_by_role("button", name="Zoom to this layer")
    if not button.is_visible():
        panel.locator("summary").first.click()
    before = map_view(page)
    button.click()
    wait_for_app(page)
    page.wait_for_function(
        "z => document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
        ".contentWindow.map.getZoom() > z",
        arg=before["zoom"],
    )
    after = map_view(page)
    # The file's squares lie around 34.34 E, 31.405 N: the map is centred on them.
    assert abs(after["lat"] - 31.405) < 0.02 and abs(after["lon"] - 34.35) < 0.03, after


def test_the_map_goes_full_screen_and_back(page, app_url):
    page.goto(f"{app_url}/?at=2025-10-19")
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    button = map_frame(page).locator("a.fullscreen-button")
    assert button.get_attribute("title") == "Full screen"
    button.click()
    frame.wait_for_function("() => document.fullscreenElement !== null")
    assert frame.evaluate("() => document.fullscreenElement === window.map.getContainer()")
    button.click()
    frame.wait_for_function("() => document.fullscreenElement === null")


def test_a_distance_is_measured_on_the_map(page, app_url):
    page.goto(f"{app_url}/?at=2025-10-19")
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    map_frame(page).locator("a.measure-button").click()
    # Two points about 10 km apart along the coast road, clicked through Leaflet's API.
    frame.evaluate(
        "() => { for (const p of [[31.40, 34.30], [31.49, 34.30]]) {"
        " window.map.fire('click', {latlng: L.latLng(p[0], p[1])}); } }"
    )
    label = map_frame(page).locator(".leaflet-tooltip.measure-label")
    label.wait_for()
    km = float(label.inner_text().split()[0])
    assert 9.9 <= km <= 10.1, label.inner_text()  # 0.09° of latitude: 10.0 km
    # Measuring clicks reach no other handler: nothing was selected or measured by the page.
    assert page.get_by_text("Pick or type a place, type coordinates").count() == 1
    map_frame(page).locator("a.measure-button").click()  # stop: the path is cleared
    label.wait_for(state="detached")


def test_keys_p_and_n_work_after_a_click_in_the_map(page, app_url):
    timeline = ev.load_timeline()
    shown = ev.filter_events(timeline.events, include_context=True)
    _, next_id = ev.neighbours(shown, "signing")
    page.goto(f"{app_url}/?event=signing")
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    iframe = page.locator(MAP_IFRAME).first
    box = iframe.bounding_box()
    iframe.click(position={"x": box["width"] * 0.15, "y": box["height"] * 0.35})  # the sea
    # The page has measured the click (its rerun is over) before a key is pressed.
    page.get_by_text("is outside the Gaza Strip", exact=False).first.wait_for()
    wait_for_app(page)
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"  # the map has the keys
    page.keyboard.press("n")
    wait_for_app(page)
    page.wait_for_function("id => location.search.includes('event=' + id)", arg=next_id)
    title = next(e.title for e in timeline.events if e.id == next_id)
    page.get_by_role("heading", name=title).wait_for()
    iframe.click(position={"x": box["width"] * 0.15, "y": box["height"] * 0.4})
    wait_for_app(page)
    page.keyboard.press("p")
    wait_for_app(page)
    page.wait_for_function("() => location.search.includes('event=signing')")


HOVER_TOOLTIPS = ".leaflet-tooltip:not(.place-label):not(.context-label):not(.measure-label)"


def test_measuring_closes_the_hover_tooltips_and_opens_none(page, app_url):
    page.goto(f"{app_url}/?at=2025-10-19")
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    zone = largest(zone_paths(page, "#117733"))
    frame_box = page.locator(MAP_IFRAME).first.bounding_box()
    point = zone.evaluate(
        """(el) => {
            const r = el.getBoundingClientRect();
            for (let f = 0.3; f < 0.8; f += 0.02) {
                const x = r.left + r.width * f, y = r.top + r.height * f;
                if (document.elementFromPoint(x, y) === el) return [x, y];
            }
            return null;
        }"""
    )
    assert point is not None
    page.mouse.move(frame_box["x"] + point[0], frame_box["y"] + point[1])
    tooltips = map_frame(page).locator(HOVER_TOOLTIPS)
    tooltips.first.wait_for()  # the zone's tooltip, under the mouse
    # The ruler is switched on without moving the mouse (as from the keyboard).
    frame.evaluate("() => document.querySelector('a.measure-button').click()")
    tooltips.first.wait_for(state="detached")
    # While measuring, a feature's tooltip does not open, even when asked to.
    frame.evaluate(
        """() => window.map.eachLayer((layer) => {
            if (layer.feature && layer.getTooltip && layer.getTooltip()) layer.openTooltip();
        })"""
    )
    after_two_frames(frame)
    assert tooltips.count() == 0
    page.mouse.move(frame_box["x"] + point[0] + 5, frame_box["y"] + point[1] + 5)
    assert tooltips.count() == 0


def test_the_map_legend_lists_the_zones_and_each_upload_in_its_colour(page, app_url):
    page.goto(f"{app_url}/?at=2025-10-19")
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    legend = map_frame(page).locator(".map-legend")
    if not legend.locator(".map-legend-row").first.is_visible():
        legend.locator(".map-legend-toggle").click()  # folded beside the desktop sidebar
    for text in (
        "Retained by Israel (behind the yellow line)",
        "Israeli withdrawal (handed back)",
        "Buffer / off-limits perimeter",
        "Yellow line (on the date shown)",
    ):
        assert legend.get_by_text(text, exact=True).count() == 1, text
    page.locator(UPLOAD_INPUT).set_input_files(str(DATA / "valid_zones.geojson"))
    page.locator('[data-testid="stExpander"]', has_text="Upload: valid_zones").first.wait_for()
    wait_for_app(page)
    row = legend.locator(".map-legend-row", has_text="valid_zones")
    row.wait_for()
    colour = row.locator(".map-legend-upload").evaluate("(el) => el.style.getPropertyValue('--c')")
    assert colour == UPLOAD_COLOURS[0]
    # Hiding a zone category takes it off the legend (the map is not re-mounted for it).
    page.get_by_text("Buffer / off-limits perimeter").first.click()
    wait_for_app(page)
    legend.get_by_text("Buffer / off-limits perimeter").wait_for(state="hidden")
