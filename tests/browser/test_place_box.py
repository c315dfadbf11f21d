"""The place box and its answer in a real browser, and the phone held in one hand: a place
picked in Arabic is measured with its segment in view, a tap on a phone's map brings the
answer into view, one finger scrolls the page over the map and two move the map, 44 px
targets, and the sidebar open on a tablet."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import MAP_IFRAME, map_frame, wait_for_app, zone_paths

pytestmark = pytest.mark.browser

PHONE, TABLET, DESKTOP = (390, 844), (820, 1180), (1400, 900)
ANSWER = ".st-key-place_answer"
MAIN = '[data-testid="stMain"]'  # Streamlit's page scrolls in this element, not the window
SEGMENT_LAYERS = """() => {
    const ends = [];
    window.map.eachLayer(l => {
        if (l instanceof L.Polyline && l.options.dashArray === "6 4") ends.push(...l.getLatLngs());
    });
    return ends;
}"""


@pytest.fixture
def touch_page(make_page):
    """A page in a phone's context (touch, mobile): a finger is the pointer."""
    return lambda width, height: make_page(width, height, has_touch=True, is_mobile=True)


def opened(page, app_url: str, query: str = "?at=2026-04-01"):
    page.goto(f"{app_url}/{query}")
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    page.locator(".st-key-place_choice").wait_for()  # drawn by the full run, not the map's
    wait_for_app(page)
    return page.locator(MAP_IFRAME).first.element_handle().content_frame()


def shown_in(box) -> str:
    """What a select box shows: its choice (or what is typed in it)."""
    return box.locator('input[role="combobox"]').input_value()


def page_scroll(page) -> float:
    return page.evaluate(f"document.querySelector('{MAIN}').scrollTop")


def swipe(page, points_at, steps: int = 10, step_px: int = 25) -> None:
    """A touch gesture through Chrome's input pipeline (CDP), upwards: one finger per start
    point in ``points_at``."""
    cdp = page.context.new_cdp_session(page)

    def touches(i: int) -> list[dict]:
        return [{"x": x, "y": y - step_px * i, "id": n} for n, (x, y) in enumerate(points_at)]

    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": touches(0)})
    for i in range(1, steps + 1):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": touches(i)})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_a_place_picked_in_arabic_is_measured_with_its_segment_in_view(page, app_url):
    frame = opened(page, app_url, "?at=2026-04-01&lang=ar")
    box = page.locator(".st-key-place_choice")
    box.click()
    page.keyboard.type("خان يونس")
    page.get_by_role("option", name="خان يونس (بلدة)").click()
    wait_for_app(page)
    answer = page.locator(ANSWER)
    answer.get_by_text(re.compile(r"خان يونس.*من الخط")).first.wait_for()
    # The box keeps the choice, in Arabic.
    assert "خان يونس (بلدة)" in shown_in(box)
    # The map went there, and both ends of the segment to the line are on it.
    map_frame(page).locator('path[stroke-dasharray="6 4"]').first.wait_for(state="attached")
    frame.wait_for_function("() => window.map.getZoom() >= 10")
    ends = frame.evaluate(SEGMENT_LAYERS)
    assert len(ends) == 2
    inside = frame.evaluate(
        "ends => ends.map(e => window.map.getBounds().contains(L.latLng(e.lat, e.lng)))", ends
    )
    assert inside == [True, True], ends


def test_a_name_typed_in_the_other_language_is_found(page, app_url):
    opened(page, app_url)
    box = page.locator(".st-key-place_choice")
    box.click()
    page.keyboard.type("المغازي")
    page.keyboard.press("Enter")  # no English option has these letters: added as typed
    wait_for_app(page)
    page.locator(ANSWER).get_by_text(re.compile(r"Maghazi.*from the line")).first.wait_for()
    assert "Maghazi (town)" in shown_in(box)


def test_a_tap_on_a_phones_map_shows_the_answer_on_the_screen(touch_page, app_url):
    page = touch_page(*PHONE)
    frame = opened(page, app_url)
    iframe = page.locator(MAP_IFRAME).first.bounding_box()
    # Mid-Strip, near Deir al-Balah, where the map shows it.
    x, y = frame.evaluate(
        "() => { const p = window.map.latLngToContainerPoint([31.42, 34.36]); return [p.x, p.y]; }"
    )
    page.touchscreen.tap(iframe["x"] + x, iframe["y"] + y)
    wait_for_app(page)
    # (Chrome moves a tap onto a nearby target: the point may be off the one aimed at.)
    page.locator(ANSWER).get_by_text(re.compile(r"Clicked point|outside the Gaza Strip")).wait_for()
    # The answer is on the screen, whole, without the visitor scrolling to it.
    page.wait_for_function(
        """sel => { const r = document.querySelector(sel).getBoundingClientRect();
                    return r.top >= -1 && r.bottom <= window.innerHeight + 1; }""",
        arg=ANSWER,
    )


def test_one_finger_scrolls_the_page_over_the_map_and_two_move_the_map(touch_page, app_url):
    page = touch_page(*PHONE)
    frame = opened(page, app_url)
    iframe = page.locator(MAP_IFRAME).first.bounding_box()
    x = iframe["x"] + iframe["width"] * 0.6
    y = min(iframe["y"] + iframe["height"] * 0.6, PHONE[1] - 20)
    centre = frame.evaluate("() => window.map.getCenter()")
    assert page_scroll(page) == 0
    # Two fingers move the map, and not the page.
    swipe(page, [(x - 60, y), (x + 20, y)])
    frame.wait_for_function("c => window.map.getCenter().lat !== c.lat", arg=centre)
    assert page_scroll(page) == 0
    # One finger scrolls the page; the map stays where it is.
    centre = frame.evaluate("() => window.map.getCenter()")
    swipe(page, [(x, y)])
    page.wait_for_function(f"() => document.querySelector('{MAIN}').scrollTop > 100")
    assert frame.evaluate("() => window.map.getCenter()") == centre
    # A short hint says how to move the map.
    hint = map_frame(page).locator(".two-finger-hint")
    assert hint.inner_text() == "Use two fingers to move the map"


def test_a_phones_targets_are_44_px(touch_page, app_url):
    page = touch_page(*PHONE)
    frame = opened(page, app_url)
    buttons = frame.evaluate(
        "() => Array.from(document.querySelectorAll('.leaflet-bar a'))"
        ".map(a => [a.title, a.getBoundingClientRect().width, a.getBoundingClientRect().height])"
    )
    assert buttons and all(w >= 44 and h >= 44 for _, w, h in buttons), buttons
    small = page.evaluate(
        f"""() => Array.from(document.querySelectorAll(
                '{MAIN} button, {MAIN} input, {MAIN} summary'))
            .map(e => [e.innerText.slice(0, 30), e.getBoundingClientRect().height])
            .filter(([, h]) => h > 0 && h < 44)"""
    )
    assert small == [], small


def test_the_municipalities_table_fits_a_phone(touch_page, app_url):
    page = touch_page(*PHONE)
    opened(page, app_url)
    expander = page.locator(
        '[data-testid="stExpander"]', has_text="Municipalities: area on each side of the line"
    ).first
    expander.locator("summary").click()
    table = expander.locator('[data-testid="stTable"]')
    table.scroll_into_view_if_needed()
    right = table.evaluate(
        "t => Math.max(...Array.from(t.querySelectorAll('th, td'))"
        ".map(c => c.getBoundingClientRect().right))"
    )
    assert right <= PHONE[0], right


def test_a_tablet_opens_with_the_sidebar_beside_the_page(make_page, app_url):
    page = make_page(*TABLET)
    opened(page, app_url)
    page.wait_for_function("() => window.__gazaMapNarrow === true")  # the drawer script ran
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_attribute("data-collapsed") == "false"
    assert sidebar.get_by_text("Reference layers").first.is_visible()
