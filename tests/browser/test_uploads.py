"""Uploads in a real browser: good, broken and hostile files; isolation between sessions."""

from __future__ import annotations

import hashlib

import pytest

from tests.browser.conftest import (
    MAP_IFRAME,
    click_inside,
    map_frame,
    wait_for_app,
    wait_for_network_idle,
    zone_paths,
)
from tests.conftest import DATA, REPO

pytestmark = pytest.mark.browser

UPLOAD_INPUT = '[data-testid="stSidebar"] [data-testid="stFileUploaderDropzoneInput"]'


def checksums() -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((REPO / "geodata").iterdir())
        if p.is_file()
    }


def open_app(page, url):
    page.goto(url)
    wait_for_app(page)
    zone_paths(page, "#882255").first.wait_for()


def upload(page, *names: str) -> None:
    page.locator(UPLOAD_INPUT).set_input_files([str(DATA / n) for n in names])
    for name in names:
        page.locator(
            '[data-testid="stSidebar"] [data-testid="stExpander"]', has_text=name
        ).first.wait_for()
    wait_for_app(page)


def test_upload_good_broken_and_hostile_files(make_page, app_url):
    before = checksums()
    page = make_page(1400, 1400)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_app(page, app_url)
    retained_before = zone_paths(page, "#882255").count()

    upload(page, "valid_zones.geojson", "truncated.geojson", "hostile.geojson")

    # The broken file gets a message saying what is wrong; the session goes on.
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("the file ends too early (truncated?)", exact=False).first.wait_for()
    # The good and the hostile files are drawn as extra zone layers.
    frame = map_frame(page)
    frame.locator('path.leaflet-interactive[fill="#882255"]').nth(retained_before).wait_for()
    assert zone_paths(page, "#882255").count() >= retained_before + 2
    assert page.get_by_text("Compare: valid_zones").count() == 1

    # Hostile text is shown as text: hover the hostile square and read the tooltip.
    hostile = frame.locator('path.leaflet-interactive[fill="#882255"]').last
    click_inside(page, hostile)
    wait_for_app(page)
    tooltip = frame.locator(".leaflet-tooltip", has_text="Hostile")
    tooltip.first.wait_for()
    assert "<img src=x" in tooltip.first.inner_text()
    details = page.get_by_text("Hostile <img src=x", exact=False).first
    details.wait_for()
    wait_for_network_idle(page)  # an injected image would have been requested by now
    iframe = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    for doc in (page, iframe):
        assert "pwned" not in doc.evaluate("document.title")
        assert doc.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
        injected = "[...document.scripts].filter(s => s.textContent.includes('pwned')).length"
        assert doc.evaluate(injected) == 0
    assert dialogs == []

    # Another session sees none of it.
    other_page = make_page(1400, 1000)
    open_app(other_page, app_url)
    assert other_page.get_by_text("valid_zones.geojson").count() == 0
    assert other_page.get_by_text("Compare:").count() == 0
    assert zone_paths(other_page, "#882255").count() == retained_before

    # Nothing was written into the bundled data.
    assert checksums() == before


def test_large_upload_is_drawn_on_a_canvas_above_the_base(make_page, app_url, tmp_path):
    """Over 5,000 features a layer goes to a canvas, which must stay visible over the
    opaque offline base, also after the map swaps its layers (a toggle)."""
    from bench.generate import write_polygons

    path = write_polygons(6_000, tmp_path)
    page = make_page(1400, 1000)
    page.set_default_timeout(60_000)
    open_app(page, app_url)
    page.locator(UPLOAD_INPUT).set_input_files(str(path))
    frame = map_frame(page)
    frame.locator(".leaflet-pane canvas").first.wait_for(state="attached")
    wait_for_app(page)
    page.get_by_text("Buffer / off-limits perimeter").first.click()  # swap the layers
    wait_for_app(page)
    iframe = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    # Move the map, then wait for the move to end and the canvas to redraw (two frames).
    iframe.evaluate(
        """() => new Promise((done) => {
            window.map.once("moveend", () =>
                requestAnimationFrame(() => requestAnimationFrame(() => done())));
            window.map.setView([31.45, 34.38], 14);
        })"""
    )
    painted = iframe.evaluate(
        """() => {
            const canvases = document.querySelectorAll('.leaflet-pane canvas');
            if (canvases.length !== 1) return [-canvases.length, 0];
            const canvas = canvases[0];
            const pane = canvas.closest('.leaflet-pane');
            const ctx = canvas.getContext('2d');
            const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
            let n = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
            return [n, getComputedStyle(pane).zIndex];
        }"""
    )
    assert painted[0] > 100  # the buildings were drawn (on the one canvas: none piles up)
    assert int(painted[1]) > 400  # in a pane above the SVG overlays (z-index 400)


def upload_panel(page, name: str):
    """The sidebar expander of the uploaded file ``name`` (not its reading status above)."""
    return page.locator(
        '[data-testid="stSidebar"] [data-testid="stExpander"]', has_text=f"Upload: {name}"
    ).first


def test_an_upload_panel_stays_open_after_the_first_click_in_it(make_page, app_url):
    """Issue 9: the first click in a file's panel after its upload (a radio) reran the page
    without the upload's status box above the panel, and the panel came back closed."""
    page = make_page(1400, 1400)
    open_app(page, app_url)
    upload(page, "no_zone_property.geojson")
    panel = upload_panel(page, "no_zone_property.geojson")
    details = panel.locator("details")
    assert details.get_attribute("open") is None  # a file that was read starts closed
    panel.locator("summary").click()
    choice = panel.get_by_text("One category for the whole file")
    choice.wait_for()
    choice.click()
    # The rerun is over when the chosen option's own widget is there (even in a closed panel).
    category = panel.locator('[data-testid="stSelectbox"]', has_text="Category")
    category.wait_for(state="attached")
    wait_for_app(page)
    assert details.get_attribute("open") is not None, "the panel was drawn anew, closed"
    assert category.is_visible()
    # A second click keeps it open too.
    panel.get_by_text("None (neutral style)").click()
    category.wait_for(state="detached")
    wait_for_app(page)
    assert details.get_attribute("open") is not None


def test_a_geojson_in_metres_is_read_with_the_crs_the_user_gives(make_page, app_url):
    """Issue 9: the file's message suggests EPSG:2039; the panel has the field to give it,
    and stays open while the file is read again."""
    page = make_page(1400, 1400)
    open_app(page, app_url)
    upload(page, "projected_no_crs.geojson")
    panel = upload_panel(page, "projected_no_crs.geojson")
    details = panel.locator("details")
    assert details.get_attribute("open") is not None  # it needs a choice: open
    assert "\u2068projected_no_crs.geojson\u2069: the coordinates" in panel.inner_text()
    field = panel.get_by_label("Coordinate reference system of this file")
    field.fill("EPSG:2039")
    field.press("Enter")
    wait_for_app(page)
    panel.get_by_role("button", name="Read with this CRS").click()
    panel.get_by_text("read with the CRS you gave (EPSG:2039)", exact=False).wait_for()
    wait_for_app(page)
    assert details.get_attribute("open") is not None


def test_a_geoparquet_that_crashed_the_server_is_refused_and_the_page_goes_on(
    make_page, app_url, tmp_path
):
    """Issue 19: 600 bytes of GeometryCollections nested 20,000 deep made GEOS overflow its
    stack and the whole server die. Refused before GEOS reads it; a normal upload after it
    is drawn in the same page, and the server still answers."""
    import urllib.request

    from tests.data.make_hostile_files import deep_collection_parquet

    deep = deep_collection_parquet(tmp_path / "deep.parquet")
    page = make_page(1400, 1400)
    open_app(page, app_url)
    retained_before = zone_paths(page, "#882255").count()
    page.locator(UPLOAD_INPUT).set_input_files(str(deep))
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("nests collections inside collections", exact=False).first.wait_for()
    wait_for_app(page)
    with urllib.request.urlopen(f"{app_url}/_stcore/health", timeout=10) as answer:
        assert answer.status == 200

    page.locator(UPLOAD_INPUT).set_input_files([str(deep), str(DATA / "valid_zones.geojson")])
    upload_panel(page, "valid_zones.geojson").wait_for()
    wait_for_app(page)
    frame = map_frame(page)
    frame.locator('path.leaflet-interactive[fill="#882255"]').nth(retained_before).wait_for()
    assert page.get_by_text("Compare: valid_zones").count() == 1


def test_one_session_holds_at_most_eight_uploads(make_page, app_url, tmp_path):
    """Issue 19: one visitor could upload file after file until the server's memory was
    gone. The ninth file of a session is refused with a message; the eight are drawn."""
    source = (DATA / "valid_zones.geojson").read_bytes()
    paths = []
    for number in range(1, 10):
        path = tmp_path / f"zones_{number}.geojson"
        path.write_bytes(source + b" " * number)  # nine contents: none is a repeat
        paths.append(str(path))
    page = make_page(1400, 1400)
    page.set_default_timeout(90_000)
    open_app(page, app_url)
    page.locator(UPLOAD_INPUT).set_input_files(paths)
    refused = upload_panel(page, "zones_9.geojson")
    refused.wait_for()
    wait_for_app(page)
    assert "already holds 8 uploaded files" in refused.inner_text()
    assert page.get_by_text("Compare: zones_8").count() == 1
    assert page.get_by_text("Compare: zones_9").count() == 0
