"""The light page on a poor connection, and the single file with none, in Chromium at 390×844.

Three ways of opening it, in rotation (so that a busy moment of the machine hits all alike),
after one load of each that is not measured:

* ``served``: the published folder (``python -m dashboard publish``) from a local
  ``http.server`` on 127.0.0.1, through Chromium's network emulation at "Slow 3G"
  (``Network.emulateNetworkConditions``: 400 kbit/s down and up, 400 ms latency), cache
  off: what a first visit on a phone in Gaza costs;
* ``served-gzip``: the same, with the server compressing the text files (gzip, level 6),
  as the nginx deployment does;
* ``single-file``: ``map.html`` (``publish --single-file``) opened from disk with the
  network cut (emulated offline, every request but ``file:`` aborted).

Time: from the navigation's start to the zones on screen (the page's ``data-drawn-ms``:
``performance.now()`` two animation frames after its first render). Bytes: the sum of
``encodedDataLength`` of every response (what crossed the emulated wire). Medians and
ranges (min-max) of ``--repeat`` runs.

Run: ``python bench/light.py [--repeat 5]``; writes ``bench/out/light.json``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import shutil
import statistics
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.machine import describe  # noqa: E402
from dashboard.browser.light_data import light_data  # noqa: E402
from dashboard.browser.light_page import publish_folder, publish_single_file  # noqa: E402
from tools.app_server import CHROMIUM_ARGS  # noqa: E402

OUT = REPO / "bench" / "out"
RESULTS = OUT / "light.json"
SITE = OUT / "light-site"
SINGLE = OUT / "light-map.html"
PHONE = {"width": 390, "height": 844}
# Chromium's "Slow 3G" as the issue measures it: 400 kbit/s, 400 ms.
SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}
OFFLINE = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
TIMEOUT_MS = 120_000
COMPRESSED = (".html", ".js", ".css")


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the folder; with ``gzip`` set, text files compressed when the client asks."""

    gzip = False

    def log_message(self, *args) -> None:
        pass

    def send_head(self):  # noqa: D102 - http.server's hook
        path = Path(self.translate_path(self.path))
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip and wants and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """What ``send_head`` returns: a file-like body for ``copyfile``."""

    def __init__(self, data: bytes) -> None:
        self.data, self.done = data, False

    def read(self, _size: int = -1) -> bytes:
        if self.done:
            return b""
        self.done = True
        return self.data

    def close(self) -> None:
        pass


def serve(compress: bool) -> http.server.ThreadingHTTPServer:
    handler = type("H", (Handler,), {"gzip": compress})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(SITE))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def open_once(browser, url: str, conditions: dict, *, local_only: bool) -> dict:
    """One first visit: milliseconds to the zones drawn, and bytes over the wire."""
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", conditions)
        received: list[int] = []
        cdp.on("Network.loadingFinished", lambda e: received.append(e["encodedDataLength"]))
        blocked: list[str] = []
        if local_only:

            def route(r) -> None:
                if r.request.url.startswith("file:"):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
        page.goto(url, timeout=TIMEOUT_MS)
        page.wait_for_selector("body[data-drawn-ms]", timeout=TIMEOUT_MS)
        drawn = float(page.get_attribute("body", "data-drawn-ms"))
        page.wait_for_load_state("load")
        return {"drawn_s": drawn / 1000, "bytes": sum(received), "blocked": len(blocked)}
    finally:
        context.close()


def summary(values: list[float]) -> dict:
    return {
        "median": round(statistics.median(values), 2),
        "min": round(min(values), 2),
        "max": round(max(values), 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    data = light_data()
    shutil.rmtree(SITE, ignore_errors=True)
    publish_folder(SITE, data)
    single_bytes = publish_single_file(SINGLE, data)
    folder_bytes = sum(p.stat().st_size for p in SITE.rglob("*") if p.is_file())
    plain, compressed = serve(False), serve(True)
    ways = {
        "served": (f"http://127.0.0.1:{plain.server_port}/index.html", SLOW_3G, False),
        "served-gzip": (f"http://127.0.0.1:{compressed.server_port}/index.html", SLOW_3G, False),
        "single-file": (SINGLE.as_uri(), OFFLINE, True),
    }
    runs: dict[str, list[dict]] = {name: [] for name in ways}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for url, conditions, local_only in ways.values():  # warm-up, not measured
            open_once(browser, url, conditions, local_only=local_only)
        for _ in range(args.repeat):
            for name, (url, conditions, local_only) in ways.items():
                runs[name].append(open_once(browser, url, conditions, local_only=local_only))
        browser.close()
    plain.shutdown()
    compressed.shutdown()
    results = {
        "machine": describe(("playwright",)),
        "repeat": args.repeat,
        "folder_bytes": folder_bytes,
        "single_file_bytes": single_bytes,
        "ways": {
            name: {
                "drawn_s": summary([r["drawn_s"] for r in found]),
                "bytes": summary([r["bytes"] for r in found]),
                "blocked_requests": sum(r["blocked"] for r in found),
            }
            for name, found in runs.items()
        },
    }
    OUT.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"folder {folder_bytes:,} bytes; single file {single_bytes:,} bytes")
    for name, found in results["ways"].items():
        drawn, sent = found["drawn_s"], found["bytes"]
        print(
            f"{name:12} zones drawn {drawn['median']:.2f} s ({drawn['min']:.2f}-{drawn['max']:.2f})"
            f"  bytes {sent['median']:,.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
