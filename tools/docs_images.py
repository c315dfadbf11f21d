"""Retake the user guide's pictures (docs/images/) from a running app.

python tools/docs_images.py http://127.0.0.1:8501

Each picture is one state a reader of docs/user-guide.md meets: a place picked in the
place box and measured, an event of the timeline chosen, a date before the zones changed, the
page in Arabic on a phone, and the light page on a phone.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.app_server import CHROMIUM_ARGS, wait_for_app  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "docs" / "images"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
ZONE_PATH = 'path.leaflet-interactive[fill="#CC79A7"]'
SETTLE_MS = 1500  # labels placed, the offline base drawn: a picture, not a test
PLACE = ("Khan Younis", "Khan Younis (town)")  # typed in the place box, the option picked
SEGMENT = 'path[stroke-dasharray="6 4"]'  # the dashed segment from the place to the line


def settled(page) -> None:
    """Wait for the whole page and the map's zones, then let the drawing finish."""
    wait_for_app(page)
    page.frame_locator(MAP_FRAME).first.locator(ZONE_PATH).first.wait_for(state="attached")
    page.wait_for_timeout(SETTLE_MS)
    wait_for_app(page)


def take(browser, url: str, name: str, size=(1400, 900), touch=False, action=None) -> None:
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, has_touch=touch, is_mobile=touch
    )
    try:
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(url)
        if action is None:
            settled(page)
        else:
            action(page)
        page.screenshot(path=str(OUT / name))
        print("saved", OUT / name, flush=True)
    finally:
        context.close()


def measure_a_place(page) -> None:
    """Pick a town in the place box: the map moves to it and the answer measures it."""
    settled(page)
    page.locator(".st-key-place_choice").click()
    page.keyboard.type(PLACE[0])
    page.get_by_role("option", name=PLACE[1]).click()
    wait_for_app(page)
    page.frame_locator(MAP_FRAME).first.locator(SEGMENT).first.wait_for(state="attached")
    page.wait_for_timeout(SETTLE_MS)
    settled(page)


def event_chosen(page) -> None:
    """The event's description, sources and venue inset, which sit below the first screen."""
    settled(page)
    # The venue inset (the second map) at the top of the screen, the event under it.
    inset = page.locator(MAP_FRAME).nth(1)
    inset.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(SETTLE_MS)


def light_page(page) -> None:
    page.locator("body[data-drawn-ms]").wait_for(state="attached")  # the zones are drawn
    page.wait_for_timeout(SETTLE_MS)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the running app, e.g. http://127.0.0.1:8501")
    url = parser.parse_args(argv).url.rstrip("/")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        try:
            take(browser, f"{url}/?at=2026-05-20", "distance.png", action=measure_a_place)
            take(browser, f"{url}/?event=signing", "event.png", action=event_chosen)
            take(browser, f"{url}/?at=2025-10-19", "first-map.png")
            take(browser, f"{url}/?lang=ar", "phone-ar.png", size=(390, 844), touch=True)
            take(
                browser,
                f"{url}/app/static/light/index.html",
                "light-page.png",
                size=(390, 844),
                touch=True,
                action=light_page,
            )
        finally:
            browser.close()


if __name__ == "__main__":
    main()
