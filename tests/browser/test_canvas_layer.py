"""A large upload drawn from its binary copy on a canvas: hover, click, toggles."""

from __future__ import annotations

import json

import pytest

from bench.generate import write_polygons
from tests.browser.conftest import MAP_IFRAME, wait_for_app, zone_paths

pytestmark = pytest.mark.browser

UPLOAD_INPUT = '[data-testid="stSidebar"] [data-testid="stFileUploaderDropzoneInput"]'
FEATURES = 6_000  # over the canvas threshold (5,000)
HOSTILE = "<img src=x onerror=alert(1)>"
# The one canvas layer on the map (they are kept in _builtLayers, keyed by digest).
LAYER = "Object.values(window.map._builtLayers.layers).find(l => l._data && l._map)"


def hostile_upload(tmp_path):
    """6,000 generated buildings; the first is named with markup."""
    path = write_polygons(FEATURES, tmp_path)
    text = path.read_text()
    first = '"name":"Building 1",'
    assert first in text
    path.write_text(text.replace(first, f'"name":{json.dumps(HOSTILE)},', 1))
    return path


def point_of_feature(page, frame, index: int) -> tuple[float, float]:
    """Zoom the map onto feature ``index``; return a page point inside it."""
    point = frame.evaluate(
        """([index, layer]) => new Promise((done) => {
            const l = eval(layer), ring = l.feature(index).geometry.coordinates[0];
            let x = 0, y = 0;
            for (const q of ring.slice(1)) { x += q[0]; y += q[1]; }
            const centre = [y / (ring.length - 1), x / (ring.length - 1)];
            window.map.once("moveend", () => requestAnimationFrame(() => {
                const p = window.map.latLngToContainerPoint(centre);
                const box = window.map.getContainer().getBoundingClientRect();
                done([p.x + box.left, p.y + box.top]);
            }));
            window.map.setView(centre, 17, {animate: false});
        })""",
        [index, LAYER],
    )
    box = page.locator(MAP_IFRAME).first.bounding_box()
    return box["x"] + point[0], box["y"] + point[1]


def test_a_large_upload_is_drawn_on_its_canvas_with_hover_and_click(make_page, app_url, tmp_path):
    path = hostile_upload(tmp_path)
    page = make_page(1400, 1000)
    page.set_default_timeout(60_000)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "/media/" in r.url else None)
    page.goto(app_url)
    wait_for_app(page)
    zone_paths(page, "#CC79A7").first.wait_for()

    page.locator(UPLOAD_INPUT).set_input_files(str(path))
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    frame.wait_for_function(f"!!({LAYER}) && {LAYER}._data.draws > 0", timeout=120_000)
    wait_for_app(page)
    binaries = [u for u in fetched if u.endswith(".gz")]
    assert len(binaries) == 1, fetched  # the binary copy, gzipped once, fetched once
    assert not [u for u in fetched if u.endswith(".bin")]  # Chromium decompresses
    assert not [u for u in fetched if u.endswith(".json")]  # not the GeoJSON text
    assert frame.evaluate(f"{LAYER}._data.header.count") == FEATURES
    # No Leaflet object per feature: the map holds a handful of layers, not thousands.
    assert frame.evaluate("Object.keys(window.map._layers).length") < 500

    # Hover: the same tooltip table as a GeoJSON layer, the hostile name shown as text.
    x, y = point_of_feature(page, frame, 0)
    page.mouse.move(x - 2, y - 2)
    page.mouse.move(x, y)
    tooltip = page.frame_locator(MAP_IFRAME).first.locator(".leaflet-tooltip:has(table)")
    tooltip.first.wait_for()
    assert HOSTILE in tooltip.first.inner_text()
    assert tooltip.first.locator("table th").count() >= 1
    assert frame.evaluate(f"{LAYER}._hover") == 0  # highlighted
    assert frame.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0

    # Click: the details panel shows the feature, as for a GeoJSON feature.
    page.mouse.click(x, y)
    page.get_by_text(HOSTILE, exact=False).first.wait_for()
    wait_for_app(page)
    assert frame.evaluate("window.__GLOBAL_DATA__.last_active_drawing.properties.fid").endswith(
        ":0"
    )
    assert dialogs == []
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0

    # Toggle a zone: every layer is swapped; the canvas layer is re-attached, not rebuilt.
    frame.evaluate(f"{LAYER}.__probe = 1")
    page.get_by_text("Buffer / off-limits perimeter").first.click()
    zone_paths(page, "#CC79A7").first.wait_for(state="detached")
    wait_for_app(page)
    frame.wait_for_function(f"!!({LAYER})")
    assert frame.evaluate(f"{LAYER}.__probe") == 1, "a new layer was built"
    assert frame.evaluate("document.querySelectorAll('canvas').length") == 1  # none piles up
    assert [u for u in fetched if u.endswith(".gz")] == binaries, "fetched again"
    # Still drawn and still answering after the swap.
    painted = frame.evaluate(
        """() => {
            const c = document.querySelector('canvas.leaflet-binary-layer');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
            return n;
        }"""
    )
    assert painted > 100
