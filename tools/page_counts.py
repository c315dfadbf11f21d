"""Screenshots and counts of the first full load, at three sizes and in both languages.

python tools/page_counts.py /work/notes/shots/before
python tools/page_counts.py /tmp/after --url http://127.0.0.1:8611

For each size (1400x900 desktop; 820x1180 and 390x844 with touch, as a tablet and a
phone) and each language (English, Arabic with ``?lang=ar``) the page is opened in a
fresh browser context, left to finish its first full load (the map paints, then reruns
the page, see ``dashboard/ui/map_first.py``), and saved as ``<size>-<lang>.png`` in the
output folder. ``counts.json`` beside them records, for each shot, the enabled buttons
on the whole page and inside the sidebar, and the sidebar's height (``scrollHeight`` of
its content) in px and in screens. Without ``--url`` the app is started the way the
README says and stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.app_server import CHROMIUM_ARGS, start_app, stop_app, wait_for_app  # noqa: E402

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
ZONE_PATH = 'path.leaflet-interactive[fill="#CC79A7"]'  # the buffer zone, drawn with the zones
# (width, height, touch): the desktop, a tablet and a phone of the checks.
SIZES = ((1400, 900, False), (820, 1180, True), (390, 844, True))
LANGUAGES = ("en", "ar")
TRIES = 2  # on a machine shared with other work a first load can miss its time-out
SETTLE_MS = 1500  # labels placed, the offline base tiles drawn; a picture, not a test

# Run in the page: functions, no string evaluated (nothing here needs unsafe-eval).
# Buttons are counted as the first load leaves them; those of a closed sidebar count too
# (they are on the page, one tap away). "Shown" buttons are those with a box on screen
# or off it (not display:none, e.g. not inside a closed expander).
COUNT_BUTTONS = """() => {
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    const main = document.querySelector('[data-testid="stMain"]');
    const enabled = (root) => root ? [...root.querySelectorAll('button:not([disabled])')] : [];
    return {
        buttons_enabled_page: enabled(document).length,
        buttons_enabled_sidebar: enabled(sidebar).length,
        buttons_enabled_shown: enabled(document).filter(b => b.getClientRects().length).length,
        sidebar_open_at_load: sidebar ? sidebar.dataset.collapsed === 'false' : false,
        // The page scrolls inside Streamlit's main block, not the document.
        main_scroll_height_px: main ? main.scrollHeight : 0,
    };
}"""
SIDEBAR_HEIGHT = """() => {
    const content = document.querySelector('[data-testid="stSidebarContent"]');
    return content ? content.scrollHeight : 0;
}"""
OPEN_SIDEBAR = '[data-testid="stExpandSidebarButton"]'


def shoot(browser, url: str, out: Path, width: int, height: int, touch: bool) -> dict:
    """Open ``url`` in a fresh context, wait for the full first load, save and measure it.

    Returns
    -------
    dict
        The counts of :data:`COUNT_BUTTONS`, the open sidebar's height in px and in
        screens, and the viewport.
    """
    context = browser.new_context(
        viewport={"width": width, "height": height}, has_touch=touch, is_mobile=touch
    )
    try:
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(url)
        wait_for_app(page)
        page.frame_locator(MAP_FRAME).first.locator(ZONE_PATH).first.wait_for(state="attached")
        page.wait_for_timeout(SETTLE_MS)
        wait_for_app(page)  # a rerun the wait may have started has finished too
        page.screenshot(path=str(out))
        counts = page.evaluate(COUNT_BUTTONS)
        if not counts["sidebar_open_at_load"]:
            # A closed sidebar has no width, so its text wraps letter by letter: measure
            # the height a visitor scrolls once it is open.
            page.locator(OPEN_SIDEBAR).click()
            page.locator('[data-testid="stSidebar"][data-collapsed="false"]').wait_for()
            page.wait_for_timeout(SETTLE_MS)  # the sidebar's slide-in transition
        counts["sidebar_scroll_height_px"] = page.evaluate(SIDEBAR_HEIGHT)
    finally:
        context.close()
    counts["viewport"] = f"{width}x{height}"
    counts["touch"] = touch
    counts["sidebar_screens"] = round(counts["sidebar_scroll_height_px"] / height, 2)
    return counts


def shoot_again_on_timeout(browser, url: str, out: Path, *args) -> dict:
    """:func:`shoot`, once more in a fresh context if the first load timed out."""
    for attempt in range(1, TRIES + 1):
        try:
            return shoot(browser, url, out, *args)
        except PlaywrightTimeout:
            if attempt == TRIES:
                raise
            print(f"{out.name}: timed out, trying again", flush=True)
    raise AssertionError("unreachable")


def record(url: str, folder: Path) -> dict:
    """Shoot and measure every size and language into ``folder``; return the counts."""
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        try:
            for width, height, touch in SIZES:
                for lang in LANGUAGES:
                    name = f"{width}x{height}-{lang}"
                    page_url = url if lang == "en" else f"{url}/?lang={lang}"
                    results[name] = shoot_again_on_timeout(
                        browser, page_url, folder / f"{name}.png", width, height, touch
                    )
                    print(name, results[name], flush=True)
        finally:
            browser.close()
    (folder / "counts.json").write_text(json.dumps(results, indent=2) + "\n")
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the PNGs and counts.json")
    parser.add_argument("--url", help="a running app (default: start one)")
    args = parser.parse_args(argv)
    if args.url:
        record(args.url.rstrip("/"), args.out)
        return
    proc, url = start_app(Path(tempfile.gettempdir()) / "page_counts-streamlit.log")
    try:
        record(url, args.out)
    finally:
        stop_app(proc)


if __name__ == "__main__":
    main()
