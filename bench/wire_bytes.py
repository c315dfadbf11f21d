"""Bytes on the wire for a first and a second visit, straight from the app and through nginx.

    python bench/wire_bytes.py --repeat 3       # writes bench/out/wire_bytes.json

One app process and, in front of it, the deployment's nginx (bench/behind_nginx.py). A
visit is a page opened in Chromium until the whole page is drawn, the zones are in the map
and the network has been idle for 500 ms. The second visit is a new page in the same
browser context (same cache, same cookies), as when someone comes back to the site.

Counted with the DevTools protocol: every HTTP response's bytes as received
(``encodedDataLength``: headers and the body as sent, compressed or not); the responses
fetched (a 304 included) and those taken from the browser's cache; the websocket's message
bytes apart (Streamlit's own protocol, as the page sees them: after decompression) and,
through nginx, its bytes on the wire from nginx's access log (compressed when the app
allows it, ``server.enableWebsocketCompression``; the same straight from the app, where
nginx only passes the frames on). Runs alternate between the two servers; each figure is
median (min–max, n).
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from bench.behind_nginx import behind_nginx  # noqa: E402
from bench.in_app import chromium, fmt, summary  # noqa: E402
from bench.machine import describe  # noqa: E402
from tools.app_server import wait_for_app  # noqa: E402

OUT = REPO / "bench" / "out"
ZONE = 'path.leaflet-interactive[fill="#CC79A7"]'
FRAME = 'iframe[title="streamlit_folium.st_folium"]'
FIGURES = ("http_kb", "fetched", "cached", "ws_kb", "ws_wire_kb")


def visit(context, url: str) -> dict | None:
    """Open ``url`` in a new page of ``context``; the bytes and requests of that visit
    (None if the page did not settle in time)."""
    page = context.new_page()
    page.set_default_timeout(90_000)
    cdp = context.new_cdp_session(page)
    counts = {"http": 0, "fetched": 0, "cached": 0, "ws": 0}
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}

    def finished(event: dict) -> None:
        counts["http"] += event["encodedDataLength"]
        url = urls.get(event["requestId"], "?")
        sizes[url] = sizes.get(url, 0) + event["encodedDataLength"]

    def received(event: dict) -> None:
        response = event["response"]
        urls[event["requestId"]] = response["url"]
        cached = response.get("fromDiskCache") or response.get("fromMemoryCache")
        counts["cached" if cached else "fetched"] += 1  # a 304 is fetched: a round trip

    def frame(event: dict) -> None:
        payload = event["response"]["payloadData"]
        binary = event["response"]["opcode"] == 2  # base64 in the protocol
        counts["ws"] += len(base64.b64decode(payload)) if binary else len(payload.encode())

    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.responseReceived", received)
    cdp.on("Network.webSocketFrameReceived", frame)
    cdp.on("Network.webSocketFrameSent", frame)
    cdp.send("Network.enable")
    try:
        page.goto(url)
        wait_for_app(page)
        page.frame_locator(FRAME).first.locator(ZONE).first.wait_for()
        page.wait_for_load_state("networkidle")
    except PlaywrightTimeout as error:  # a busy machine: the run counts as failed, not the bench
        print(f"{url}: {error}".splitlines()[0], file=sys.stderr)
        return None
    finally:
        page.close()
    return {
        "http_kb": round(counts["http"] / 1024, 1),
        "fetched": counts["fetched"],
        "cached": counts["cached"],
        "ws_kb": round(counts["ws"] / 1024, 1),
        "largest": largest(sizes),
    }


def largest(sizes: dict[str, int], count: int = 8) -> list[tuple[str, float]]:
    """The ``count`` responses with the most bytes on the wire: (path, KB), largest first."""
    ranked = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:count]
    return [(urlsplit(url).path, round(size / 1024, 1)) for url, size in ranked]


def measure(repeat: int) -> dict:
    runs = {(server, n): [] for server in ("direct", "nginx") for n in ("first", "second")}
    with behind_nginx("wire-app.log") as deployment, chromium() as browser:
        urls = {"direct": deployment.app_url, "nginx": deployment.url}
        visit(browser.new_context(), deployment.app_url)  # warm the app's caches, not counted
        for _ in range(repeat):
            for server, url in urls.items():
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                runs[(server, "first")].append(visit(context, url))
                runs[(server, "second")].append(visit(context, url))
                context.close()
    add_websocket_wire_bytes(runs, deployment.access_log)
    return {
        f"{server} {which}": {
            **{f: summary([r and r.get(f) for r in got]) for f in FIGURES},
            "largest": next((r["largest"] for r in got if r), []),  # the first run's
        }
        for (server, which), got in runs.items()
    }


def add_websocket_wire_bytes(runs: dict, log: Path) -> None:
    """The websocket's bytes on the wire (compressed, if negotiated) from nginx's access
    log, written when each connection closed: one line per nginx visit, in order."""
    sent = [
        int(line.split('"')[2].split()[1])
        for line in log.read_text().splitlines()
        if '"GET /_stcore/stream ' in line and '" 101 ' in line
    ]
    pairs = zip(runs[("nginx", "first")], runs[("nginx", "second")], strict=True)
    visits = [result for pair in pairs for result in pair]
    if len(sent) != len(visits):  # a reconnection: the lines no longer match the visits
        print(f"websocket lines {len(sent)} for {len(visits)} visits: not counted", file=sys.stderr)
        return
    for result, size in zip(visits, sent, strict=True):
        if result is not None:
            result["ws_wire_kb"] = round(size / 1024, 1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="visits per server and kind")
    args = parser.parse_args(argv)
    results = measure(args.repeat)
    columns = ["visit", "HTTP bytes", "responses fetched", "from the cache"]
    columns += ["websocket messages", "websocket on the wire"]
    print("| " + " | ".join(columns) + " |\n|" + "---|" * len(columns))
    for name, figures in results.items():
        cells = [fmt(figures["http_kb"], "KB"), fmt(figures["fetched"], "")]
        cells += [fmt(figures["cached"], ""), fmt(figures["ws_kb"], "KB")]
        cells += [fmt(figures["ws_wire_kb"], "KB")]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\nlargest responses of the first visit through nginx (KB on the wire):")
    for path, size in results["nginx first"]["largest"]:
        print(f"  {size:8.1f}  {path}")
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / "wire_bytes.json"
    out.write_text(json.dumps({"machine": describe(("streamlit",)), "results": results}, indent=1))
    print(f"written {out}")


if __name__ == "__main__":
    main()
