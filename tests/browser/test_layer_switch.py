"""Zone and reference toggles act inside the map: nothing is sent or built again."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    MAP_IFRAME,
    after_two_frames,
    map_frame,
    wait_for_app,
    zone_paths,
)

pytestmark = pytest.mark.browser

BUFFER = "#CC79A7"
RETAINED = "#882255"


def frame_of(page):
    return page.locator(MAP_IFRAME).first.element_handle().content_frame()


def test_a_zone_toggle_acts_in_the_map_and_rebuilds_nothing(page, app_url):
    page.goto(f"{app_url}/?at=2025-10-19")
    wait_for_app(page)
    zone_paths(page, BUFFER).first.wait_for()
    frame = frame_of(page)
    # Mark a drawn zone, and note when the buffer leaves the map.
    frame.evaluate(
        f"""() => {{
            document.querySelector('path[fill="{RETAINED}"]').dataset.mark = "kept";
            window.__evals = 0;
            const group = window.feature_group;
            window.__groupsBefore = group ? group.length : 0;
            new MutationObserver(() => {{
                if (!document.querySelector('path[fill="{BUFFER}"]') && !window.__goneAt)
                    window.__goneAt = performance.now();
            }}).observe(document.body, {{subtree: true, childList: true}});
        }}"""
    )
    toggle = page.locator(".st-key-show_zone_buffer label").first
    clicked_at = frame.evaluate("() => performance.now()")
    toggle.click()
    frame.wait_for_function("() => window.__goneAt !== undefined")
    wait_for_app(page)
    after_two_frames(frame)  # the rerun's render has reached the map
    assert zone_paths(page, BUFFER).count() == 0
    gone_after_ms = frame.evaluate("() => window.__goneAt") - clicked_at
    # The very same SVG path is still on the map: the layers were not removed and rebuilt.
    assert frame.evaluate("() => !!document.querySelector('path[data-mark=\"kept\"]')")
    # The legend's row for the buffer follows the toggle.
    legend_rows = frame.evaluate(
        "() => Array.from(document.querySelectorAll('.map-legend-row'))"
        ".filter(r => r.style.display !== 'none').map(r => r.textContent)"
    )
    assert not any("Buffer" in text for text in legend_rows), legend_rows
    # And back: the buffer returns under the yellow line and the towns (they stay on top).
    page.locator(".st-key-show_zone_buffer label").first.click()
    zone_paths(page, BUFFER).first.wait_for()
    order = frame.evaluate(
        f"""() => {{
            const paths = Array.from(document.querySelectorAll('.leaflet-overlay-pane path'));
            const last = (f) => paths.map(p => p.getAttribute('fill')).lastIndexOf(f);
            return [last('{BUFFER}'), paths.length - 1];
        }}"""
    )
    assert order[0] < order[1] - 10, order  # towns and lines are drawn after the buffer
    assert frame.evaluate("() => !!document.querySelector('path[data-mark=\"kept\"]')")
    print(f"buffer left the map {gone_after_ms:.0f} ms after the click")


def test_a_reference_layer_hidden_by_default_is_shown_from_the_map(page, app_url):
    page.goto(f"{app_url}/?at=2025-10-19")
    wait_for_app(page)
    zone_paths(page, RETAINED).first.wait_for()
    frame = frame_of(page)
    count = "() => document.querySelectorAll('.leaflet-overlay-pane path').length"
    before = frame.evaluate(count)
    page.locator(".st-key-show_ref_municipalities label").first.click()
    # The 25 municipalities of OpenStreetMap join the map.
    frame.wait_for_function(f"() => ({count})() >= {before + 20}")
    page.wait_for_function("() => location.search.includes('municipalities')")


DEFAULT_LAYERS = (
    "retained,withdrawal,buffer,outline,governorates,yellow_line,corridors,towns,crossings"
)
DRIFT_PATH = 'path[stroke-dasharray="5 4"]'  # the band of reported drift (browser.styles)


def test_the_drift_band_opens_from_a_link_and_toggles_in_the_map(page, app_url):
    # A link that asks for the band: the map draws it once the sidebar's checkbox exists
    # (the map is drawn before the sidebar on a first visit).
    page.goto(f"{app_url}/?at=2026-01-10&layers={DEFAULT_LAYERS},drift")
    wait_for_app(page)
    band = map_frame(page).locator(DRIFT_PATH)
    band.first.wait_for()
    frame = frame_of(page)
    rows = (
        "() => Array.from(document.querySelectorAll('.map-legend-row'))"
        ".filter(r => r.style.display !== 'none').map(r => r.textContent)"
    )
    assert any("Reported markers beyond the line" in text for text in frame.evaluate(rows))
    page.locator(".st-key-show_ref_drift label").first.click()
    band.first.wait_for(state="detached")
    page.wait_for_function("() => !location.search.includes('drift')")
    assert not any("Reported markers beyond" in text for text in frame.evaluate(rows))
    page.locator(".st-key-show_ref_drift label").first.click()
    band.first.wait_for()
