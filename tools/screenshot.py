"""Take a screenshot of the running dashboard with Debian's Chromium (for the README).

python tools/screenshot.py http://127.0.0.1:8501 docs/screenshot.png
"""

from __future__ import annotations

import shutil
import sys

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main(url: str, out: str, width: int = 1500, height: int = 1100) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        external: list[str] = []
        page.on(
            "request",
            lambda r: (
                None if "127.0.0.1" in r.url or "localhost" in r.url else external.append(r.url)
            ),
        )
        page.goto(url)
        page.wait_for_selector(
            '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000
        )
        frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first
        frame.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        page.screenshot(path=out, full_page=True)
        browser.close()
        print(f"saved {out}; requests to other hosts: {external or 'none'}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
