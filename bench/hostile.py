"""Time and memory of the worst files: ``python bench/hostile.py``.

Each file is read by ``dashboard.intake.user_files.read_geodata`` in a fresh Python process, so
its peak resident memory (``ru_maxrss``) is its own. The table gives the outcome, the
time, and the peak memory above a baseline process that only imported the reader.
Results go to ``bench/out/hostile.json``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.machine import describe  # noqa: E402

OUT = REPO / "bench" / "out"
HOSTILE = REPO / "tests" / "data" / "hostile"
RUNS = 3

CHILD = """
import json, sys, time
sys.path.insert(0, {repo!r})
from dashboard.intake.user_files import read_geodata
from dashboard.messages import GeodataError
path = sys.argv[1]
def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1])
before = status("VmRSS:")
open("/proc/self/clear_refs", "w").write("5")  # resets the peak (VmHWM) to the current RSS
outcome = "baseline"
started = time.perf_counter()
if path != "-":
    data = open(path, "rb").read()
    try:
        loaded = read_geodata(data, path.rsplit("/", 1)[-1])
        outcome = f"read, {{len(loaded.gdf):,}} features"
    except GeodataError as exc:
        outcome = "refused: " + str(exc).split(": ", 1)[1][:70]
seconds = time.perf_counter() - started
peak = status("VmHWM:")
print(json.dumps({{"outcome": outcome, "seconds": seconds, "peak_mb": peak / 1024,
                  "before_mb": before / 1024}}))
"""


def make_inputs(folder: Path) -> list[Path]:
    """The worst cases: the review's samples, plus the large ones built here."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [HOSTILE / "star_10k.geojson", HOSTILE / "deep_nesting.geojson"]
    # A star of 40,000 vertices: std::bad_alloc before the fix.
    sys.path.insert(0, str(REPO / "tests" / "data"))
    from make_hostile_files import collection, feature, star_polygon, zip_bytes

    star = folder / "star_40k.geojson"
    star.write_text(json.dumps(collection(feature(star_polygon(40_000), name="star"))))
    files.append(star)
    # 450,000 features whose type is escaped (42 MB): "usable" against a 200,000 limit.
    escaped = folder / "escaped_450k.geojson"
    with escaped.open("w") as handle:
        handle.write('{"type":"FeatureCollection","features":[')
        handle.write(
            ",".join(
                '{"type":"Fea\\u0074ure","properties":{},"geometry":{"type":"Point",'
                f'"coordinates":[34.{i % 100000:05d},31.4]}}}}'
                for i in range(450_000)
            )
        )
        handle.write("]}")
    files.append(escaped)
    # A 2.7 MB zip that expands to about 195 MB.
    bomb = folder / "expands_195mb.zip"
    bomb.write_bytes(zip_bytes({"big.geojson": b" " * 195_000_000}))
    files.append(bomb)
    # A 9 MB property of "<b>".
    tags = folder / "tags_9mb.geojson"
    tags.write_text(
        json.dumps(
            collection(feature({"type": "Point", "coordinates": [34.4, 31.4]}, t="<b>" * 3_000_000))
        )
    )
    files.append(tags)
    # For scale: the largest valid file the limit allows (45,000 building polygons, 48 MB).
    sys.path.insert(0, str(REPO))
    from bench.generate import write_polygons

    files.append(write_polygons(45_000, folder))
    return files


def measure(path: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", CHILD.format(repo=str(REPO)), path],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    inputs = make_inputs(OUT / "hostile-inputs")
    baseline = [measure("-")["peak_mb"] for _ in range(RUNS)]
    base = statistics.median(baseline)
    rows = []
    for path in inputs:
        runs = [measure(str(path)) for _ in range(RUNS)]
        seconds = [r["seconds"] for r in runs]
        extra = [r["peak_mb"] - r["before_mb"] for r in runs]
        rows.append(
            {
                "file": path.name,
                "size_mb": path.stat().st_size / 2**20,
                "outcome": runs[0]["outcome"],
                "seconds_median": statistics.median(seconds),
                "seconds_range": [min(seconds), max(seconds)],
                "extra_mb_median": statistics.median(extra),
                "extra_mb_max": max(extra),
            }
        )
    print(f"baseline process (reader imported): {base:.0f} MB peak; {RUNS} runs per file")
    print(f"{'file':26} {'size':>8} {'time s (range)':>20} {'extra MB':>9}  outcome")
    for r in rows:
        lo, hi = r["seconds_range"]
        print(
            f"{r['file']:26} {r['size_mb']:6.1f}MB {r['seconds_median']:8.2f} ({lo:.2f}-{hi:.2f})"
            f" {r['extra_mb_median']:9.0f}  {r['outcome']}"
        )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "hostile.json").write_text(
        json.dumps({"machine": describe(), "baseline_mb": base, "rows": rows}, indent=1)
    )


if __name__ == "__main__":
    main()
