"""A first visit paints the map before the rest of the page, and the rest never re-mounts it."""

from __future__ import annotations

import re

from tests.browser.conftest import MAP_IFRAME, wait_for_app

BUFFER_FILL = "#CC79A7"

# In the top page: the first painted frame with the buffer zone in the map, and the first
# with the timeline's "Next" button; at the zone's frame, a mark in the map's window (a
# re-mounted map gets a new window, without it).
WATCH = """
(() => {
    if (window !== window.top) return;
    window.__seen = {};
    const tick = () => {
        const now = performance.now(), seen = window.__seen;
        const frame = document.querySelector(MAP);
        const doc = frame && frame.contentDocument;
        if (!("zone" in seen) && doc && doc.querySelector(ZONE)) {
            seen.zone = now;
            frame.contentWindow.__firstMap = true;
        }
        if (!("timeline" in seen) && document.querySelector(".st-key-tl_next")) {
            seen.timeline = now;
        }
        if (!("zone" in seen && "timeline" in seen)) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
})();
"""


def _watch() -> str:
    zone = f'path.leaflet-interactive[fill="{BUFFER_FILL}"]'
    return WATCH.replace("MAP", repr(MAP_IFRAME)).replace("ZONE", repr(zone))


def test_the_map_is_painted_before_the_rest_and_kept(page, app_url):
    page.add_init_script(_watch())
    page.goto(app_url)
    wait_for_app(page)
    seen = page.evaluate("window.__seen")
    assert seen["zone"] < seen["timeline"], seen
    # The rest of the page came after, around the same map: not re-mounted.
    assert page.locator(MAP_IFRAME).count() == 1  # the main map (no event: no inset)
    marked = page.locator(MAP_IFRAME).first.evaluate("f => f.contentWindow.__firstMap === true")
    assert marked
    assert page.locator(".st-key-event_box").count() == 1


def test_the_rest_follows_even_if_the_map_never_says_it_painted(page, app_url):
    from streamlit.proto.BackMsg_pb2 import BackMsg

    dropped: list[int] = []

    def handle(ws) -> None:
        # Between the browser and the server: the first run's request goes through; the
        # page's later requests for a whole run (the map's word) are dropped. The timer's
        # request (a fragment's) goes through: the server then reruns the whole page.
        server = ws.connect_to_server()
        runs = 0

        def from_page(message) -> None:
            nonlocal runs
            back = BackMsg()
            back.ParseFromString(message if isinstance(message, bytes) else message.encode())
            if back.WhichOneof("type") == "rerun_script" and not back.rerun_script.fragment_id:
                runs += 1
                if runs > 1:
                    dropped.append(runs)
                    return
            server.send(message)

        ws.on_message(from_page)
        server.on_message(ws.send)

    page.route_web_socket(re.compile(r".*/_stcore/stream"), handle)
    page.goto(app_url)
    page.locator(".st-key-tl_next").wait_for(timeout=20_000)
    wait_for_app(page)
    assert dropped, "the map's word never reached the page: nothing to drop"
    assert page.locator(".st-key-event_box").count() == 1
