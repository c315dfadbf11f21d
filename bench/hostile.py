"""Time and memory of the worst files: ``python bench/hostile.py``.

Each file is read by ``dashboard.intake.user_files.read_geodata`` in a fresh Python process, so
its peak resident memory (``ru_maxrss``) is its own. The table gives the outcome, the
time, and the peak memory above a baseline process that only imported the reader.
Results go to ``bench/out/hostile.json``. ``--repo OTHER_CHECKOUT`` measures another
checkout's reader on the same files (the code before a change), ``--only TEXT`` the files
whose name holds TEXT; a reader that crashes is reported as such.
"""

from __future__ import annotations

import argparse
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
    # Issue 19 (security review, part three), at the review's sizes.
    from make_hostile_files import (
        deep_collection_parquet,
        dictionary_geometry_parquet,
        dictionary_text_parquet,
        null_columns_fgb,
        null_columns_parquet,
        sparse_keys_geojson,
    )

    made = [
        (deep_collection_parquet, "deep_collection_20000.parquet", {}),
        (dictionary_geometry_parquet, "dict_polygon_400k_x100.parquet", {}),
        (dictionary_geometry_parquet, "dict_polygon_400k_x10.parquet", {"rows": 10}),
        (null_columns_parquet, "null_columns_300x200k.parquet", {}),
        (dictionary_text_parquet, "dict_text_100k_x200k.parquet", {}),
        (null_columns_fgb, "null_columns_300x200k.fgb", {}),
        (sparse_keys_geojson, "first_of_100k_has_300_keys.geojson", {}),
    ]
    for make, name, sizes in made:
        if not (folder / name).exists():  # the FlatGeobuf takes a while to write
            make(folder / name, **sizes)
        files.append(folder / name)
    # For scale: the largest valid file the limit allows (45,000 building polygons, 48 MB).
    sys.path.insert(0, str(REPO))
    from bench.generate import write_polygons

    files.append(write_polygons(45_000, folder))
    return files


def measure(path: str, repo: Path = REPO) -> dict:
    """One read of ``path`` in a fresh process, by the reader of ``repo`` (another checkout
    measures the code before a change); a reader that crashes is an outcome too."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD.format(repo=str(repo)), path],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        return {
            "outcome": f"crashed (exit status {result.returncode})",
            "seconds": float("nan"),
            "peak_mb": float("nan"),
            "before_mb": float("nan"),
        }
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout whose reader runs")
    parser.add_argument("--only", default="", help="only the files whose name holds this")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--out", default="hostile.json", help="file name in bench/out/")
    args = parser.parse_args()
    inputs = [p for p in make_inputs(OUT / "hostile-inputs") if args.only in p.name]
    baseline = [measure("-", args.repo)["peak_mb"] for _ in range(args.runs)]
    base = statistics.median(baseline)
    rows = []
    for path in inputs:
        runs = [measure(str(path), args.repo) for _ in range(args.runs)]
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
    print(f"baseline process (reader imported): {base:.0f} MB peak; {args.runs} runs per file")
    print(f"{'file':36} {'size':>8} {'time s (range)':>20} {'extra MB':>9}  outcome")
    for r in rows:
        lo, hi = r["seconds_range"]
        print(
            f"{r['file']:36} {r['size_mb']:6.1f}MB {r['seconds_median']:8.2f} ({lo:.2f}-{hi:.2f})"
            f" {r['extra_mb_median']:9.0f}  {r['outcome']}"
        )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / args.out).write_text(
        json.dumps({"machine": describe(), "baseline_mb": base, "rows": rows}, indent=1)
    )


if __name__ == "__main__":
    main()
