"""The app behind deploy/'s nginx: security headers on, the map drawn under the Content
Security Policy (no violation reported), other host names answered with nothing, and the
per-client limits and body sizes enforced.

nginx runs as this test's own child process with a configuration rendered by
tools/nginx_proxy.py (as scripts/serve-multi.sh renders it) into a temporary folder that
also holds its pid, logs and temp files; it proxies to the session's app server. Nothing is
exempt from the limits here (the deployment's default exempts loopback).
"""

from __future__ import annotations

import base64
import http.client
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench.generate import write_polygons
from tests.browser.conftest import MAP_IFRAME, map_frame, wait_for_app, zone_paths
from tools.app_server import free_port
from tools.nginx_proxy import ProxySettings, start_proxy, stop_proxy

pytestmark = pytest.mark.browser

RETAINED = "#882255"  # ZONE_COLOURS["retained"]
UPLOAD_INPUT = '[data-testid="stSidebar"] [data-testid="stFileUploaderDropzoneInput"]'
CANVAS_FEATURES = 6_000  # over the canvas threshold (5,000): drawn from its binary copy
CANVAS_LAYER = "Object.values(window.map._builtLayers.layers).find(l => l._data && l._map)"
# A 1×1 PNG: the online base map's tiles, answered inside the browser (nothing leaves).
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture(scope="module")
def proxy_url(app_url, tmp_path_factory) -> Iterator[str]:
    yield from _serve(app_url, tmp_path_factory.mktemp("nginx"))


@pytest.fixture
def own_proxy_url(app_url, tmp_path_factory) -> Iterator[str]:
    """A proxy of the test's own: its per-client counters start at zero."""
    yield from _serve(app_url, tmp_path_factory.mktemp("nginx-own"))


def _serve(app_url: str, run_dir: Path) -> Iterator[str]:
    port = free_port()
    # Upload bodies are spooled by nginx's workers (nobody, under root), who cannot enter
    # pytest's folders (mode 700): their temp folder is one they can reach. Not named
    # gazamap-*: the app deletes such folders in the temp folder at start-up (scratch.py).
    spool = Path(tempfile.mkdtemp(prefix="nginx-spool-test-"))
    spool.chmod(0o711)
    # The icon font's subset, where the workers can read it.
    icons = Path(tempfile.mkdtemp(prefix="nginx-icons-test-"))
    icons.chmod(0o755)
    settings = ProxySettings(
        run_dir=run_dir,
        listen=f"127.0.0.1:{port}",
        upstreams=(urlsplit(app_url).netloc,),
        unlimited=(),
        temp_dir=spool,
        icon_dir=icons,
    )
    proc = start_proxy(settings)
    yield f"http://127.0.0.1:{port}"
    stop_proxy(proc)
    shutil.rmtree(spool, ignore_errors=True)
    shutil.rmtree(icons, ignore_errors=True)


def request(
    url: str, method: str = "GET", *, host: str | None = None, body: bytes = b"", **headers
):
    """One request on a fresh connection; the response, its body in ``response.body``."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    if host:
        headers["Host"] = host
    connection.request(method, parts.path or "/", body=body or None, headers=headers)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def test_the_page_through_nginx_has_its_headers_and_draws_under_the_policy(page, proxy_url):
    violations: list[str] = []  # what Chromium reports against the policy, in any frame
    component_policies: list[str] = []  # the policy sent with the map component's page

    def note_violation(text: str) -> None:
        if "Content Security Policy" in text:
            violations.append(text)

    def note_component(response) -> None:
        if response.url.split("?")[0].endswith("/streamlit_folium.st_folium/index.html"):
            component_policies.append(response.headers.get("content-security-policy", ""))

    page.on("console", lambda message: note_violation(message.text))
    page.on("pageerror", lambda error: note_violation(str(error)))
    page.on("response", note_component)
    response = page.goto(f"{proxy_url}/?at=2025-10-19")
    headers = response.all_headers()
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'self'" in policy and "default-src 'self'" in policy
    assert "'unsafe-eval'" not in policy  # only the map component's document needs it
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "gazamap_route=" in headers["set-cookie"]  # the sticky route is still set

    wait_for_app(page)
    zone_paths(page, RETAINED).first.wait_for()
    assert zone_paths(page, RETAINED).count() >= 1
    assert component_policies and all("'unsafe-eval'" in p for p in component_policies)

    # Save as PNG (a blob: download drawn from data: images) works under the policy.
    with page.expect_download() as download:
        map_frame(page).locator("a.png-button").click()
    assert download.value.suggested_filename.endswith(".png")

    # An online base map's tiles are images from a host the policy lists.
    page.route("https://**/*", lambda route: route.fulfill(body=TILE, content_type="image/png"))
    page.get_by_role("combobox", name="Base map").click()
    page.get_by_role("option", name="OpenStreetMap").click()
    wait_for_app(page)
    # A tile the policy blocked is reported at once and shows the map's tile-error note.
    tiles = map_frame(page).locator("img.leaflet-tile-loaded, .tile-error-note")
    tiles.first.wait_for(state="attached")
    assert violations == []
    map_frame(page).locator("img.leaflet-tile-loaded").first.wait_for(state="attached")


# Every Material Symbols icon on the page: its width and font size, once the fonts are in.
ICON_SIZES = """async () => {
    await document.fonts.ready;
    return [...document.querySelectorAll('[data-testid="stIconMaterial"]')]
        .filter((icon) => icon.getClientRects().length)
        .map((icon) => ({
            name: icon.textContent,
            width: icon.getBoundingClientRect().width,
            size: parseFloat(getComputedStyle(icon).fontSize),
        }));
}"""


def test_streamlit_s_icons_are_drawn_from_the_subset_font_as_icons_not_words(page, proxy_url):
    fonts = []
    page.on(
        "response",
        lambda response: fonts.append(response) if "MaterialSymbols" in response.url else None,
    )
    page.goto(f"{proxy_url}/?at=2025-10-19")
    wait_for_app(page)
    zone_paths(page, RETAINED).first.wait_for()
    # The sidebar's file uploader, its toggle and an expander's chevron are on the page.
    page.locator('[data-testid="stFileUploaderDropzone"]').first.wait_for()
    assert fonts and len(fonts[0].body()) < 30_000  # the subset, not the 367 KB font
    icons = page.evaluate(ICON_SIZES)
    names = {icon["name"] for icon in icons}
    assert {"upload", "keyboard_double_arrow_left"} <= names, names
    # A ligature the subset lacks would show its name as a word, many times wider.
    wide = [icon for icon in icons if icon["width"] > 1.5 * icon["size"]]
    assert wide == []


def test_a_host_name_the_proxy_does_not_serve_gets_no_answer(proxy_url):
    assert request(proxy_url).status == 200
    for host in ("evil.example", "192.168.1.10"):  # DNS rebinding, a scan by address
        with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
            request(proxy_url, host=host)


def test_scripts_come_compressed_and_hashed_ones_are_cached_for_a_year(proxy_url):
    page = request(f"{proxy_url}/").body.decode()
    script = re.search(r'src="\./(static/js/[^"]+\.js)"', page).group(1)
    response = request(f"{proxy_url}/{script}", **{"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert response.getheader("X-Frame-Options") == "SAMEORIGIN"  # the headers stay on
    assert request(f"{proxy_url}/").getheader("Cache-Control") == "no-cache"  # the app's own


def test_uploads_are_limited_per_client_and_other_requests_stay_small(proxy_url):
    # An upload larger than nginx keeps in memory (1 MB) is spooled to its temp folder and
    # passed on whole: the app answers (no such session), not nginx (500 or 413).
    big = b"x" * (3 << 20)
    spooled = request(f"{proxy_url}/_stcore/upload_file/no-session/big", "PUT", body=big)
    assert spooled.status not in (413, 429, 500), spooled.status
    # The upload endpoint's burst is 12: quick uploads past it are refused by nginx (429)
    # before they reach the app, which answers the first ones itself (no such session).
    statuses = [
        request(f"{proxy_url}/_stcore/upload_file/no-session/no-file", "PUT", body=b"x").status
        for _ in range(16)
    ]
    assert statuses[0] != 429
    assert statuses[-1] == 429
    # Only uploads may send large bodies.
    assert request(f"{proxy_url}/", "POST", body=b"x" * (2 << 20)).status == 413


def test_a_large_upload_is_drawn_from_its_gzip_copy_under_the_policy(page, own_proxy_url, tmp_path):
    """The canvas layer's copy is fetched gzipped (application/gzip) and decompressed by
    the browser, through nginx's headers (nosniff, the policy's connect-src)."""
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Security" in m.text else None)
    fetched: list[tuple[str, str]] = []
    page.on(
        "response",
        lambda r: (
            fetched.append((r.url, r.headers.get("content-type", "")))
            if "/media/" in r.url
            else None
        ),
    )
    page.goto(own_proxy_url)
    wait_for_app(page)
    zone_paths(page, RETAINED).first.wait_for()
    page.locator(UPLOAD_INPUT).set_input_files(str(write_polygons(CANVAS_FEATURES, tmp_path)))
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    frame.wait_for_function(f"!!({CANVAS_LAYER}) && {CANVAS_LAYER}._data.draws > 0")
    assert frame.evaluate(f"{CANVAS_LAYER}._data.header.count") == CANVAS_FEATURES
    assert [t for u, t in fetched if u.endswith(".gz")] == ["application/gzip"], fetched
    assert violations == []
