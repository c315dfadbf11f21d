"""Toggling a zone with a large upload on the map: is the layer sent and built again?

Three app processes run side by side in the same run: the app as it is (a layer over
``INLINE_LAYER_MAX_BYTES`` is fetched once, and the map keeps the layers it built); the
same with every layer inside the map's script (``GAZA_MAP_INLINE_LAYER_MAX_BYTES`` set
very high); and the baseline of how the app worked before, every layer inside the script
and built again on every change (also ``GAZA_MAP_MAX_BUILT_LAYERS=0``). For each, a file of N
generated polygons is uploaded, then a zone is toggled repeatedly; the runs alternate
between the two apps so that a busy moment of the machine hits both alike.

Reported per app and size: median and spread (min-max) of click-to-map-change time, the
size of the map script sent on each toggle, and how many times the layer was fetched.

Run: ``python bench/resend.py [--sizes 20000,50000] [--toggles 8]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import OUT, write_polygons  # noqa: E402
from bench.machine import describe  # noqa: E402
from tools.app_server import CHROMIUM_ARGS, start_app, stop_app, wait_for_app  # noqa: E402

FRAME = 'iframe[title="streamlit_folium.st_folium"]'
BUFFER = 'path.leaflet-interactive[fill="#CC79A7"]'
UPLOAD = '[data-testid="stSidebar"] [data-testid="stFileUploaderDropzoneInput"]'
APPS = {
    "served + kept (this app)": {},
    "inline + kept": {"GAZA_MAP_INLINE_LAYER_MAX_BYTES": str(10**12)},
    "inline, rebuilt (before)": {
        "GAZA_MAP_INLINE_LAYER_MAX_BYTES": str(10**12),
        "GAZA_MAP_MAX_BUILT_LAYERS": "0",
    },
}


def measure(page, url: str, path: Path, toggles: int) -> dict:
    """Upload ``path``, then toggle the buffer ``toggles`` times; return the figures."""
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if r.url.endswith(".json") else None)
    page.goto(url)
    wait_for_app(page)
    page.frame_locator(FRAME).first.locator(BUFFER).first.wait_for()
    start = time.perf_counter()
    page.locator(UPLOAD).set_input_files(str(path))
    page.frame_locator(FRAME).first.locator(".leaflet-pane canvas").first.wait_for(
        state="attached", timeout=600_000
    )
    frame = page.locator(FRAME).first.element_handle().content_frame()
    frame.wait_for_function("Object.keys(window.map._layers).length > 1000", timeout=600_000)
    drawn_s = time.perf_counter() - start
    wait_for_app(page)
    times, sizes = [], []
    toggle = page.get_by_text("Buffer / off-limits perimeter").first
    for i in range(toggles):
        start = time.perf_counter()
        toggle.click()
        state = "detached" if i % 2 == 0 else "attached"
        page.frame_locator(FRAME).first.locator(BUFFER).first.wait_for(state=state)
        frame.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        times.append(time.perf_counter() - start)
        sizes.append(frame.evaluate("window.__GLOBAL_DATA__.last_feature_group.length"))
        wait_for_app(page)
    return {
        "upload_drawn_s": round(drawn_s, 2),
        "toggle_median_s": round(statistics.median(times), 3),
        "toggle_min_s": round(min(times), 3),
        "toggle_max_s": round(max(times), 3),
        "script_per_toggle_mb": round(statistics.median(sizes) / 2**20, 2),
        "layer_fetches": len([u for u in fetched if "/media/" in u]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,50000")
    parser.add_argument("--toggles", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per app")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    sizes = [int(s) for s in args.sizes.split(",")]
    paths = {n: write_polygons(n, OUT / "inputs") for n in sizes}
    servers = {
        name: start_app(
            OUT / f"resend-{i}.log",
            extra_args=("--server.maxUploadSize", "400"),
            env={**env, "GAZA_MAP_MAX_UPLOAD_MB": "400"},
        )
        for i, (name, env) in enumerate(APPS.items())
    }
    results: dict = {"machine": describe(), "runs": {}}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
            )
            for n in sizes:
                for _ in range(args.rounds):
                    for name, (_, url) in servers.items():
                        context = browser.new_context(viewport={"width": 1400, "height": 1000})
                        page = context.new_page()
                        page.set_default_timeout(120_000)
                        run = measure(page, url, paths[n], args.toggles)
                        context.close()
                        results["runs"].setdefault(f"{n}", {}).setdefault(name, []).append(run)
                        print(n, name, run, flush=True)
            browser.close()
    finally:
        for proc, _ in servers.values():
            stop_app(proc)
    print(f"\nMachine: {results['machine']}")
    print("features | app | toggle median s (min-max) | script MB per toggle | layer fetches")
    summary = {}
    for n, by_app in results["runs"].items():
        for name, runs in by_app.items():
            medians = [r["toggle_median_s"] for r in runs]
            row = {
                "toggle_median_s": round(statistics.median(medians), 3),
                "toggle_spread_s": [
                    min(r["toggle_min_s"] for r in runs),
                    max(r["toggle_max_s"] for r in runs),
                ],
                "script_per_toggle_mb": statistics.median(r["script_per_toggle_mb"] for r in runs),
                "layer_fetches_per_run": [r["layer_fetches"] for r in runs],
                "upload_drawn_s": statistics.median(r["upload_drawn_s"] for r in runs),
            }
            summary.setdefault(n, {})[name] = row
            low, high = row["toggle_spread_s"]
            print(
                f"{n} | {name} | {row['toggle_median_s']} ({low}-{high}) | "
                f"{row['script_per_toggle_mb']} | {row['layer_fetches_per_run']}"
            )
        ours, kept, before = (summary[n][k]["toggle_median_s"] for k in APPS)
        print(
            f"{n} | ratio to before | this app {ours / before:.2f}, "
            f"inline + kept {kept / before:.2f}"
        )
    results["summary"] = summary
    (OUT / "resend.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
