"""The cost of reading uploads in a worker process (issue 19), beside the in-process read.

    python bench/isolation.py                     # 50,000 and 150,000 polygons, 3 runs each
    python bench/isolation.py --sizes 50000 --repeat 5

For each size, the same GeoJSON (``bench/generate.py``) is read by ``read_geodata`` in this
process and by ``read_isolated`` (a worker process, with a spare started beforehand, as the
page keeps one; ended after each read so that its peak is counted), alternated run by run so
that a busy moment hits both. Prints medians with (min-max) and the ratio, run by run; also
the worker's peak memory (``ru_maxrss`` of the finished children) and this process's peak.
Writes ``bench/out/isolation.json``.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.generate import write_polygons  # noqa: E402
from bench.machine import describe  # noqa: E402
from dashboard.intake import isolated_read  # noqa: E402
from dashboard.intake.user_files import Limits, read_geodata  # noqa: E402

OUT = REPO / "bench" / "out" / "isolation.json"
LIMITS = Limits(max_bytes=400 * 2**20, max_unzipped_bytes=1600 * 2**20)


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f}), n={len(values)}"


def measure(size: int, repeat: int) -> dict:
    path = write_polygons(size)
    data = path.read_bytes()
    here, there, ratios = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        read_geodata(data, path.name, limits=LIMITS)
        here.append(time.perf_counter() - start)
        isolated_read.warm_up()
        time.sleep(3)  # the spare's imports done, as between two uploads on the page
        start = time.perf_counter()
        isolated_read.read_isolated(data, path.name, limits=LIMITS)
        there.append(time.perf_counter() - start)
        while isolated_read._idle:  # ended and waited for: its peak joins RUSAGE_CHILDREN
            isolated_read._end(isolated_read._idle.pop())
        ratios.append(there[-1] / here[-1])
    worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "features": size,
        "file_mb": round(len(data) / 1e6, 1),
        "in_process_s": here,
        "worker_s": there,
        "ratio": ratios,
        "worker_peak_mb": round(worker_peak),
        "this_process_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="50000,150000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = [measure(int(n), args.repeat) for n in args.sizes.split(",")]
    for row in rows:
        print(
            f"{row['features']:>7,} polygons ({row['file_mb']} MB): in process "
            f"{summary(row['in_process_s'])} s; worker {summary(row['worker_s'])} s; "
            f"ratio {summary(row['ratio'])}; worker peak {row['worker_peak_mb']} MB"
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    found = {"machine": describe(("pyogrio", "pyarrow")), "rows": rows}
    OUT.write_text(json.dumps(found, indent=1))


if __name__ == "__main__":
    main()
