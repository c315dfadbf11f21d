"""The dashboard and the light page on a phone's slow link, both through the nginx deployment.

    python bench/slow_link.py --repeat 3        # writes bench/out/slow_link.json
    python bench/slow_link.py --repeat 3 --tls  # HTTPS and HTTP/2: slow_link_tls.json

One app process with the deployment's nginx in front (bench/behind_nginx.py); Chromium at
390×844 with ``Network.emulateNetworkConditions`` at "Slow 3G" (400 kbit/s down and up,
400 ms latency; the same as bench/light.py) and its cache off: a first visit. Each run is
a new browser context; the dashboard and the light page alternate, after one unthrottled
visit of each that is not measured (it warms the app and has it publish the light page,
which nginx then serves from disk).

Times from the navigation's start, read in the page:

* dashboard: ``title``, the first animation frame with the page's title; ``map``, the
  first animation frame whose map frame holds a path of the buffer zone (as
  bench/in_app.py detects the zone painted); the target: map ≤ 30 s;
* light page: ``map``, its ``data-drawn-ms`` (two animation frames after the zones'
  first render); the target there is ≤ 10 s (bench/light.py measures it without nginx).

Bytes: every HTTP response's ``encodedDataLength`` until the map is drawn (the
websocket's messages apart: bench/wire_bytes.py counts them), and the largest of them.
Medians and ranges (min–max, n) of ``--repeat`` runs; a run that times out is counted as
failed, not as a figure. ``--timeline`` also prints, for the first measured visit of the
dashboard, every response before the map (requested, finished, KB on the wire, path) and
the websocket's messages (received, KB as the page gets them), from the DevTools
protocol's Network events: what is on the way to the map, and what waits for what.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from bench.behind_nginx import LIGHT_PATH, behind_nginx, wait_for_light_page  # noqa: E402
from bench.in_app import FRAME, ZONE, chromium, fmt, summary  # noqa: E402
from bench.light import PHONE, SLOW_3G  # noqa: E402
from bench.machine import describe  # noqa: E402
from bench.wire_bytes import largest  # noqa: E402

OUT = REPO / "bench" / "out"
RESULTS = OUT / "slow_link.json"
TIMEOUT_MS = 240_000
TITLE = "h1"
# In the dashboard's top page: the first animation frame with the title, and the first one
# whose map frame holds the buffer zone, as attributes of <html> (ms from the navigation's
# start), so that Python waits on a selector: behind nginx the page's policy forbids the
# string evaluation of Playwright's wait_for_function.
MARKS = """
(() => {
    if (window !== window.top) return;
    const [frameSel, zoneSel, titleSel] = SELECTORS;
    const mark = (name) => {
        if (!document.documentElement.hasAttribute(name))
            document.documentElement.setAttribute(name, String(performance.now()));
    };
    const tick = () => {
        if (document.querySelector(titleSel)) mark("data-title-ms");
        const frame = document.querySelector(frameSel);
        const doc = frame && frame.contentDocument;
        if (doc && doc.querySelector(zoneSel)) { mark("data-map-ms"); return; }
        requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
})();
"""
DASHBOARD_MARKS = MARKS.replace("SELECTORS", json.dumps([FRAME, ZONE, TITLE]))


def seconds(page, selector: str, attribute: str) -> float:
    """Wait for ``selector`` to carry ``attribute`` (milliseconds): its value in seconds."""
    page.wait_for_selector(f"{selector}[{attribute}]", state="attached", timeout=TIMEOUT_MS)
    return round(float(page.get_attribute(selector, attribute)) / 1000, 2)


def open_slowly(browser, url: str, kind: str, *, throttle: bool = True) -> dict | None:
    """One first visit of ``kind`` ("dashboard" or "light"): its times and bytes."""
    context = browser.new_context(viewport=PHONE, ignore_https_errors=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    started: dict[str, float] = {}  # request id -> the protocol's timestamp (s)
    events: list[tuple[float, float, float, str]] = []  # (start, end, KB, what)
    cdp.on(
        "Network.responseReceived", lambda e: urls.update({e["requestId"]: e["response"]["url"]})
    )
    cdp.on(
        "Network.requestWillBeSent",
        lambda e: started.setdefault(e["requestId"], e["timestamp"]),
    )

    def finished(event: dict) -> None:
        url = urls.get(event["requestId"], "?")
        sizes[url] = sizes.get(url, 0) + event["encodedDataLength"]
        start = started.get(event["requestId"], event["timestamp"])
        events.append((start, event["timestamp"], event["encodedDataLength"] / 1024, url))

    def message(event: dict) -> None:
        payload = event["response"]["payloadData"]  # base64 when binary: 3/4 of its length
        size = len(payload) * (3 / 4 if event["response"]["opcode"] == 2 else 1) / 1024
        events.append((event["timestamp"], event["timestamp"], size, "websocket message"))

    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.webSocketFrameReceived", message)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if throttle:
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    if kind == "dashboard":
        page.add_init_script(DASHBOARD_MARKS)
    try:
        page.goto(url, timeout=TIMEOUT_MS, wait_until="commit")
        if kind == "dashboard":
            times = {"map_s": seconds(page, "html", "data-map-ms")}
            times["title_s"] = seconds(page, "html", "data-title-ms")
        else:
            times = {"map_s": seconds(page, "body", "data-drawn-ms")}
    except PlaywrightTimeout as error:  # a busy machine: the run fails, not the bench
        print(f"{kind}: {error}".splitlines()[0], file=sys.stderr)
        return None
    finally:
        context.close()
    total = round(sum(sizes.values()) / 1024, 1)
    return {**times, "http_kb": total, "largest": largest(sizes), "timeline": _relative(events)}


def _relative(events: list[tuple[float, float, float, str]]) -> list[tuple]:
    """``events`` from the first request's start, in order: (start s, end s, KB, path)."""
    if not events:
        return []
    zero = min(start for start, *_ in events)
    return [
        (round(start - zero, 2), round(end - zero, 2), round(kb, 1), urlsplit(what).path or what)
        for start, end, kb, what in sorted(events)
    ]


def print_timeline(timeline: list[tuple], map_s: float) -> None:
    """Each response and websocket message of a visit until its map, on stderr."""
    print(f"first dashboard visit, until its map at {map_s} s:", file=sys.stderr)
    print("   start     end       KB  what", file=sys.stderr)
    for start, end, kb, what in timeline:
        if start <= map_s:
            print(f"{start:8.2f} {end:7.2f} {kb:8.1f}  {what}", file=sys.stderr)


def measure(repeat: int, tls: bool, timeline: bool = False) -> dict:
    runs: dict[str, list] = {"dashboard": [], "light": []}
    with behind_nginx("slow-link-app.log", tls=tls) as deployment, chromium() as browser:
        urls = {"dashboard": deployment.url, "light": deployment.url + LIGHT_PATH}
        open_slowly(browser, urls["dashboard"], "dashboard", throttle=False)  # not counted
        wait_for_light_page(deployment)
        open_slowly(browser, urls["light"], "light", throttle=False)
        for _ in range(repeat):
            for kind, url in urls.items():
                runs[kind].append(open_slowly(browser, url, kind))
    first = next((r for r in runs["dashboard"] if r), None)
    if timeline and first:
        print_timeline(first["timeline"], first["map_s"])
    figures = ("map_s", "title_s", "http_kb")
    for kind, got in runs.items():
        print(f"{kind}: largest responses before the map (KB):", file=sys.stderr)
        for path, size in next((r["largest"] for r in got if r), []):
            print(f"  {size:8.1f}  {path}", file=sys.stderr)
    return {
        kind: {
            f: summary([r and r.get(f) for r in got])
            for f in figures
            if kind == "dashboard" or f != "title_s"
        }
        for kind, got in runs.items()
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="visits of each page")
    parser.add_argument(
        "--tls", action="store_true", help="HTTPS and HTTP/2, as deploy/README.md's TLS setup"
    )
    parser.add_argument(
        "--timeline",
        action="store_true",
        help="print each response and websocket message before the first visit's map",
    )
    args = parser.parse_args(argv)
    results = measure(args.repeat, args.tls, args.timeline)
    how = "HTTPS, HTTP/2" if args.tls else "HTTP/1.1"
    columns = (f"page (Slow 3G, 390×844, nginx, {how})", "title", "map with the zones")
    print("| " + " | ".join((*columns, "HTTP bytes until then")) + " |")
    print("|---|---|---|---|")
    for kind, figures in results.items():
        title = fmt(figures["title_s"]) if "title_s" in figures else "—"
        print(f"| {kind} | {title} | {fmt(figures['map_s'])} | {fmt(figures['http_kb'], 'KB')} |")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    machine = describe(("streamlit", "playwright"))
    out = RESULTS.with_stem("slow_link_tls") if args.tls else RESULTS
    record = {"machine": machine, "repeat": args.repeat, "tls": args.tls, "results": results}
    out.write_text(json.dumps(record, indent=1))
    print(f"written {out}")


if __name__ == "__main__":
    main()
