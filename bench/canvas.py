"""Drawing a large upload in Chromium: binary canvas layer vs GeoJSON layer vs a naive page.

For each size, the upload is prepared as the app prepares it (``prepare_layer``) and
three pages are built and opened in Chromium from a local server, in turn:

* ``binary`` (this app): the layer's binary payload fetched and drawn by
  :class:`dashboard.browser.canvas_layer.CanvasLayer`;
* ``geojson`` (before): the layer prepared as the app did before (GeoJSON text only,
  its coarser simplification), fetched and drawn by
  :class:`dashboard.browser.fast_geojson.FastGeoJson` on Leaflet's canvas (one Leaflet
  object per feature);
* ``naive``: ``folium.GeoJson`` of the file as read, with a tooltip, folium's defaults
  (SVG), the whole layer inside the page.

Measured inside the page: ``performance.now()`` (milliseconds since the navigation
started) once the layer is drawn and two animation frames have passed. The pages are
opened in rotation (binary, geojson, naive, binary...) so that a busy moment of the
machine hits all alike, after one page load that is not measured; medians and ranges
(min-max) of ``--repeat`` runs.

The time to prepare the layer in Python (once per file), now and as before, is recorded
too (one run each).

Run: ``python bench/canvas.py [--sizes 20000,50000] [--repeat 3]``; writes
``bench/out/canvas.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import folium  # noqa: E402
import geopandas as gpd  # noqa: E402

from bench.generate import OUT, write_polygons  # noqa: E402
from bench.machine import describe  # noqa: E402
from dashboard.browser import prepare  # noqa: E402
from dashboard.browser.map_builder import build_base_map, neutral_group  # noqa: E402
from dashboard.browser.offline_assets import install_leaflet, use_local_assets  # noqa: E402
from dashboard.browser.prepare import prepare_layer  # noqa: E402
from dashboard.config import GAZA_CENTER, GAZA_ZOOM  # noqa: E402
from tools.app_server import CHROMIUM_ARGS  # noqa: E402

RESULTS = REPO / "bench" / "out" / "canvas.json"
SITE = REPO / "bench" / "out" / "canvas-site"
STRIP_KM2 = 364.9
TIMEOUT_MS = 600_000

# Run in the page once it has loaded: resolves with performance.now() when the layer is
# drawn (and two frames have passed, so the canvas or the SVG is on screen).
DRAWN = """
async ([kind, count]) => {
    const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const map = Object.keys(window).filter(k => k.startsWith("map_"))
        .map(k => window[k]).find(m => m && m._container);
    const ready = () => {
        const built = map._builtLayers ? Object.values(map._builtLayers.layers) : [];
        if (kind === "binary") return built.some(l => l._data && l._data.draws > 0);
        if (kind === "geojson") return built.some(l => l.getLayers().length === count);
        return document.querySelectorAll("path.leaflet-interactive").length >= count;
    };
    while (!ready()) await new Promise(r => setTimeout(r, 5));
    await frames();
    const layer = map._builtLayers && Object.values(map._builtLayers.layers)[0];
    const data = kind === "binary" ? layer._data : null;
    return {
        drawn_ms: performance.now(),
        decode_ms: data ? data.decodeMs : null,
        index_ms: data ? data.prepareMs : null,
        draw_ms: data ? data.drawMs : null,
    };
}
"""


def build_site(n: int, site: Path) -> dict:
    """Write the three pages (and the two served payloads) for ``n`` polygons."""
    path = OUT / f"polygons_{n}.geojson"
    if not path.exists():
        write_polygons(n)
    gdf = gpd.read_file(path)
    start = time.perf_counter()
    prepared = prepare_layer(gdf, key="u1", zoned=False, strip_km2=STRIP_KM2)
    prepare_s = time.perf_counter() - start
    # As before: no binary copy, the coarser simplification of layers drawn as GeoJSON.
    start = time.perf_counter()
    with patched(prepare, "CANVAS_ABOVE", 10**12):
        before = prepare_layer(gdf, key="u1", zoned=False, strip_km2=STRIP_KM2)
    before_s = time.perf_counter() - start
    layer = prepared.browser["all"]
    fields = prepared.hover_fields
    (site / f"layer_{n}.bin").write_bytes(layer.binary.payload)
    (site / f"layer_{n}.json").write_bytes(before.browser["all"].payload)
    pages = {
        "binary": layer.binary_served_at(f"/layer_{n}.bin"),
        "geojson": before.browser["all"].served_at(f"/layer_{n}.json"),
    }
    for kind, served in pages.items():
        fmap = build_base_map()
        neutral_group(served, "upload", fields).add_to(fmap)
        (site / f"{kind}_{n}.html").write_text(fmap.get_root().render())
    naive = folium.Map(location=GAZA_CENTER, zoom_start=round(GAZA_ZOOM), tiles=None)
    # Dates as text, or folium cannot serialise them (the one change a naive page needs).
    plain = gdf.astype({c: str for c in gdf.columns if str(gdf[c].dtype).startswith("datetime")})
    folium.GeoJson(plain, tooltip=folium.GeoJsonTooltip(list(fields))).add_to(naive)
    (site / f"naive_{n}.html").write_text(naive.get_root().render())
    return {
        "features": n,
        "drawn_features": layer.count,
        "binary_mb": round(len(layer.binary.payload) / 1e6, 2),
        "geojson_mb": round(len(before.browser["all"].payload) / 1e6, 2),
        "geojson_same_geometry_mb": round(len(layer.payload) / 1e6, 2),
        "prepare_s": round(prepare_s, 2),
        "prepare_before_s": round(before_s, 2),
        "naive_page_mb": round((site / f"naive_{n}.html").stat().st_size / 1e6, 2),
        "display": prepared.note or "full geometry",
        "display_before": before.note or "full geometry",
    }


@contextlib.contextmanager
def patched(module, name: str, value):
    """``module.name`` set to ``value`` inside the block."""
    old = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, old)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def measure(url: str, sizes: dict[int, dict], repeat: int) -> dict:
    from playwright.sync_api import sync_playwright

    runs: dict = {n: {k: [] for k in ("binary", "geojson", "naive")} for n in sizes}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        warm = browser.new_page()  # not measured: the browser's own start-up costs
        warm.goto(f"{url}/binary_{min(sizes)}.html")
        warm.evaluate(DRAWN, ["binary", sizes[min(sizes)]["drawn_features"]])
        warm.close()
        for n, info in sizes.items():
            for _ in range(repeat):
                for kind in runs[n]:
                    page = browser.new_page(viewport={"width": 1400, "height": 900})
                    page.set_default_timeout(TIMEOUT_MS)
                    page.goto(f"{url}/{kind}_{n}.html", wait_until="commit")
                    page.wait_for_function("document.readyState !== 'loading'")
                    count = info["drawn_features"] if kind != "naive" else n
                    runs[n][kind].append(page.evaluate(DRAWN, [kind, count]))
                    page.close()
        browser.close()
    return runs


def summary(values: list[float]) -> dict:
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,50000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    use_local_assets()
    shutil.rmtree(SITE, ignore_errors=True)
    install_leaflet(SITE / "app" / "static" / "vendor")
    sizes = {}
    for n in [int(s) for s in args.sizes.split(",") if s]:
        print(f"preparing {n:,} polygons…", flush=True)
        sizes[n] = build_site(n, SITE)
    server, url = serve(SITE)
    try:
        start = time.perf_counter()
        runs = measure(url, sizes, args.repeat)
        print(f"measured in {time.perf_counter() - start:.0f} s", flush=True)
    finally:
        server.shutdown()
    rows = []
    for n, info in sizes.items():
        row = dict(info)
        for kind, results in runs[n].items():
            row[f"{kind}_drawn_s"] = summary([r["drawn_ms"] / 1000 for r in results])
        binary = runs[n]["binary"]
        for part in ("decode_ms", "index_ms", "draw_ms"):
            row[f"binary_{part}"] = summary([r[part] for r in binary])
        rows.append(row)
    packages = ("folium", "shapely", "playwright")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"machine": describe(packages), "rows": rows}, indent=2))
    print(
        "features | binary MB | GeoJSON MB | binary s | GeoJSON s | naive s | decode/index/draw ms"
    )
    for row in rows:
        cells = [
            f"{row['features']:,}",
            str(row["binary_mb"]),
            str(row["geojson_mb"]),
            *(
                "{median} ({min}-{max})".format(**row[f"{k}_drawn_s"])
                for k in ("binary", "geojson", "naive")
            ),
            "/".join(
                str(round(row[f"binary_{p}"]["median"]))
                for p in ("decode_ms", "index_ms", "draw_ms")
            ),
        ]
        print(" | ".join(cells))
    print(f"written to {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
