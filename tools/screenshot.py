"""Take screenshots of the running dashboard with Debian's Chromium (for the README).

python tools/screenshot.py http://127.0.0.1:8501 docs/screenshot.png --size 1400x900
python tools/screenshot.py "http://127.0.0.1:8501/?lang=ar" docs/screenshot-ar.png

Only the first screen is taken (what a visitor sees before scrolling); ``--full`` takes the
whole page. Requests to hosts other than the app are listed: there should be none.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.app_server import CHROMIUM_ARGS, wait_for_app  # noqa: E402

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
ZONE_PATH = 'path.leaflet-interactive[fill="#CC79A7"]'  # the buffer zone, drawn with the zones


def take(url: str, out: str, width: int, height: int, *, full_page: bool = False) -> list[str]:
    """Open ``url`` at ``width`` × ``height``, wait for the map's zones, save a PNG.

    Returns
    -------
    list of str
        The URLs requested from hosts other than the app (expected: none).
    """
    external: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.on(
            "request",
            lambda r: (
                None if "127.0.0.1" in r.url or "localhost" in r.url else external.append(r.url)
            ),
        )
        page.goto(url)
        wait_for_app(page)
        frame = page.frame_locator(MAP_FRAME).first
        frame.locator(ZONE_PATH).first.wait_for(state="attached", timeout=60_000)
        page.wait_for_timeout(1500)  # labels placed, tiles of the offline base drawn
        page.screenshot(path=out, full_page=full_page)
        browser.close()
    return external


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--size", default="1400x900", help="viewport, WIDTHxHEIGHT")
    parser.add_argument("--full", action="store_true", help="the whole page, not one screen")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    external = take(args.url, args.out, width, height, full_page=args.full)
    print(f"saved {args.out}; requests to other hosts: {external or 'none'}")


if __name__ == "__main__":
    main()
