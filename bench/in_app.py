"""Issue 11's targets measured through the real app in Chromium, each beside its baseline.

Called by ``bench/run.py``; every figure is a list of runs summarised as median, min, max
and n. Baselines run in the same run, alternated with the app's runs, so a busy moment of
the shared machine hits both:

* **upload to drawn**: the file chosen in the sidebar's file input until the canvas
  layer has drawn it (``_data.draws > 0`` on the built layer, see
  :mod:`dashboard.browser.canvas_layer`) and two animation frames have passed; beside the
  naive page (``bench/baseline_pages.py``: ``folium.GeoJson`` + ``st_folium``) given the
  same file, until its SVG paths are all in the map's iframe;
* **zone toggle**: measured in the page: ``performance.now()`` at the click (a capturing
  listener on the page) and a ``MutationObserver`` in the map's iframe that sees the
  buffer zone's SVG paths go (or come back); with no upload and with a layer loaded;
  whether the iframe was re-mounted (a mark left in its window survives);
* **navigation**: from the navigation's start to the first frame painted with the buffer
  zone in the map (and, as a late bound, until Playwright finds it), beside the bare
  streamlit-folium page drawing the same zones;
* **memory**: VmHWM of a fresh app process after 10k, 50k and 150k were uploaded in one
  session (and VmRSS then);
* **a very large file**: a FlatGeobuf or GeoParquet of 500k polygons uploaded (a fresh
  process, with the feature and vertex limits raised by environment), then pan and zoom
  redraws timed in the map (``moveend`` to the canvas redrawn, two frames).
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench.generate import OUT

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tools.app_server import (  # noqa: E402
    CHROMIUM_ARGS,
    WHOLE_PAGE,
    start_app,
    stop_app,
    wait_for_app,
)

FRAME = 'iframe[title="streamlit_folium.st_folium"]'
BUFFER_FILL = "#CC79A7"  # ZONE_COLOURS["buffer"]
ZONE = f'path.leaflet-interactive[fill="{BUFFER_FILL}"]'
TOGGLE_KEY = "show_zone_buffer"
UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
PAGES = OUT.parent / "pages"
BIG_UPLOAD_MB = 700
# Limits raised for the benchmark's app processes (the defaults refuse files this large).
# The read worker's memory cap too: 150k polygons as GeoJSON are 158 MB, three times the
# default upload (its worker peaks at about 1.2 GB).
# And the session's budget of upload bytes (150 MB by default: 150k polygons are 158 MB).
APP_ENV = {
    "GAZA_MAP_MAX_UPLOAD_MB": str(BIG_UPLOAD_MB),
    "GAZA_MAP_SESSION_MAX_MB": str(BIG_UPLOAD_MB),
    "GAZA_MAP_READ_MEMORY_MB": "8192",
}
APP_ARGS = (
    "--server.maxUploadSize",
    str(BIG_UPLOAD_MB),
    "--server.maxMessageSize",
    str(BIG_UPLOAD_MB),
)
VERY_LARGE_ENV = {
    **APP_ENV,
    "GAZA_MAP_MAX_FEATURES": "600000",
    "GAZA_MAP_MAX_VERTICES": "40000000",
    "GAZA_MAP_MAX_GEOMETRY_MB": "2048",  # 500,000 polygons' WKB: about 330 MB
    "GAZA_MAP_MAX_GEOMETRY_PARTS": "20000000",
}
TIMEOUT_MS = 600_000

# In the map's iframe: the canvas layer (kept in _builtLayers) that is on the map and drew.
CANVAS_LAYER = (
    "(window.map && window.map._builtLayers ? Object.values(window.map._builtLayers.layers)"
    " : []).find(l => l._data && l._map && l._data.draws > 0)"
)
FRAMES = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

# In the page: arm a click listener and an observer of the zone's paths in the map's
# iframe; window.__toggle resolves with the milliseconds from the click to the change.
ARM_TOGGLE = """
([frameSel, zoneSel]) => {
    const doc = document.querySelector(frameSel).contentDocument;
    const count = () => doc.querySelectorAll(zoneSel).length;
    const before = count();
    let clicked = null;
    document.addEventListener("click", () => { clicked = clicked ?? performance.now(); },
                              {capture: true, once: true});
    window.__toggle = new Promise(resolve => {
        const observer = new MutationObserver(() => {
            if (clicked === null || count() === before) return;
            const changed = performance.now();
            observer.disconnect();
            resolve({ms: changed - clicked, before: before, after: count()});
        });
        observer.observe(doc.body, {childList: true, subtree: true});
        setTimeout(() => { observer.disconnect(); resolve({ms: null, before, after: count()}); },
                   30000);
    });
    return before;
}
"""

# In the map's iframe: time a redraw of the canvas layer after a pan or a zoom.
REDRAW = (
    """
async (move) => {
    const layer = """
    + CANVAS_LAYER
    + """;
    const map = window.map, draws = layer._data.draws, start = performance.now();
    if (move === "zoom") map.setZoom(map.getZoom() + 1, {animate: false});
    else if (move === "unzoom") map.setZoom(map.getZoom() - 1, {animate: false});
    else map.panBy([250, 120], {animate: false});
    while (layer._data.draws === draws) await new Promise(r => setTimeout(r, 2));
    await """
    + FRAMES
    + """;
    return {ms: performance.now() - start, draw_ms: layer._data.drawMs};
}
"""
)


def summary(values: list[float | None]) -> dict:
    """Median, min, max and n of the runs that gave a figure (failed runs counted apart)."""
    good = [v for v in values if v is not None]
    if not good:
        return {"median": None, "n": 0, "failed": len(values)}
    out = {
        "median": round(statistics.median(good), 3),
        "min": round(min(good), 3),
        "max": round(max(good), 3),
        "n": len(good),
    }
    if len(good) < len(values):
        out["failed"] = len(values) - len(good)
    return out


def fmt(s: dict, unit: str = "s") -> str:
    if not s or s.get("median") is None:
        return "n/a"
    return f"{s['median']:g} {unit} ({s['min']:g}–{s['max']:g}, n={s['n']})"


# --------------------------------------------------------------------------- servers


@contextmanager
def app(env: dict | None = None, log: str = "app.log", script: str = "dashboard/app.py"):
    proc, url = start_app(
        OUT.parent / log, extra_args=APP_ARGS, env={**APP_ENV, **(env or {})}, script=script
    )
    try:
        yield proc, url
    finally:
        stop_app(proc)


@contextmanager
def baseline_page(kind: str):
    """Serve ``bench/baseline_pages.py`` as page ``kind`` ("naive" or "zones")."""
    PAGES.mkdir(parents=True, exist_ok=True)
    script = PAGES / "baseline_pages.py"
    shutil.copy2(REPO / "bench" / "baseline_pages.py", script)
    static = PAGES / "static"
    if not static.exists():
        static.symlink_to(REPO / "dashboard" / "static", target_is_directory=True)
    proc, url = start_app(
        OUT.parent / f"page-{kind}.log",
        extra_args=APP_ARGS,
        env={**APP_ENV, "BENCH_PAGE": kind},
        script=str(script),
    )
    try:
        yield proc, url
    finally:
        stop_app(proc)


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(TIMEOUT_MS)
    return page


def frame_of(page):
    return page.locator(FRAME).first.element_handle().content_frame()


def open_app(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.frame_locator(FRAME).first.locator(ZONE).first.wait_for()


def memory_mb(pid: int) -> dict:
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    values = {line.split(":")[0]: int(line.split()[1]) for line in status if line.startswith("Vm")}
    return {"peak_mb": round(values["VmHWM"] / 1024), "rss_mb": round(values["VmRSS"] / 1024)}


# --------------------------------------------------------------------------- figures


def upload_app(page, url: str, path: Path) -> float:
    """Seconds from choosing ``path`` in the app's sidebar to its canvas layer drawn."""
    open_app(page, url)
    start = time.perf_counter()
    page.locator(UPLOAD_INPUT).set_input_files(str(path))
    frame_of(page).wait_for_function(f"!!({CANVAS_LAYER})", polling=20, timeout=TIMEOUT_MS)
    frame_of(page).evaluate(f"() => {FRAMES}")
    return time.perf_counter() - start


def upload_naive(page, url: str, path: Path, n: int) -> float:
    """Seconds from choosing ``path`` on the naive page to its ``n`` SVG paths in the map."""
    page.goto(url)
    wait_for_app(page, whole_page=None)
    page.locator(FRAME).first.wait_for()
    start = time.perf_counter()
    page.locator(UPLOAD_INPUT).set_input_files(str(path))
    page.wait_for_function(
        """([sel, n]) => {
            const f = document.querySelector(sel);
            const d = f && f.contentDocument;
            return !!d && d.querySelectorAll("path.leaflet-interactive").length >= n;
        }""",
        arg=[FRAME, n],
        polling=50,
        timeout=TIMEOUT_MS,
    )
    frame_of(page).evaluate(f"() => {FRAMES}")
    return time.perf_counter() - start


def uploads(
    browser,
    paths: dict[int, Path],
    repeat: int,
    naive_max: int,
    in_process: bool = False,
    against: Path | None = None,
) -> dict:
    """Upload to drawn, app and naive page alternated (naive up to ``naive_max`` features);
    with ``in_process``, the app reading in its own process (no worker) alternated too;
    with ``against``, the app of another checkout of the repository (an earlier commit,
    see :func:`checkout`) alternated too."""
    out: dict = {}
    kinds = ("app", "in_process") if in_process else ("app",)
    with ExitStack() as servers:
        _, app_url = servers.enter_context(app(log="app-uploads.log"))
        _, naive_url = servers.enter_context(baseline_page("naive"))
        urls = {"app": app_url, "naive": naive_url}
        if in_process:
            urls["in_process"] = servers.enter_context(baseline_page("in-process"))[1]
        if against is not None:
            script = str(against / "dashboard" / "app.py")
            urls["against"] = servers.enter_context(app(log="app-against.log", script=script))[1]
            kinds = (*kinds, "against")
        page = new_page(browser)
        for kind in kinds:  # warm-up: the app's caches, Chromium's start
            open_app(page, urls[kind])
        for n, path in sorted(paths.items()):
            runs: dict[str, list] = {"app": [], "naive": [], "in_process": [], "against": []}
            for _ in range(repeat):
                for kind in (*kinds, "naive") if n <= naive_max else kinds:
                    page.close()
                    page = new_page(browser)
                    try:
                        if kind == "naive":
                            runs[kind].append(upload_naive(page, naive_url, path, n))
                        else:
                            runs[kind].append(upload_app(page, urls[kind], path))
                    except Exception as exc:  # noqa: BLE001 - recorded, the rest goes on
                        print(f"  upload {n} {kind}: {type(exc).__name__}: {exc}"[:200])
                        runs[kind].append(None)
                    print(f"  upload {n:,} {kind}: {runs[kind][-1]}", flush=True)
            row = {"app_s": summary(runs["app"])}
            for baseline in ("naive", "in_process", "against"):
                if runs[baseline]:
                    row[f"{baseline}_s"] = summary(runs[baseline])
                    pairs = zip(runs["app"], runs[baseline], strict=True)
                    key = "ratio" if baseline == "naive" else f"ratio_{baseline}"
                    row[key] = summary([a / b for a, b in pairs if a and b])
            out[n] = row
        page.close()
    return out


def checkout(rev: str) -> Path:
    """A checkout of commit ``rev`` of this repository (a git worktree under ``bench/out``,
    made once), whose app :func:`uploads` can time beside this one."""
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", f"{rev}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    path = OUT.parent / f"against-{commit}"
    if not (path / "dashboard" / "app.py").exists():
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--force", "--detach", str(path), commit],
            check=True,
        )
    return path


def toggles(page, count: int) -> dict:
    """``count`` clicks on the buffer zone's toggle, off and on; milliseconds in the page."""
    frame_of(page).evaluate("window.__bench_mount = 1")
    label = page.locator(f".st-key-{TOGGLE_KEY} label").first
    times = []
    for _ in range(count):
        page.evaluate(ARM_TOGGLE, [FRAME, ZONE])
        label.click()
        result = page.evaluate("window.__toggle")
        times.append(result["ms"])
        wait_for_app(page)  # the rerun that follows the click
        page.wait_for_timeout(150)
    remounted = not frame_of(page).evaluate("window.__bench_mount === 1")
    return {"ms": summary(times), "remounted": remounted}


def toggle_figures(browser, big: Path | None, count: int) -> dict:
    out: dict = {}
    with app(log="app-toggles.log") as (_, url):
        page = new_page(browser)
        open_app(page, url)
        open_app(page, url)
        out["no_upload"] = toggles(page, count)
        if big is not None:
            upload_app(page, url, big)
            wait_for_app(page)
            out[f"with_{big.stem}"] = toggles(page, count)
        page.close()
    return out


# In the top page of every navigation: the time (ms from navigation start) of the first
# animation frame in which the map's frame holds a path of the buffer zone. A frame's
# callbacks run right before it is painted, on the thread the map's frame shares with the
# page: while the page is busy, neither the map nor this check can paint or run.
ZONE_PAINTED = """
(() => {
    if (window !== window.top) return;
    const [frameSel, zoneSel] = SELECTORS;
    const tick = () => {
        const frame = document.querySelector(frameSel);
        const doc = frame && frame.contentDocument;
        if (doc && doc.querySelector(zoneSel)) { window.__zonePainted = performance.now(); return; }
        requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
})();
""".replace("SELECTORS", json.dumps([FRAME, ZONE]))


def navigation(browser, loads: int) -> dict:
    """Navigation to the buffer zone drawn: the app and the bare page, alternated.

    Two clocks, both from the same navigations:

    * ``painted``: in the page, the first frame painted with the zone in the map
      (:data:`ZONE_PAINTED`), from the navigation's start; the target's figure;
    * ``detected``: ``page.goto`` until Playwright's locator finds the zone. Playwright
      checks from outside the browser and each check runs on the page's thread, so when a
      long task follows the paint (the app's page drawing the rest of itself, see
      ``dashboard/ui/map_first.py``) the check waits for it: a late bound.

    For the app, also the time until the whole page is drawn (the timeline, the panels and
    the inset); waiting for it also keeps the app's last run out of the bare page's time.
    """
    runs: dict[str, list] = {
        name: [] for name in ("app", "bare", "app_painted", "bare_painted", "app_page")
    }
    with app(log="app-navigation.log") as (_, app_url), baseline_page("zones") as (_, bare_url):
        page = new_page(browser)
        page.add_init_script(ZONE_PAINTED)
        for url in (app_url, bare_url):  # warm-up: both servers' caches, Chromium's own
            page.goto(url)
            page.frame_locator(FRAME).first.locator(ZONE).first.wait_for()
            wait_for_app(page, whole_page=WHOLE_PAGE if url == app_url else None)
        for _ in range(loads):
            for kind, url in (("app", app_url), ("bare", bare_url)):
                start = time.perf_counter()
                page.goto(url)
                page.frame_locator(FRAME).first.locator(ZONE).first.wait_for()
                runs[kind].append(time.perf_counter() - start)
                painted = page.wait_for_function("window.__zonePainted").json_value()
                runs[f"{kind}_painted"].append(painted / 1000)
                if kind == "app":
                    wait_for_app(page)
                    runs["app_page"].append(time.perf_counter() - start)
        page.close()

    def ratios(app_runs: list, bare_runs: list) -> dict:
        return summary([a / b for a, b in zip(app_runs, bare_runs, strict=True)])

    return {
        "app_painted_s": summary(runs["app_painted"]),
        "bare_painted_s": summary(runs["bare_painted"]),
        "ratio": ratios(runs["app_painted"], runs["bare_painted"]),
        "app_detected_s": summary(runs["app"]),
        "bare_detected_s": summary(runs["bare"]),
        "ratio_detected": ratios(runs["app"], runs["bare"]),
        "app_whole_page_s": summary(runs["app_page"]),
    }


def memory(browser, paths: list[Path]) -> dict:
    """Peak memory of a fresh app process after ``paths`` were uploaded in one session."""
    out: dict = {}
    with app(log="app-memory.log") as (proc, url):
        page = new_page(browser)
        open_app(page, url)
        out["idle"] = memory_mb(proc.pid)
        drawn = 0
        for path in paths:
            page.locator(UPLOAD_INPUT).set_input_files(str(path))
            drawn += 1
            frame_of(page).wait_for_function(
                f"(window.map && window.map._builtLayers ? Object.values("
                f"window.map._builtLayers.layers) : []).filter(l => l._data && l._map"
                f" && l._data.draws > 0).length >= {drawn}",
                polling=100,
                timeout=TIMEOUT_MS,
            )
            wait_for_app(page)
            out[f"after_{path.stem}"] = memory_mb(proc.pid)
        page.close()
    return out


def very_large(browser, path: Path, moves: int) -> dict:
    """A 500k-polygon file uploaded to a fresh process; then pan and zoom redraws."""
    out: dict = {"file_mb": round(path.stat().st_size / 1e6, 1)}
    with app(env=VERY_LARGE_ENV, log="app-very-large.log") as (proc, url):
        page = new_page(browser)
        try:
            out["upload_to_drawn_s"] = round(upload_app(page, url, path), 2)
        except Exception as exc:  # noqa: BLE001 - say what the page showed instead
            alerts = page.locator('[data-testid="stSidebar"] [data-testid="stAlert"]')
            out["error"] = f"{type(exc).__name__}: {str(exc)[:120]}"
            out["page_said"] = [text[:300] for text in alerts.all_inner_texts()]
            out["memory"] = memory_mb(proc.pid)
            page.close()
            return out
        wait_for_app(page)
        out["memory"] = memory_mb(proc.pid)
        frame = frame_of(page)
        caption = page.get_by_text("features").all_inner_texts()
        out["caption"] = [c for c in caption if "features" in c][:2]
        redraws: dict[str, list] = {"pan": [], "zoom": [], "unzoom": []}
        draws: list[float] = []
        for _ in range(moves):
            for move in redraws:
                result = frame.evaluate(REDRAW, move)
                redraws[move].append(result["ms"] / 1000)
                draws.append(result["draw_ms"])
        out["redraw_s"] = {move: summary(times) for move, times in redraws.items()}
        out["redraw_all_s"] = summary([t for times in redraws.values() for t in times])
        out["draw_ms"] = summary(draws)
        page.close()
    return out
