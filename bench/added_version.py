"""From file to page: a version added with ``versions add`` while the app runs, until an
open page shows it.

Starts the app watching a fresh data directory (as ``tools/app_server.py`` starts it for the
tests), opens the page in Chromium, then for each run: runs ``python -m dashboard versions
add tests/data/held_side_example.geojson ... --data-dir DIR`` in a shell of its own (timed,
wall clock, the worker's read included), and makes the next interaction in the open page
(the date slider's first stop) until the slider has the added version's stop, then moves to
that stop until the caption names the version. The version file is removed between runs
(and the page moved once so that it forgets it). Prints the medians and ranges; writes
``bench/out/added_version.json``.

    python bench/added_version.py --repeat 3
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.machine import describe  # noqa: E402
from tools.app_server import CHROMIUM_ARGS, start_app, stop_app, wait_for_app  # noqa: E402

EXAMPLE = REPO / "tests" / "data" / "held_side_example.geojson"
THUMB = '[data-testid="stSlider"] input[type="range"]'
DAY = "2026-12-01"
OUT = REPO / "bench" / "out" / "added_version.json"


def add(folder: Path) -> float:
    command = [
        sys.executable, "-m", "dashboard", "versions", "add", str(EXAMPLE), "--from", DAY,
        "--kind", "reported", "--source", "Benchmark drawing", "--label", "1 Dec 2026: bench",
        "--data-dir", str(folder),
    ]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, check=True, capture_output=True)
    return time.perf_counter() - start


def stops(page) -> int:
    return int(page.locator(THUMB).first.get_attribute("max")) + 1


def press(page, key: str) -> None:
    thumb = page.locator(THUMB).first
    thumb.focus()
    thumb.press(key)


def summary(values: list[float]) -> str:
    return (
        f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f}, n={len(values)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="gaza-map-data-"))
    proc, url = start_app(folder / "streamlit.log", env={"GAZA_MAP_DATA_DIR": str(folder)})
    results: dict[str, list[float]] = {
        "command": [],
        "interaction": [],
        "to_version": [],
        "total": [],
    }  # noqa: E501
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
            )
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(url)
            wait_for_app(page)
            for _ in range(args.repeat):
                press(page, "End")  # settle on the bundled series
                wait_for_app(page)
                before = stops(page)
                command = add(folder)
                start = time.perf_counter()
                press(page, "Home")
                page.wait_for_function(
                    "([sel, n]) => Number(document.querySelector(sel)?.max) + 1 === n",
                    arg=[THUMB, before + 1],
                )
                interaction = time.perf_counter() - start
                wait_for_app(page)
                start = time.perf_counter()
                press(page, "End")
                page.wait_for_function("d => location.search.includes('at=' + d)", arg=DAY)
                page.wait_for_function(
                    "() => document.body.innerText.includes('1 Dec 2026: bench')"
                )
                to_version = time.perf_counter() - start
                results["command"].append(command)
                results["interaction"].append(interaction)
                results["to_version"].append(to_version)
                results["total"].append(command + interaction + to_version)
                for path in (folder / "versions").glob("*.geojson"):
                    path.unlink()
                press(page, "Home")
                page.wait_for_function(
                    "([sel, n]) => Number(document.querySelector(sel)?.max) + 1 === n",
                    arg=[THUMB, before],
                )
                wait_for_app(page)
            browser.close()
    finally:
        stop_app(proc)
    for key, values in results.items():
        print(f"{key:12s} {summary(values)}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"machine": describe(), "seconds": results}, indent=1) + "\n")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
