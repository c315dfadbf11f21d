"""A PNG of the map as shown: the button on the map saves an image with its caption."""

from __future__ import annotations

import io

import pytest

from tests.browser.conftest import map_frame, wait_for_app, zone_paths

pytestmark = pytest.mark.browser


def test_the_map_is_saved_as_a_png_with_its_caption(page, app_url, tmp_path):
    page.goto(f"{app_url}/?at=2025-10-19")
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()
    button = map_frame(page).locator("a.png-button")
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename.startswith("gaza-ceasefire-map-zones-in-force-on-19")
    path = tmp_path / "map.png"
    download.save_as(path)
    data = path.read_bytes()
    (tmp_path.parent / "last-map.png").write_bytes(data)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    frame_box = page.locator('iframe[title="streamlit_folium.st_folium"]').first.bounding_box()
    # Twice the map's size, and taller: the caption band is under the map.
    assert image.width == round(frame_box["width"]) * 2
    assert image.height > round(frame_box["height"]) * 2 + 100
    colours = {
        image.getpixel((x, y))
        for x in range(0, image.width, 7)
        for y in range(0, image.height * 3 // 4, 7)
    }
    # The retained zone's wine (#882255 at the zones' opacity over the land: about
    # 188, 131, 158) and the sea.
    assert any(170 < r < 205 and 110 < g < 150 and 140 < b < 175 for r, g, b in colours), (
        "no zone drawn"
    )
    assert (0xC9, 0xDD, 0xEA) in colours, "no sea"
    # The caption band is white with dark text.
    top = round(frame_box["height"]) * 2
    band = [
        image.getpixel((x, y))
        for x in range(0, image.width, 3)
        for y in range(top + 4, image.height, 3)
    ]
    assert (255, 255, 255) in band and any(sum(p) < 300 for p in band)
