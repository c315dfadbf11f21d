"""The downloaded HTML map opened in a browser: file text is shown, never run."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from dashboard.browser.export import MapCaption, standalone_html
from dashboard.browser.map_builder import build_base_map, neutral_group, zone_group
from dashboard.browser.offline_assets import use_local_assets
from dashboard.browser.prepare import prepare_layer
from tests.browser.conftest import wait_for_network_idle

pytestmark = pytest.mark.browser

SCRIPT = "</script><script>document.title='pwned'</script>"
IMG = "<img src=x onerror=alert(1)>"


def hostile_export() -> str:
    """The export of two user layers built as the page builds them (browser.prepare, then
    user_layers.overlay_groups), with payloads as property names, values and layer names."""
    plain = gpd.GeoDataFrame(
        {SCRIPT: [IMG], IMG: [SCRIPT]},
        geometry=[box(34.30, 31.33, 34.34, 31.37)],
        crs="EPSG:4326",
    )
    zoned = gpd.GeoDataFrame(
        {"zone": ["retained"], "name": [SCRIPT], IMG: [IMG]},
        geometry=[box(34.44, 31.50, 34.48, 31.54)],
        crs="EPSG:4326",
    )
    plain_layer = prepare_layer(plain, key="u1", zoned=False, strip_km2=365.0)
    zoned_layer = prepare_layer(zoned, key="u2", zoned=True, strip_km2=365.0)
    use_local_assets()
    return standalone_html(
        build_base_map(),
        [
            neutral_group(plain_layer.browser["all"], SCRIPT, plain_layer.hover_fields),
            zone_group(zoned_layer.browser["all"], IMG),
        ],
        MapCaption(
            "Gaza Ceasefire Map", f"Zones from {IMG}", "These are approximations.", [SCRIPT]
        ),
    )


def hover_tooltip(page, path) -> str:
    """Move the mouse over ``path``'s middle; return the tooltip's text."""
    box_ = path.bounding_box()
    page.mouse.move(box_["x"] + box_["width"] / 2, box_["y"] + box_["height"] / 2)
    tooltip = page.locator(".leaflet-tooltip").last
    tooltip.wait_for()
    text = tooltip.inner_text()
    page.mouse.move(1, 1)
    tooltip.wait_for(state="detached")
    return text


def test_exported_map_shows_file_text_and_runs_none_of_it(make_page):
    page = make_page(1200, 900)
    requests: list[str] = []
    dialogs: list[str] = []
    page.route("**/*", lambda route: (requests.append(route.request.url), route.abort()))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    page.set_content(hostile_export(), wait_until="load")
    assert_nothing_ran(page, dialogs)

    # It says what it is: title, notice, legend and sources travel with the file.
    caption = page.locator(".gcm-caption")
    assert caption.is_visible()
    text = caption.inner_text()
    assert "Gaza Ceasefire Map" in text and "approximations" in text
    assert "Retained by Israel" in text and "Yellow line" in text
    page.locator(".gcm-sources summary").click()
    assert SCRIPT in caption.inner_text()  # a source from a file: shown as text
    # The map drew both layers: Leaflet's paths exist.
    neutral = page.locator('path.leaflet-interactive[fill="#555555"]')
    retained = page.locator('path.leaflet-interactive[fill="#882255"]')
    neutral.first.wait_for()
    retained.first.wait_for()
    # The payloads are shown as text in the tooltips.
    text = hover_tooltip(page, neutral.first)
    assert SCRIPT in text and IMG in text
    text = hover_tooltip(page, retained.first)
    assert SCRIPT in text
    wait_for_network_idle(page)  # an injected image would have been requested by now
    # ... and none of them ran, even once shown.
    assert_nothing_ran(page, dialogs)
    assert not [url for url in requests if url.rstrip("/").endswith("/x")]


def assert_nothing_ran(page, dialogs: list[str]) -> None:
    """No payload changed the title, opened a dialog, added an image or a script."""
    assert "pwned" not in page.evaluate("document.title")
    assert dialogs == []
    assert page.locator('img[src="x"]').count() == 0
    injected = "[...document.scripts].filter(s => s.textContent.includes(\"title='pwned'\"))"
    assert page.evaluate(f"{injected}.length") == 0


def test_the_caption_of_a_downloaded_map_is_folded_on_a_phone_and_unfolds(make_page):
    use_local_assets()
    html = standalone_html(
        build_base_map(),
        [],
        MapCaption(
            "Gaza Ceasefire Map",
            "Zones in force on 19 Oct 2025",
            "These are approximations.",
            ["Reuters https://www.reuters.com/world/x"],
            linked=True,
            made="Made on 2026-12-07 10:30 UTC",
        ),
    )
    phone = make_page(390, 844)
    phone.route("**/*", lambda route: route.abort())
    phone.set_content(html, wait_until="load")
    caption = phone.locator(".gcm-caption")
    assert phone.locator(".gcm-fold").evaluate("d => d.open") is False
    # Folded, it is one line: it no longer covers the north of the Strip.
    assert caption.bounding_box()["height"] < 60
    phone.locator(".gcm-fold > summary").click()
    assert "Made on 2026-12-07 10:30 UTC" in caption.inner_text()
    phone.locator(".gcm-sources summary").click()
    link = caption.locator("a", has_text="https://www.reuters.com/world/x")
    assert link.get_attribute("href") == "https://www.reuters.com/world/x"
    assert link.get_attribute("rel") == "noopener noreferrer"
    # On a wide screen it opens unfolded.
    wide = make_page(1200, 900)
    wide.route("**/*", lambda route: route.abort())
    wide.set_content(html, wait_until="load")
    assert wide.locator(".gcm-fold").evaluate("d => d.open") is True
