"""One app server and one Chromium for the whole browser session.

The app is started exactly as the README says (``streamlit run dashboard/app.py``
from the repository root, see ``tools/app_server.py``) and driven with Playwright through
Debian's Chromium. A missing Chromium fails the tests, never skips them; under ``CI`` a
browser test that skips for any other reason fails too.

When a browser test fails, every page still open in its browser contexts is saved as
``tests/artifacts/<test name>/page-<n>.png`` and the paths are added to its failure report.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tools.app_server import CHROMIUM_ARGS, start_app, stop_app, wait_for_app  # noqa: F401 - re-exported

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SCREENSHOT_TIMEOUT_MS = 10_000
IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
# On each test item: the browser contexts it opened (by ``make_page``/``page``) and its
# reports by phase ("setup", "call", "teardown"), for fixtures that need the outcome.
CONTEXTS = pytest.StashKey[list]()
REPORTS = pytest.StashKey[dict]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item; save the pages of a failed test as PNGs.

    Runs before the fixtures' teardown, so the test's contexts are still open. Under
    ``CI`` a skipped browser test (not an xfail) is reported as a failure.
    """
    outcome = yield
    report = outcome.get_result()
    item.stash.setdefault(REPORTS, {})[report.when] = report
    if report.skipped and IN_CI and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (
            f"browser tests must run in CI (CI is set), but this one skipped: {reason}"
        )
    if report.failed and report.when in ("setup", "call"):
        lines = save_screenshots(item)
        if lines:
            section = ("Screenshots of the open pages", "\n".join(lines))
            if hasattr(report.longrepr, "addsection"):
                report.longrepr.addsection(*section)
            else:
                report.sections.append(section)


def save_screenshots(item) -> list[str]:
    """Save every open page of ``item``'s browser contexts; one line per page (path or error)."""
    pages = [page for context in item.stash.get(CONTEXTS, []) for page in context.pages]
    if not pages:
        return []
    folder = ARTIFACTS / re.sub(r"[^A-Za-z0-9._-]+", "_", item.name)
    shutil.rmtree(folder, ignore_errors=True)  # no stale pictures from an earlier run
    folder.mkdir(parents=True)
    lines = []
    for number, page in enumerate(pages, start=1):
        path = folder / f"page-{number}.png"
        try:
            page.screenshot(path=path, full_page=True, timeout=SCREENSHOT_TIMEOUT_MS)
            lines.append(f"{path} ({page.url})")
        except Exception as error:  # a crashed or closed page must not hide the failure
            lines.append(f"{path}: not saved ({type(error).__name__}: {error})")
    return lines


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    proc, url = start_app(tmp_path_factory.mktemp("app") / "streamlit.log")
    yield url
    stop_app(proc)


@pytest.fixture(scope="session")
def browser():
    # Fail, never skip: a missing Chromium must not turn the browser tests into a pass.
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "Debian's chromium is not installed: run `apt-get install -y chromium` "
            "(scripts/test.sh does)."
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def make_page(browser, request) -> Iterator[Callable[..., object]]:
    """Pages of any viewport size, each in its own context (``options`` go to the
    context: ``has_touch=True, is_mobile=True`` for a phone).

    The contexts are kept on the test item (for the screenshots of a failed test) and
    closed even when the test fails.
    """
    contexts = request.node.stash.setdefault(CONTEXTS, [])

    def make(width: int = 1400, height: int = 1000, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield make
    for context in contexts:
        context.close()
    contexts.clear()


@pytest.fixture
def page(make_page):
    """A 1400 x 1000 page in a fresh context."""
    return make_page()


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


def after_two_frames(frame) -> None:
    """Return once ``frame`` (a page or a frame) has painted two more frames: whatever the
    last event queued (a render, a tooltip closing) has been drawn."""
    frame.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


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


def point_inside(page, locator) -> tuple[float, float]:
    """A page point (x, y) that really hits ``locator``'s SVG path (not just its box)."""
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
    assert point is not None, "no visible point of the feature"
    return frame_box["x"] + point[0], frame_box["y"] + point[1]


def click_inside(page, locator) -> None:
    """Click a point that really hits ``locator``'s SVG path (not just its bounding box)."""
    page.mouse.click(*point_inside(page, locator))
