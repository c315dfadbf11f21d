"""A version added to the data directory while the app runs (real browser): the open page
shows it on its slider at the next interaction, without a restart, and says where it came
from."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.browser.conftest import start_app, stop_app, wait_for_app
from tests.conftest import DATA, REPO

pytestmark = pytest.mark.browser

THUMB = '[data-testid="stSlider"] input[type="range"]'
ADDED = "1 Dec 2026"


@pytest.fixture(scope="module")
def data_dir_app(tmp_path_factory):
    """An app of its own, watching an empty data directory."""
    folder = tmp_path_factory.mktemp("data")
    proc, url = start_app(
        tmp_path_factory.mktemp("app") / "streamlit.log", env={"GAZA_MAP_DATA_DIR": str(folder)}
    )
    yield url, folder
    stop_app(proc)


def add_version(folder) -> subprocess.CompletedProcess:
    """``versions add`` as a user runs it, in a shell of its own."""
    command = [
        sys.executable, "-m", "dashboard", "versions", "add",
        str(DATA / "held_side_example.geojson"), "--from", "2026-12-01", "--kind", "reported",
        "--source", "Test drawing, 1 Dec 2026", "--label", f"{ADDED}: line 250 m deeper",
        "--data-dir", str(folder),
    ]  # fmt: skip
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)


def in_force(page) -> str:
    """What says which version is in force: the caption under the date control, or the
    "last mapped" notice in its place when the version is older than 30 days."""
    return page.get_by_text("In force on", exact=False).first.inner_text()


def test_a_version_added_while_the_page_is_open_reaches_its_slider(make_page, data_dir_app):
    url, folder = data_dir_app
    page = make_page()
    page.goto(f"{url}/?at=2026-12-01")
    wait_for_app(page)
    assert f"In force on {ADDED}" in in_force(page)
    assert "line 250 m deeper" not in in_force(page)  # the bundled version of 15 Mar 2026

    done = add_version(folder)
    assert done.returncode == 0, done.stderr
    assert "Added 2026-12-01-line-250-m-deeper" in done.stdout

    # The next interaction: a day back and forth on the slider, without a restart.
    thumb = page.locator(THUMB).first
    thumb.focus()
    thumb.press("ArrowLeft")
    page.wait_for_function("() => location.search.includes('at=2026-11-30')")
    wait_for_app(page)
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('at=2026-12-01')")
    wait_for_app(page)
    page.wait_for_function("() => document.body.innerText.includes('line 250 m deeper')")
    assert f"In force on {ADDED}" in in_force(page)
    origin = page.get_by_text("Added from the data directory").first
    assert "2026-12-01-line-250-m-deeper.geojson" in origin.inner_text()
    assert page.get_by_text(f"Area by category on {ADDED}").count() == 1
