"""The cost of walking WKB before decoding it: ``python bench/wkb_walk.py [N ...]``.

For N building-sized polygons (33 vertices each) and as many two-part MultiPolygons,
times ``dashboard.intake.wkb_checks.walk`` (the check a GeoParquet's geometries pass
before ``shapely.from_wkb``) against ``shapely.from_wkb`` itself, alternated in the same
run; medians and ranges of RUNS runs, and the ratio of the medians. Results go to
``bench/out/wkb_walk.json``.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import shapely

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.machine import describe  # noqa: E402
from dashboard.intake.wkb_checks import walk  # noqa: E402

OUT = REPO / "bench" / "out"
RUNS = 7
SIZES = (50_000, 150_000)


def polygons(n: int, parts: int) -> np.ndarray:
    """``n`` WKB geometries: circles of 33 vertices, ``parts`` per MultiPolygon (1: Polygon)."""
    rng = np.random.default_rng(n + parts)
    x, y = rng.uniform(34.2, 34.6, n * parts), rng.uniform(31.2, 31.6, n * parts)
    circles = shapely.buffer(shapely.points(x, y), 0.0001, quad_segs=8)
    if parts > 1:
        circles = shapely.multipolygons(circles.reshape(n, parts))
    return shapely.to_wkb(circles)


def columns(wkb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The geometries as one buffer and offsets, as a Parquet column holds them."""
    offsets = np.concatenate([[0], np.cumsum([len(b) for b in wkb])])
    return np.frombuffer(b"".join(wkb), np.uint8), offsets


def timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or list(SIZES)
    rows = []
    for n in sizes:
        for parts, kind in ((1, "Polygon"), (2, "MultiPolygon")):
            wkb = polygons(n, parts)
            data, offsets = columns(wkb)
            walks, decodes = [], []
            for _ in range(RUNS):
                walks.append(timed(walk, data, offsets, 3))
                decodes.append(timed(shapely.from_wkb, wkb))
            row = {
                "geometries": n,
                "kind": kind,
                "mb": len(data) / 2**20,
                "walk_s": statistics.median(walks),
                "walk_range": [min(walks), max(walks)],
                "from_wkb_s": statistics.median(decodes),
                "from_wkb_range": [min(decodes), max(decodes)],
            }
            row["ratio"] = row["walk_s"] / row["from_wkb_s"]
            rows.append(row)
            print(
                f"{n:>8,} {kind:12} {row['mb']:6.1f} MB  walk {row['walk_s']:.3f} s"
                f" ({min(walks):.3f}-{max(walks):.3f})  from_wkb {row['from_wkb_s']:.3f} s"
                f" ({min(decodes):.3f}-{max(decodes):.3f})  ratio {row['ratio']:.2f}"
            )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "wkb_walk.json").write_text(
        json.dumps({"machine": describe(), "runs": RUNS, "rows": rows}, indent=1)
    )


if __name__ == "__main__":
    main()
