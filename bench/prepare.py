"""Areas and display simplification of a large upload: reprojected once, against twice.

The page prepares an upload by computing its areas and simplifying a copy for the browser,
both in metres (EPSG:32636). Reprojecting 50,000 polygons costs about half a second; this
measures the path that reprojects once (the app's) against the one that reprojects for each
step (the baseline), alternating, in the same run.

Run: ``python bench/prepare.py [--features 50000] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import geopandas as gpd  # noqa: E402

from bench.generate import OUT, write_polygons  # noqa: E402
from bench.machine import describe  # noqa: E402
from dashboard.browser.simplify import simplify_for_display  # noqa: E402
from dashboard.zones.areas import to_metric, with_areas  # noqa: E402

STRIP_KM2 = 365.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    gdf = gpd.read_file(write_polygons(args.features, OUT / "inputs"))

    def twice() -> None:
        simplify_for_display(with_areas(gdf, STRIP_KM2))

    def once() -> None:
        metric = to_metric(gdf)
        simplify_for_display(with_areas(gdf, STRIP_KM2, metric), metric=metric)

    times: dict[str, list[float]] = {"reprojected twice (baseline)": [], "once (app)": []}
    for _ in range(args.repeat):
        for name, run in zip(times, (twice, once), strict=True):
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    print(f"Machine: {describe()}")
    for name, values in times.items():
        print(
            f"{args.features:,} polygons, {name}: median {statistics.median(values):.2f} s "
            f"(range {min(values):.2f}-{max(values):.2f}, n={len(values)})"
        )
    base, ours = (statistics.median(v) for v in times.values())
    print(f"ratio app / baseline: {ours / base:.2f}")


if __name__ == "__main__":
    main()
