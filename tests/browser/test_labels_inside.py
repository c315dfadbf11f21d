"""Labels and tooltips stay inside their map: none runs past the right edge."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import MAP_IFRAME, wait_for_app, zone_paths

pytestmark = pytest.mark.browser

OVERFLOW = """() => {
    const box = document.querySelector('.leaflet-container').getBoundingClientRect();
    return Array.from(document.querySelectorAll('.leaflet-tooltip'))
        .filter(t => t.offsetParent !== null)
        .filter(t => getComputedStyle(t).visibility !== 'hidden')
        .filter(t => { const r = t.getBoundingClientRect();
                       return r.right > box.right + 1 || r.left < box.left - 1; })
        .map(t => t.textContent);
}"""

# True once LabelsInside has placed every permanent label of the frame's map (it marks each
# with the side it was given first): measuring before that would test Leaflet's placement.
PLACED = """() => {
    const m = Object.values(window).find(v => v instanceof L.Map);
    if (!m) return false;
    let count = 0, placed = true;
    m.eachLayer(l => {
        const t = l.getTooltip && l.getTooltip();
        if (!t || !t.options.permanent || !m.hasLayer(t)) return;
        count += 1;
        if (t.options.direction !== 'center' && t.__preferred === undefined) placed = false;
    });
    return count > 0 && placed;
}"""


def measured_when(frame, measure: str, done: str) -> object:
    """``measure`` (a JavaScript function) evaluated in ``frame`` once ``done`` (an
    expression over its result ``s``) holds, or after 15 s: the assertion that follows
    then says what is wrong."""
    try:
        frame.wait_for_function(
            f"() => {{ const s = ({measure})(); return {done}; }}", timeout=15_000
        )
    except PlaywrightTimeout:
        pass
    return frame.evaluate(measure)


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (390, 844)])
def test_venue_labels_in_the_inset_are_not_cut(make_page, app_url, width, height):
    page = make_page(width, height)
    page.goto(f"{app_url}/?event=knesset")
    wait_for_app(page)
    inset = page.frame_locator(MAP_IFRAME).nth(1)
    inset.locator(".leaflet-tooltip").first.wait_for()
    frame = page.locator(MAP_IFRAME).nth(1).element_handle().content_frame()
    frame.wait_for_function(PLACED)
    assert frame.evaluate(OVERFLOW) == []


def test_a_hover_tooltip_near_the_right_edge_opens_to_the_left(page, app_url):
    page.goto(f"{app_url}/?at=2025-10-19")
    wait_for_app(page)
    zone_paths(page, "#CC79A7").first.wait_for()
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    box = page.locator(MAP_IFRAME).first.bounding_box()
    # The buffer's eastern edge near Beit Hanoun is close to the map's right edge: hover the
    # rightmost point of the buffer that is on screen.
    point = zone_paths(page, "#CC79A7").first.evaluate(
        """(el) => {
            const r = el.getBoundingClientRect();
            for (let x = r.right - 2; x > r.left; x -= 2)
                for (let y = r.top; y < r.bottom; y += 3)
                    if (document.elementFromPoint(x, y) === el) return [x, y];
            return null;
        }"""
    )
    assert point is not None
    page.mouse.move(box["x"] + point[0], box["y"] + point[1])
    frame.wait_for_function("() => !!document.querySelector('.leaflet-tooltip table')")
    # Leaflet moves the tooltip to the side with room as it opens.
    assert measured_when(frame, OVERFLOW, "s.length === 0") == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_town_labels_that_fit_stay_on_one_line(page, app_url, lang):
    page.goto(f"{app_url}/?at=2025-10-19&lang={lang}")
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    frame.wait_for_function(PLACED)
    widths = frame.evaluate(
        "() => Array.from(document.querySelectorAll('.leaflet-tooltip.place-label'))"
        ".map(t => [t.textContent.trim(), t.getBoundingClientRect().width,"
        " t.getBoundingClientRect().height])"
    )
    assert len(widths) >= 10
    assert all(w < 160 and h < 30 for _, w, h in widths), widths


CROWDING = """() => {
    const shown = el => el.offsetParent !== null && getComputedStyle(el).visibility !== 'hidden';
    const labels = Array.from(document.querySelectorAll('.leaflet-tooltip-pane .leaflet-tooltip'))
        .filter(shown).map(t => [t.textContent.trim(), t.getBoundingClientRect()]);
    const controls = Array.from(document.querySelectorAll('.leaflet-control'))
        .filter(shown).map(c => c.getBoundingClientRect()).filter(r => r.width > 0);
    // Touching by the labels' padding (4 px) is allowed.
    const hit = (a, b) => a.left < b.right - 5 && b.left < a.right - 5
        && a.top < b.bottom - 5 && b.top < a.bottom - 5;
    const pairs = [];
    labels.forEach(([n, r], i) => labels.slice(i + 1).forEach(([m, q]) => {
        if (hit(r, q)) pairs.push([n, m]); }));
    const covered = labels.filter(([, r]) => controls.some(c => hit(r, c))).map(([n]) => n);
    return {shown: labels.length, pairs, covered};
}"""


def settled(frame, least: int) -> dict:
    """What CROWDING sees once the labels are placed (they are placed after the map has its
    size and its fonts, later on a busy machine), or after 15 s."""
    return measured_when(
        frame, CROWDING, f"s.shown >= {least} && !s.pairs.length && !s.covered.length"
    )


@pytest.mark.parametrize(("width", "height", "lang"), [(390, 844, "en"), (390, 844, "ar")])
def test_crowded_labels_on_a_phone_neither_pile_up_nor_hide_under_buttons(
    make_page, app_url, width, height, lang
):
    page = make_page(width, height)
    page.goto(f"{app_url}/?at=2025-10-19&lang={lang}")
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    seen = settled(frame, 8)
    assert seen["pairs"] == [] and seen["covered"] == [], seen
    assert seen["shown"] >= 8, seen  # crowded ones hidden, not all of them


def test_venue_labels_in_the_inset_stay_clear_of_its_buttons(make_page, app_url):
    page = make_page(1400, 900)
    page.goto(f"{app_url}/?event=signing")  # Sharm el-Sheikh's venues (no event: no inset)
    wait_for_app(page)
    page.frame_locator(MAP_IFRAME).nth(1).locator(".leaflet-tooltip").first.wait_for()
    frame = page.locator(MAP_IFRAME).nth(1).element_handle().content_frame()
    seen = settled(frame, 3)
    assert seen["covered"] == [] and seen["pairs"] == [], seen
    assert seen["shown"] >= 3, seen
