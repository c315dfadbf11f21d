"""One app server and one Chromium for the whole browser session.

The app is started exactly as the README says (``streamlit run dashboard/app.py``
from the repository root) and driven with Playwright through Debian's Chromium.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from urllib.parse import urlparse

import pytest

from tests.browser.server import start_app, stop_app

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    proc, url = start_app(tmp_path_factory.mktemp("app") / "streamlit.log")
    yield url
    stop_app(proc)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: run `apt-get install -y chromium`.")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.fixture
def make_page(browser) -> Iterator[Callable[..., object]]:
    """Pages of other viewport sizes; their contexts are closed even when a test fails."""
    contexts = []

    def make(width: int = 1400, height: int = 1000):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield make
    for context in contexts:
        context.close()


def record_foreign_requests(page, app_url: str) -> list[str]:
    """A list that fills with every request ``page`` makes to a host other than the app's."""
    host = urlparse(app_url).netloc
    foreign: list[str] = []

    def note(request) -> None:
        url = request.url
        if urlparse(url).netloc not in (host, "") and not url.startswith(
            ("data:", "blob:", "about:")
        ):
            foreign.append(url)

    page.on("request", note)
    return foreign


def wait_for_network_idle(page) -> None:
    """Wait until the page has made no request for 500 ms (images, scripts, tiles)."""
    page.wait_for_load_state("networkidle")


def wait_for_app(page) -> None:
    """Wait like Streamlit's own e2e suite: connected, script idle, no skeleton."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]')
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_function("!document.querySelector('[data-testid=\"stSkeleton\"]')")


def map_frame(page):
    return page.frame_locator(MAP_IFRAME).first


def zone_paths(page, colour: str):
    """The SVG paths of the zones drawn in ``colour`` (their fill)."""
    return map_frame(page).locator(f'path.leaflet-interactive[fill="{colour}"]')


def largest(locator):
    """The element of ``locator`` with the largest on-screen bounding box."""
    boxes = [
        (b["width"] * b["height"], i)
        for i in range(locator.count())
        if (b := locator.nth(i).bounding_box())
    ]
    return locator.nth(max(boxes)[1])


def click_inside(page, locator) -> None:
    """Click a point that really hits ``locator``'s SVG path (not just its bounding box)."""
    frame_box = page.locator(MAP_IFRAME).first.bounding_box()
    point = locator.evaluate(
        """(el) => {
            const r = el.getBoundingClientRect();
            for (let fy = 0.5; fy < 1; fy += 0.05) for (const s of [1, -1]) {
                const y = r.top + r.height * (s > 0 ? fy : 1 - fy);
                for (let fx = 0.1; fx < 1; fx += 0.05) {
                    const x = r.left + r.width * fx;
                    if (document.elementFromPoint(x, y) === el) return [x, y];
                }
            }
            return null;
        }"""
    )
    assert point is not None, "no visible point of the feature to click"
    page.mouse.click(frame_box["x"] + point[0], frame_box["y"] + point[1])
