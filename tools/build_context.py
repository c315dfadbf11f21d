"""Build the offline context layers ``geodata/context_gaza.geojson`` and ``context_sharm.geojson``.

The land polygons and the borders come from GSHHG 2.3.7 (Wessel & Smith; LGPL-3+), full
resolution, as shipped by Debian's ``gmt-gshhg-full`` package: the GMT "binned" netCDF-4
files ``binned_GSHHS_f.nc`` (shorelines, from the World Vector Shoreline) and
``binned_border_f.nc`` (political borders, from CIA World Data Bank II). This script decodes
those files itself, so GMT is not needed. Build-time requirements only (the app reads the
committed GeoJSON and never runs this)::

    apt-get install gmt-gshhg-full      # or: apt-get download gmt-gshhg-full && dpkg -x ... DIR
    pip install h5py                    # reads the netCDF-4 (HDF5) files
    python -m tools.build_context [--gshhg-dir /usr/share/gmt-gshhg] [--outline PATH]

Everything else it writes is data, in ``geodata/seeds/context_gaza.geojson`` and
``context_sharm.geojson`` (documented in ``geodata/README.md``): the box each map covers, the
reference points that tell which piece of land is which, and every name, description, source
and date; the town labels around the Strip with their GeoNames ids.

What it does (details and the property list in ``geodata/CONTEXT.md``):

* Gaza: GSHHG land in the seed's box (lon 33.6-35.2, lat 30.9-31.95). The coastline is cut
  where it passes the Strip's two coastal corners (north tip and the Rafah coast corner,
  vertices of the geoBoundaries outline) and its last ~3 km are bent (a linear taper) so that
  it ends exactly on those vertices; the part of the GSHHG coast that runs along the Strip is
  dropped, so the Strip outline alone draws that coast. The land is then the region between
  that coast, the box and the Strip's land boundary: it shares the Strip's vertices and
  neither overlaps it nor leaves a gap. It is split into Egypt (Sinai), Israel and the West
  Bank along the WDBII borders (the Egypt-Israel border is snapped to the Kerem Shalom
  tripoint of the outline); the seed's reference points say which piece is which.
* Sharm el-Sheikh: GSHHG land in the seed's box (lon 34.15-34.63, lat 27.70-28.10; the east
  edge takes in all of Tiran Island), split into Sinai, Tiran Island and a sliver of the Saudi
  coast.
* Lines are simplified in metres (EPSG:32636) before the polygons are built, so shared edges
  stay shared; coordinates are rounded to 5 decimals.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Point, Polygon, box, mapping, shape
from shapely.ops import linemerge, polygonize, substring, unary_union

from tools.seed_files import geometry, of_kind, one, read_features, without

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "geodata"
DEFAULT_OUTLINE = OUT / "outline.geojson"  # identical to shared/reference/gaza-strip-outline
GSHHG_DIRS = ("/usr/share/gmt-gshhg", "/usr/share/gshhg-gmt", "/usr/share/gmt/coast")
PRECISION = 5

# What each map covers, the points that name its pieces of land, and every name, description
# and source written: data (``geodata/seeds/``, see ``geodata/README.md``).
GAZA_SEED = "context_gaza.geojson"
SHARM_SEED = "context_sharm.geojson"
MARGIN = 0.02  # degrees of extra data read around each box, so lines cross the box edge

SNAP_TAPER_M = 3000.0  # length over which the coast / border is bent onto the Strip's vertices
SMOOTH_SIGMA_M = 100.0  # Gaussian smoothing of the coast (see ``smooth``)
SIMPLIFY_GAZA_M = 20.0
SIMPLIFY_SHARM_M = 15.0

TO_UTM = Transformer.from_crs("EPSG:4326", "EPSG:32636", always_xy=True)
TO_LL = Transformer.from_crs("EPSG:32636", "EPSG:4326", always_xy=True)


def utm(geom):
    return shapely.transform(geom, lambda xy: np.column_stack(TO_UTM.transform(xy[:, 0], xy[:, 1])))


def lonlat(geom):
    return shapely.transform(geom, lambda xy: np.column_stack(TO_LL.transform(xy[:, 0], xy[:, 1])))


# --------------------------------------------------------------------------- GSHHG decoding
# Format of GMT's binned files (see GMT src/gmt_shore.c): the globe is cut into square bins
# (here 1 degree); a point is stored as two 16-bit unsigned offsets, in 1/65535 of the bin size,
# from the bin's south-west corner. A shoreline segment's info word packs its point count
# (>> 9), its level (>> 6 & 7: 1 land, 2 lake, 3 island in lake, 4 pond) and its entry and exit
# sides (>> 3 & 7, & 7; 4 = closed inside the bin). A bin's node word gives the levels of its
# four corners (SW, SE, NE, NW at >> 9, >> 6, >> 3, & 7). Segments keep land on their left.


def _open(path: Path):
    try:
        import h5py
    except ImportError:
        sys.exit("build_context.py needs h5py at build time: pip install h5py")
    return h5py.File(path, "r")


def _bins(f, west, south, east, north):
    size = int(f["Bin_size_in_minutes"][0]) / 60.0
    nx = int(f["N_bins_in_360_longitude_range"][0])
    for j in range(int(np.floor(south / size)), int(np.ceil(north / size))):
        row = int(round((90.0 - (j + 1) * size) / size))  # rows count from the north pole
        for i in range(int(np.floor(west / size)), int(np.ceil(east / size))):
            yield row * nx + i, i * size, j * size, size


def _points(f, start, n, lon0, lat0, size):
    dx = f["Relative_longitude_from_SW_corner_of_bin"][start : start + n].astype(np.uint16)
    dy = f["Relative_latitude_from_SW_corner_of_bin"][start : start + n].astype(np.uint16)
    return np.column_stack([lon0 + dx * (size / 65535.0), lat0 + dy * (size / 65535.0)])


def gshhg_land(path: Path, west, south, east, north, eps: float = 1e-6):
    """Land (odd levels) inside the box, as one (Multi)Polygon in lon/lat."""
    f = _open(path)
    first = f["Id_of_first_segment_in_a_bin"]
    nseg = f["N_segments_in_a_bin"]
    nodes_word = f["Embedded_node_levels_in_a_bin"]
    seg_info = f["Embedded_npts_levels_exit_entry_for_a_segment"]
    seg_start = f["Id_of_first_point_in_a_segment"]
    land = []
    for b, lon0, lat0, size in _bins(f, west, south, east, north):
        word = int(np.uint16(nodes_word[b]))
        nodes = [(word >> 9) & 7, (word >> 6) & 7, (word >> 3) & 7, word & 7]
        cell = box(lon0, lat0, lon0 + size, lat0 + size)
        k0, k = int(first[b]), int(nseg[b])
        segs = [
            _points(f, int(st), int(si) >> 9, lon0, lat0, size)
            for si, st in zip(seg_info[k0 : k0 + k], seg_start[k0 : k0 + k], strict=True)
        ]
        if not segs:
            if nodes[0] % 2 == 1:
                land.append(cell)
            continue
        faces = list(polygonize(unary_union([LineString(xy) for xy in segs] + [cell.exterior])))
        tree = shapely.STRtree(faces)
        is_land: list[bool | None] = [None] * len(faces)
        for xy in segs:  # probe just left (land) and right (water) of each segment's longest edges
            d = np.diff(xy, axis=0)
            length = np.hypot(d[:, 0], d[:, 1])
            for e in np.argsort(-length)[:3]:
                if length[e] == 0:
                    continue
                mid = (xy[e] + xy[e + 1]) / 2
                ux, uy = d[e] / length[e]
                for side, value in ((1, True), (-1, False)):
                    probe = Point(mid[0] - side * uy * eps, mid[1] + side * ux * eps)
                    for fi in tree.query(probe, predicate="within"):
                        if is_land[fi] is not None and is_land[fi] != value:
                            raise RuntimeError(f"GSHHG bin {b}: contradictory land/water probes")
                        is_land[fi] = value
        lon1, lat1 = lon0 + size, lat0 + size
        corners = [(lon0, lat0), (lon1, lat0), (lon1, lat1), (lon0, lat1)]
        for fi, face in enumerate(faces):
            if is_land[fi] is None:  # a face no segment borders: use a corner's level
                for ci, c in enumerate(corners):
                    if face.distance(Point(c)) < 1e-9:
                        is_land[fi] = nodes[ci] % 2 == 1
                        break
            if is_land[fi] is None:
                raise RuntimeError(f"GSHHG bin {b}: a face could not be classified")
            if is_land[fi]:
                land.append(face)
    return unary_union(land).intersection(box(west, south, east, north))


def gshhg_borders(path: Path, west, south, east, north, level: int = 1):
    """National borders (level 1) touching the box, merged into lines, in lon/lat."""
    f = _open(path)
    first = f["Id_of_first_segment_in_a_bin"]
    nseg = f["N_segments_in_a_bin"]
    npts = f["N_points_for_a_segment"]
    levels = f["Hierarchial_level_of_a_segment"]
    starts = f["Id_of_first_point_in_a_segment"]
    lines = []
    for b, lon0, lat0, size in _bins(f, west, south, east, north):
        for s in range(int(first[b]), int(first[b]) + int(nseg[b])):
            if int(levels[s]) != level or int(npts[s]) < 2:
                continue
            xy = _points(f, int(starts[s]), int(npts[s]), lon0, lat0, size)
            if np.ptp(xy, axis=0).max() > 0:
                lines.append(LineString(xy))
    merged = linemerge(unary_union(lines))
    return list(getattr(merged, "geoms", [merged]))


# --------------------------------------------------------------------------- geometry helpers


def snap_end(line_m: LineString, target_m: Point, at_start: bool, taper: float) -> LineString:
    """Bend the end of a metric line onto ``target_m``, fading the shift out over ``taper`` m."""
    xy = np.asarray(line_m.coords)
    if at_start:
        xy = xy[::-1]
    seg = np.hypot(*np.diff(xy, axis=0).T)
    from_end = np.concatenate([[0.0], np.cumsum(seg[::-1])])[::-1]
    shift = np.array([target_m.x, target_m.y]) - xy[-1]
    xy = xy + np.clip(1 - from_end / taper, 0, 1)[:, None] * shift
    xy[-1] = (target_m.x, target_m.y)
    return LineString(xy[::-1] if at_start else xy)


def smooth(line_m: LineString, sigma: float = SMOOTH_SIGMA_M, step: float = 20.0) -> LineString:
    """Gaussian-smooth a metric line (resampled every ``step`` m); a ring stays a ring.

    Removes the ~150-250 m "staircase" left by the raster digitising of the World Vector
    Shoreline along these coasts. An open line keeps its end points (odd reflection).
    """
    closed = line_m.is_ring
    n = max(int(np.ceil(line_m.length / step)), 8)
    xy = np.array([line_m.interpolate(i * line_m.length / n).coords[0] for i in range(n + 1)])
    half = int(np.ceil(3 * sigma / step))
    kernel = np.exp(-0.5 * (np.arange(-half, half + 1) * step / sigma) ** 2)
    kernel /= kernel.sum()
    if closed:
        ring = xy[:-1]
        padded = np.concatenate([ring[-half:], ring, ring[:half]])
    else:
        head = 2 * xy[0] - xy[half:0:-1]
        tail = 2 * xy[-1] - xy[-2 : -half - 2 : -1]
        padded = np.concatenate([head, xy, tail])
    out = np.column_stack([np.convolve(padded[:, k], kernel, mode="valid") for k in (0, 1)])
    if closed:
        out = np.vstack([out, out[:1]])
    else:
        out[0], out[-1] = xy[0], xy[-1]
    return LineString(out)


def simplify_keep_ends(line_ll: LineString, tol_m: float, start=None, end=None) -> LineString:
    """Simplify in metres; the ends come back as the exact lon/lat given (or the originals)."""
    simple = lonlat(utm(line_ll).simplify(tol_m, preserve_topology=False))
    xy = np.asarray(simple.coords)
    xy[0] = start if start is not None else line_ll.coords[0]
    xy[-1] = end if end is not None else line_ll.coords[-1]
    return LineString(xy)


def join_ends(lines: list[LineString], tol_m: float = 100.0, overshoot_m: float = 10.0):
    """Close the small gaps WDBII leaves where one border line should end on another.

    An open end within ``tol_m`` of another line is pushed a little past that line, so that
    the two cross and ``polygonize`` closes the face (the overshoot is dropped as a dangle).
    """
    metric = [utm(g) for g in lines]
    out = []
    for i, g in enumerate(metric):
        xy = np.asarray(g.coords)
        if not g.is_ring:
            for end in (0, -1):
                p = Point(xy[end])
                others = [o for j, o in enumerate(metric) if j != i]
                if not others:
                    break
                near = min(others, key=p.distance)
                gap = p.distance(near)
                if 0 < gap <= tol_m and not near.touches(p):
                    target = np.asarray(near.interpolate(near.project(p)).coords[0])
                    direction = (target - xy[end]) / gap
                    xy[end] = target + direction * overshoot_m
        out.append(lonlat(LineString(xy)))
    return out


def rounded(geom):
    return shapely.set_precision(geom, 10**-PRECISION, mode="pointwise")


def feature(geom, **props) -> dict:
    return {"type": "Feature", "properties": props, "geometry": mapping(rounded(geom))}


def write(path: Path, features: list[dict]) -> None:
    text = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    path.write_text(text + "\n", encoding="utf-8")
    size_kb = path.stat().st_size / 1024
    print(f"wrote {path} ({size_kb:.0f} KB, {len(features)} features)")


def longest(geoms):
    return max(geoms, key=lambda g: g.length)


# --------------------------------------------------------------------------- Gaza


def strip_corners(strip: Polygon):
    ring = np.asarray(strip.exterior.coords)[:-1]
    north = tuple(ring[ring[:, 1].argmax()])  # north tip on the coast, toward Zikim
    southwest = tuple(ring[ring[:, 0].argmin()])  # Rafah coast corner at the Egypt border
    tripoint = tuple(ring[ring[:, 1].argmin()])  # Kerem Shalom
    return north, southwest, tripoint


def seed_box(seed: list[dict]) -> tuple[float, float, float, float]:
    """The (west, south, east, north) of the map: the bounds of the seed's ``box``."""
    return geometry(of_kind(seed, "box")[0]).bounds


def references(seed: list[dict]) -> list[tuple[str, Point]]:
    """(land, point) for each ``reference`` point of a named piece of land, in file order."""
    return [
        (f["properties"]["land"], geometry(f))
        for f in of_kind(seed, "reference")
        if f["properties"]["land"] is not None
    ]


def found_by(features: list[dict], how: str) -> list[dict]:
    """The features the build finds in the way ``how`` (their ``found_by``)."""
    return [f for f in features if f["properties"].get("found_by") == how]


def seed_feature(geom, seed_feat: dict) -> dict:
    """An output feature: ``geom`` with the seed feature's properties (no ``found_by``)."""
    return feature(geom, **without(seed_feat["properties"], "found_by"))


def build_gaza(gshhg: Path, strip: Polygon, seed: list[dict] | None = None) -> list[dict]:
    seed = read_features(GAZA_SEED) if seed is None else seed
    w, s, e, n = clip_box = seed_box(seed)
    big = box(w - MARGIN, s - MARGIN, e + MARGIN, n + MARGIN)
    wider = big.buffer(MARGIN, join_style="mitre")  # read wider, so the coast crosses ``big``
    land = gshhg_land(gshhg / "binned_GSHHS_f.nc", *wider.bounds)
    north, southwest, tripoint = strip_corners(strip)

    # The open coastline across the box, from its northern end to its western end.
    edge = wider.exterior.buffer(1e-7)
    coast = linemerge(land.boundary.difference(edge))
    coast = longest(getattr(coast, "geoms", [coast]))
    if coast.coords[0][1] < coast.coords[-1][1]:
        coast = coast.reverse()
    coast_m = smooth(utm(coast))
    d_north = coast_m.project(utm(Point(north)))
    d_south = coast_m.project(utm(Point(southwest)))
    assert 0 < d_north < d_south < coast_m.length, (
        "coast misses the Strip's corners, or their order"
    )
    gap_n = coast_m.distance(utm(Point(north)))
    gap_s = coast_m.distance(utm(Point(southwest)))
    print(f"GSHHG coast to the Strip's coast corners: north tip {gap_n:.0f} m, Rafah {gap_s:.0f} m")
    north_m = snap_end(substring(coast_m, 0, d_north), utm(Point(north)), False, SNAP_TAPER_M)
    south_m = snap_end(
        substring(coast_m, d_south, coast_m.length), utm(Point(southwest)), True, SNAP_TAPER_M
    )
    north_coast = simplify_keep_ends(lonlat(north_m), SIMPLIFY_GAZA_M, end=north)
    south_coast = simplify_keep_ends(lonlat(south_m), SIMPLIFY_GAZA_M, start=southwest)

    # Land = everything in the box that is neither sea nor Strip.
    faces = list(polygonize(unary_union([north_coast, south_coast, strip.exterior, big.exterior])))
    sea = geometry(one(of_kind(seed, "reference"), GAZA_SEED, land=None))
    pieces = [
        f for f in faces if not f.contains(sea) and not strip.contains(f.representative_point())
    ]
    neighbours = unary_union(pieces).difference(strip)

    # Borders: the Egypt-Israel border from the Kerem Shalom tripoint, and the 1949 line.
    borders = gshhg_borders(gshhg / "binned_border_f.nc", *big.bounds)
    tri_m = utm(Point(tripoint))
    egypt_line = min(borders, key=lambda g: utm(g).distance(tri_m))
    eg_m = utm(egypt_line)
    if eg_m.coords[0][1] < eg_m.coords[-1][1]:  # run north to south
        eg_m = eg_m.reverse()
    print(f"WDBII Egypt border to the outline's tripoint: {eg_m.distance(tri_m):.0f} m")
    eg_m = snap_end(substring(eg_m, eg_m.project(tri_m), eg_m.length), tri_m, True, SNAP_TAPER_M)
    egypt_border = simplify_keep_ends(lonlat(eg_m), SIMPLIFY_GAZA_M, start=tripoint)
    strip_zone = utm(strip).buffer(3000)
    green = join_ends(
        [
            simplify_keep_ends(g, SIMPLIFY_GAZA_M)
            for g in borders
            if g is not egypt_line and not utm(g).intersects(strip_zone)
        ]
    )

    cut = list(polygonize(unary_union([neighbours.boundary, egypt_border, *green])))
    cut = [f for f in cut if neighbours.contains(f.representative_point())]
    # WDBII draws the 1949-67 no-man's land at Latrun as a closed ring: keep it apart.
    no_mans = [Polygon(g.coords) for g in green if g.is_ring and g.length > 0.01]
    lands = of_kind(seed, "land")
    (in_ring,) = [f["properties"]["name"] for f in found_by(lands, "closed_border_ring")]
    (rest,) = [f["properties"]["name"] for f in found_by(lands, "rest")]
    refs = references(seed)
    named: dict[str, list] = {f["properties"]["name"]: [] for f in lands}
    for f in cut:
        rep = f.representative_point()
        by_ref = [land for land, point in refs if f.contains(point)]
        if by_ref:
            named[by_ref[0]].append(f)
        elif any(r.contains(rep) for r in no_mans):
            named[in_ring].append(f)
        else:
            named[rest].append(f)
    assert all(named.values()), {k: len(v) for k, v in named.items()}

    clip = box(*clip_box)
    features = [
        seed_feature(unary_union(named[land["properties"]["name"]]).intersection(clip), land)
        for land in lands
    ]
    borders = of_kind(seed, "border")
    (egypt_israel,) = found_by(borders, "tripoint")
    (green_line,) = found_by(borders, "other_borders")
    features.append(seed_feature(egypt_border.intersection(clip), egypt_israel))
    green_geom = unary_union(green).intersection(clip)
    if not green_geom.is_empty:
        features.append(seed_feature(linemerge(green_geom), green_line))
    features.extend(seed_feature(geometry(label), label) for label in of_kind(seed, "label"))
    return features


# --------------------------------------------------------------------------- Sharm el-Sheikh


def build_sharm(gshhg: Path, seed: list[dict] | None = None) -> list[dict]:
    seed = read_features(SHARM_SEED) if seed is None else seed
    w, s, e, n = clip_box = seed_box(seed)
    big = box(w - MARGIN, s - MARGIN, e + MARGIN, n + MARGIN)
    wider = big.buffer(MARGIN, join_style="mitre")
    raw = gshhg_land(gshhg / "binned_GSHHS_f.nc", *wider.bounds)
    # Smooth and simplify each shoreline, then rebuild the land between them and the box.
    coast = linemerge(raw.boundary.difference(wider.exterior.buffer(1e-7)))
    lines = []
    for line in getattr(coast, "geoms", [coast]):
        m = smooth(utm(line)).simplify(SIMPLIFY_SHARM_M, preserve_topology=False)
        lines.append(lonlat(m))
    faces = polygonize(unary_union([*lines, big.exterior]))
    land = unary_union([f for f in faces if f.intersection(raw).area > 0.5 * f.area])
    land = land.intersection(box(*clip_box))
    parts = list(getattr(land, "geoms", [land]))
    lands = of_kind(seed, "land")
    (largest,) = found_by(lands, "largest")
    (by_ref,) = found_by(lands, "reference")
    (rest,) = found_by(lands, "rest")
    biggest = max(parts, key=lambda g: g.area)
    ref = dict(references(seed))[by_ref["properties"]["name"]]
    found = [g for g in parts if g.contains(ref)]
    assert len(found) == 1, f"{by_ref['properties']['name']} not found"
    others = [g for g in parts if g is not biggest and g is not found[0]]
    # Anything else in the box must lie north-east of the rest's corner (the Saudi coast).
    corner = geometry(one(of_kind(seed, "corner"), SHARM_SEED, land=rest["properties"]["name"]))
    assert all(g.bounds[0] > corner.x and g.bounds[1] > corner.y for g in others), [
        o.bounds for o in others
    ]
    geoms = {
        "largest": biggest,
        "reference": found[0],
        "rest": unary_union(others) if others else None,
    }
    return [
        seed_feature(geoms[f["properties"]["found_by"]], f)
        for f in lands
        if geoms[f["properties"]["found_by"]] is not None
    ]


# --------------------------------------------------------------------------- main


def find_gshhg(arg: str | None) -> Path:
    for d in [arg, os.environ.get("GSHHG_DIR"), *GSHHG_DIRS]:
        if d and (Path(d) / "binned_GSHHS_f.nc").exists():
            return Path(d)
    sys.exit(
        "GSHHG full-resolution files not found: apt-get install gmt-gshhg-full, "
        "or pass --gshhg-dir DIR (the folder with binned_GSHHS_f.nc)"
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gshhg-dir", help="folder with binned_GSHHS_f.nc and binned_border_f.nc")
    ap.add_argument("--outline", type=Path, default=DEFAULT_OUTLINE)
    ap.add_argument("--out-dir", type=Path, default=OUT)
    args = ap.parse_args(argv)
    gshhg = find_gshhg(args.gshhg_dir)
    outline = json.loads(args.outline.read_text(encoding="utf-8"))
    strip = shape(outline["features"][0]["geometry"])
    write(args.out_dir / "context_gaza.geojson", build_gaza(gshhg, strip))
    write(args.out_dir / "context_sharm.geojson", build_sharm(gshhg))


if __name__ == "__main__":
    main()
