"""Deterministic benchmark inputs: GeoJSON files of N building-like polygons inside the Strip.

    python bench/generate.py 1000 10000        # writes bench/out/inputs/polygons_<N>.geojson
    python bench/generate.py --format fgb 500000   # polygons_<N>.fgb (or parquet: GeoParquet)

Each polygon is a slightly irregular ellipse of 20-60 vertices, 8-25 m across, centred
on a point drawn uniformly inside the Strip's outline; properties: name, kind, value,
surveyed (a date). Coordinates are written with 6 decimals (about 0.1 m), as exporters do.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import shapely

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "inputs"
SEED = 20251010
KINDS = ("residential", "school", "health", "commercial", "religious", "unknown")
METRES_PER_DEGREE = 111_320.0


def outline() -> shapely.Polygon:
    data = json.loads((REPO / "geodata" / "outline.geojson").read_text())
    return shapely.geometry.shape(data["features"][0]["geometry"])


def centres(n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points uniformly inside the Strip (rejection sampling in its bounding box)."""
    strip = outline()
    minx, miny, maxx, maxy = strip.bounds
    shapely.prepare(strip)
    found: list[np.ndarray] = []
    total = 0
    while total < n:
        xy = np.column_stack([rng.uniform(minx, maxx, 4 * n), rng.uniform(miny, maxy, 4 * n)])
        inside = xy[shapely.contains_xy(strip, xy[:, 0], xy[:, 1])]
        found.append(inside)
        total += len(inside)
    return np.concatenate(found)[:n]


def polygon_rings(n: int, rng: np.random.Generator) -> list[list[list[float]]]:
    """Closed rings (lon, lat) of ``n`` irregular ellipses, 20-60 vertices each."""
    xy = centres(n, rng)
    counts = rng.integers(20, 61, n)
    sizes = rng.uniform(4.0, 12.5, n)  # half-width in metres
    aspect = rng.uniform(0.6, 1.0, n)
    turn = rng.uniform(0, np.pi, n)
    lat_scale = 1 / METRES_PER_DEGREE
    lon_scale = 1 / (METRES_PER_DEGREE * np.cos(np.radians(31.4)))
    rings = []
    for i in range(n):
        k = counts[i]
        angles = np.linspace(0, 2 * np.pi, k, endpoint=False)
        radius = sizes[i] * (1 + 0.08 * rng.standard_normal(k))
        dx = radius * np.cos(angles)
        dy = radius * aspect[i] * np.sin(angles)
        ex = dx * np.cos(turn[i]) - dy * np.sin(turn[i])
        ey = dx * np.sin(turn[i]) + dy * np.cos(turn[i])
        lon = np.round(xy[i, 0] + ex * lon_scale, 6)
        lat = np.round(xy[i, 1] + ey * lat_scale, 6)
        ring = np.column_stack([lon, lat]).tolist()
        rings.append([*ring, ring[0]])
    return rings


def write_polygons(n: int, out_dir: Path = OUT, seed: int = SEED) -> Path:
    """Write ``polygons_<n>.geojson`` (same bytes for the same n and seed)."""
    rng = np.random.default_rng(seed + n)
    rings = polygon_rings(n, rng)
    kinds = rng.choice(KINDS, n)
    values = np.round(rng.gamma(2.0, 50.0, n), 1)
    days = rng.integers(0, 60, n)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"polygons_{n}.geojson"
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"type":"FeatureCollection","features":[\n')
        for i in range(n):
            feature = {
                "type": "Feature",
                "properties": {
                    "name": f"Building {i + 1}",
                    "kind": str(kinds[i]),
                    "value": float(values[i]),
                    "surveyed": f"2025-{10 + days[i] // 30:02d}-{1 + days[i] % 30:02d}",
                },
                "geometry": {"type": "Polygon", "coordinates": [rings[i]]},
            }
            handle.write(json.dumps(feature, separators=(",", ":")))
            handle.write(",\n" if i + 1 < n else "\n")
        handle.write("]}\n")
    return path


def write_polygons_as(n: int, fmt: str, out_dir: Path = OUT, seed: int = SEED) -> Path:
    """The same polygons and properties as :func:`write_polygons`, as FlatGeobuf
    (``fmt="fgb"``) or GeoParquet (``fmt="parquet"``), formats meant for large data."""
    import geopandas as gpd

    rng = np.random.default_rng(seed + n)
    rings = polygon_rings(n, rng)
    kinds = rng.choice(KINDS, n)
    values = np.round(rng.gamma(2.0, 50.0, n), 1)
    days = rng.integers(0, 60, n)
    counts = np.array([len(r) for r in rings])
    coords = np.concatenate([np.asarray(r) for r in rings])
    offsets = np.concatenate([[0], np.cumsum(counts)])
    polygons = shapely.from_ragged_array(
        shapely.GeometryType.POLYGON, coords, (offsets, np.arange(n + 1))
    )
    gdf = gpd.GeoDataFrame(
        {
            "name": [f"Building {i + 1}" for i in range(n)],
            "kind": kinds.astype(str),
            "value": values,
            "surveyed": [f"2025-{10 + d // 30:02d}-{1 + d % 30:02d}" for d in days],
        },
        geometry=polygons,
        crs="EPSG:4326",
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"polygons_{n}.{fmt}"
    if fmt == "parquet":
        gdf.to_parquet(path, compression="zstd")
    elif fmt == "fgb":
        gdf.to_file(path, driver="FlatGeobuf", engine="pyogrio")
    else:
        raise ValueError(f"unknown format {fmt!r}: fgb or parquet")
    return path


if __name__ == "__main__":
    args = sys.argv[1:]
    fmt = "geojson"
    if args[:1] == ["--format"]:
        fmt, args = args[1], args[2:]
    for arg in args or ["1000"]:
        n = int(arg)
        print(write_polygons(n) if fmt == "geojson" else write_polygons_as(n, fmt))
