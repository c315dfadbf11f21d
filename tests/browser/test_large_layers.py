"""A large upload in a real browser: fetched once, kept by the map, never sent again."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest

from bench.generate import write_polygons
from dashboard.config import INLINE_LAYER_MAX_BYTES, UPLOAD_COLOURS
from dashboard.ui.served_layers import SWEEP_SECONDS
from tests.browser.conftest import MAP_IFRAME, wait_for_app, zone_paths

pytestmark = pytest.mark.browser

UPLOAD_INPUT = '[data-testid="stSidebar"] [data-testid="stFileUploaderDropzoneInput"]'
FEATURES = 1_000  # about 0.6 MB for the browser: over the inline limit, drawn as SVG


def test_an_unchanged_large_layer_is_never_sent_again(make_page, app_url, tmp_path):
    path = write_polygons(FEATURES, tmp_path)
    page, fetched = _open_recording_media(make_page, app_url)
    zone_paths(page, "#CC79A7").first.wait_for()

    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    script_before = len(frame.evaluate("window.__GLOBAL_DATA__.last_feature_group"))

    page.locator(UPLOAD_INPUT).set_input_files(str(path))
    drawn = zone_paths(page, UPLOAD_COLOURS[0])  # the first upload's colour
    drawn.nth(FEATURES - 1).wait_for(state="attached", timeout=60_000)
    wait_for_app(page)
    layer_fetches = [u for u in fetched if u.endswith(".json")]
    assert len(layer_fetches) == 1, layer_fetches  # the data came apart from the script

    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    script = frame.evaluate("window.__GLOBAL_DATA__.last_feature_group")
    # The upload's group adds its address and look to the script, not its data.
    assert "Building 1" not in script
    assert len(script) - script_before < INLINE_LAYER_MAX_BYTES / 10
    # Mark the Leaflet layer the map built, to see below that it is the same one.
    frame.evaluate(
        "n => Object.values(window.map._builtLayers.layers)"
        ".filter(l => l.getLayers().length === n).forEach(l => { l.__probe = 1; })",
        FEATURES,
    )

    page.get_by_text("Buffer / off-limits perimeter").first.click()  # every layer swapped
    zone_paths(page, "#CC79A7").first.wait_for(state="detached")
    wait_for_app(page)

    assert [u for u in fetched if u.endswith(".json")] == layer_fetches, "fetched again"
    assert "Building 1" not in frame.evaluate("window.__GLOBAL_DATA__.last_feature_group")
    assert drawn.count() == FEATURES
    reused = frame.evaluate(
        "Object.values(window.map._builtLayers.layers)"
        ".filter(l => l.__probe === 1 && l._map === window.map).length"
    )
    assert reused == 1, "the layer built before is the one on the map, not a new one"


def test_a_served_layer_is_let_go_when_its_tab_closes(make_page, app_url, tmp_path):
    """Streamlit serves /media/ to anyone with the address; once the tab is gone the app
    drops the session's layers (two sweeps, see dashboard/ui/served_layers.py)."""
    path = write_polygons(FEATURES, tmp_path)
    page, fetched = _open_recording_media(make_page, app_url)
    page.locator(UPLOAD_INPUT).set_input_files(str(path))
    zone_paths(page, UPLOAD_COLOURS[0]).nth(FEATURES - 1).wait_for(state="attached", timeout=60_000)
    (address,) = [u for u in fetched if u.endswith(".json")]
    assert _status(address) == 200  # any client with the address, while the tab is open
    page.context.close()
    deadline = time.monotonic() + 6 * SWEEP_SECONDS  # a condition, waited for: not a timing
    while _status(address) == 200 and time.monotonic() < deadline:
        time.sleep(1)
    assert _status(address) == 404


def _open_recording_media(make_page, app_url: str) -> tuple[object, list[str]]:
    """The page, loaded, and the list of the /media/ addresses it asks for from now on."""
    page = make_page(1400, 1000)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "/media/" in r.url else None)
    page.goto(app_url)
    wait_for_app(page)
    return page, fetched


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
