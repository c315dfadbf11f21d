"""Labels and tooltips stay inside their map: none runs past the right edge."""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (390, 844)])
def test_venue_labels_in_the_inset_are_not_cut(make_page, app_url, width, height):
    page = make_page(width, height)
    page.goto(f"{app_url}/?event=knesset")
    wait_for_app(page)
    inset = page.frame_locator(MAP_IFRAME).nth(1)
    inset.locator(".leaflet-tooltip").first.wait_for()
    page.wait_for_timeout(800)
    frame = page.locator(MAP_IFRAME).nth(1).element_handle().content_frame()
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
    page.wait_for_timeout(200)
    assert frame.evaluate(OVERFLOW) == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_town_labels_that_fit_stay_on_one_line(page, app_url, lang):
    page.goto(f"{app_url}/?at=2025-10-19&lang={lang}")
    wait_for_app(page)
    zone_paths(page, "#D55E00").first.wait_for()
    page.wait_for_timeout(1200)
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    widths = frame.evaluate(
        "() => Array.from(document.querySelectorAll('.leaflet-tooltip.place-label'))"
        ".map(t => [t.textContent.trim(), t.getBoundingClientRect().width,"
        " t.getBoundingClientRect().height])"
    )
    assert len(widths) >= 10
    assert all(w < 160 and h < 30 for _, w, h in widths), widths
