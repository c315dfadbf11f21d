"""Build the bundled Gaza geodata in ``geodata/`` from documented inputs and control points.

Run from the repository root::

    python -m tools.build_geodata [--outline PATH] [--versions DIR] [--osm PATH] [--base]

It writes ``zones.geojson`` (every dated version of the zones, composed from the version files
by ``tools/zone_versions.py``)
and ``municipalities.geojson``; with ``--base`` also ``outline.geojson``,
``governorates.geojson``, ``lines.geojson`` and ``places_gaza.geojson`` (what is edited by
hand in the last, its Arabic names and descriptions, the crossings' ``status_history`` and
the labels' ``label_side``, is taken from the file it replaces: :data:`HAND_EDITED`). The
output is deterministic: the same inputs give the same bytes.

No official coordinates exist for most of the lines (they were published as raster maps or
only described), so most shapes are *approximations* drawn from reported facts; the version
files and the seed files are the record of how (every vertex and distance carries its reason),
and ``geodata/SOURCES.md`` explains the method. The app never runs this script. This script
holds no coordinate and no prose: it composes them.

Inputs:

* the geoBoundaries outline of the Strip (CC BY 4.0): ``--outline``, by default
  ``../shared/reference/gaza-strip-outline.geojson`` if present, else ``geodata/outline.geojson``
  (the same polygon, written by this script);
* the versions' inputs: ``--versions``, by default ``geodata/versions/`` (one GeoJSON file per
  version: the hand-drawn line, the IDF's 19 Oct 2025 map as digitised by Gaza Maps, the
  reported moves, the orange zone, their texts and sources; see ``geodata/README.md``);
* OpenStreetMap municipal boundaries (ODbL 1.0): ``--osm``, by default
  ``../shared/reference/data/osm-gaza-municipalities.geojson``; skipped with a note when
  absent (``municipalities.geojson`` is then left as it is);
* the base files' seeds, ``geodata/seeds/`` (see ``geodata/README.md``): the town centres
  (GeoNames) and crossings of ``places_gaza.geojson``, the corridors of ``lines.geojson``
  (Netzarim and Morag as construction lines clipped to the Strip), the governorates' reported
  areas, and every name, description, source and date of the base files and municipalities.

``places_gaza.geojson`` is kept partly by hand (the crossings' ``status_history`` was last
edited there directly, in commit 55c824f, which also dropped its final newline: a ``--base``
rebuild gives the same features and adds that newline back). A town or crossing added to it
by hand must be added to ``seeds/places_gaza.geojson`` too, or a ``--base`` rebuild drops it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from dashboard.zones.contract import ZONE_FILE_PROPERTIES, check_zones, tiling_problems
from tools import zone_versions as zv
from tools.geodata_helpers import (
    egypt_border,
    feature,
    fence_line,
    for_file,
    load_outline,
    metric,
    read_features,
    round_geometry,
)
from tools.seed_files import SEEDS, SeedFileError, geometry, of_kind, read_json, without
from tools.seed_files import read_features as read_seed_features
from tools.version_files import Inputs, VersionSpec, read_inputs

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "geodata"
SHARED = REPO.parent / "shared" / "reference"
DEFAULT_OUTLINE = SHARED / "gaza-strip-outline.geojson"
DEFAULT_VERSIONS = REPO / "geodata" / "versions"
DEFAULT_OSM = SHARED / "data" / "osm-gaza-municipalities.geojson"

# The names, descriptions, sources and coordinates of the base files (``geodata/seeds/``).
OUTLINE_SEED = "outline.json"
GOVERNORATES_SEED = "governorates.json"
LINES_SEED = "lines.geojson"
PLACES_SEED = "places_gaza.geojson"
MUNICIPALITIES_SEED = "municipalities.json"


def read_governorates(seeds: Path = SEEDS) -> list[tuple[str, float]]:
    """(name, reported km²) of each governorate, south to north."""
    return [
        (gov["name"], gov["reported_area_km2"])
        for gov in read_json(GOVERNORATES_SEED, seeds)["governorates"]
    ]


def governorate_cuts(outline_m: Polygon, governorates: list[tuple[str, float]]) -> list[Polygon]:
    """Cut the Strip across its long axis so each piece has the reported share of area
    (``governorates``: (name, km²) south to north, as :func:`read_governorates`)."""
    rect = outline_m.minimum_rotated_rectangle
    xy = np.array(rect.exterior.coords)[:4]
    edges = [xy[(i + 1) % 4] - xy[i] for i in range(4)]
    long_edge = max(edges, key=lambda e: np.hypot(*e))
    axis = long_edge / np.hypot(*long_edge)
    if axis[1] < 0:  # point north-east
        axis = -axis
    normal = np.array([-axis[1], axis[0]])
    centre = np.array(outline_m.centroid.coords[0])
    total = sum(a for _, a in governorates)

    def half_plane_south(t: float) -> Polygon:
        p = centre + axis * t
        big = 100_000
        return Polygon(
            [
                p + normal * big,
                p - normal * big,
                p - normal * big - axis * big,
                p + normal * big - axis * big,
            ]
        )

    pieces, done, cumulative = [], None, 0.0
    for i, (_, reported) in enumerate(governorates):
        cumulative += reported
        if i == len(governorates) - 1:
            south = outline_m
        else:
            target = outline_m.area * cumulative / total
            lo, hi = -40_000.0, 40_000.0
            for _ in range(60):
                mid = (lo + hi) / 2
                if outline_m.intersection(half_plane_south(mid)).area < target:
                    lo = mid
                else:
                    hi = mid
            south = outline_m.intersection(half_plane_south(lo))
        piece = south if done is None else south.difference(done)
        pieces.append(piece)
        done = south
    return pieces


# Written on every run; the base files only with --base: others edit some of them by hand
# (e.g. the crossings' status_history in places_gaza.geojson).
OWN_FILES = ("zones.geojson", "municipalities.geojson")
BASE_FILES = ("outline.geojson", "governorates.geojson", "lines.geojson", "places_gaza.geojson")
# The properties of places_gaza.geojson edited by hand there, not by the build: a rebuild
# takes them from the file it replaces (feature by feature, by name), each translation
# beside its English.
HAND_EDITED = ("name_ar", "description_ar", "status_history", "label_side")


def with_hand_edits(features: list[dict], path: Path) -> list[dict]:
    """``features`` with the :data:`HAND_EDITED` properties of the features of the same
    name in ``path`` (as they are when ``path`` does not exist)."""
    if not path.is_file():
        return features
    edited = {f["properties"]["name"]: f["properties"] for f in read_features(path)}
    for feat in features:
        old = edited.get(feat["properties"]["name"], {})
        props = {}
        for key, value in feat["properties"].items():
            props[key] = value
            if f"{key}_ar" in HAND_EDITED and f"{key}_ar" in old:
                props[f"{key}_ar"] = old[f"{key}_ar"]
        props.update({k: old[k] for k in HAND_EDITED if k in old and k not in props})
        feat["properties"] = props
    return features


def write(name: str, features: list[dict]) -> None:
    path = OUT / name
    data = {"type": "FeatureCollection", "features": features}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    print(f"wrote {shown} ({len(text) / 1024:.0f} KiB, {len(features)} features)")


ZONE_PROPERTY_ORDER = ZONE_FILE_PROPERTIES  # the order of a zone feature in the file


def zone_feature(piece: zv.Piece, spec: VersionSpec, valid_to: str | None) -> dict:
    """A zone feature: the piece's properties plus its version's, in a fixed order."""
    props = dict(piece.props)
    props.setdefault("restriction", "perimeter" if props["zone"] == "buffer" else None)
    props.update(zv.version_props(spec, valid_to))
    props["phase"] = spec.phase
    props["as_of"] = spec.as_of
    assert set(props) == set(ZONE_PROPERTY_ORDER), sorted(set(props) ^ set(ZONE_PROPERTY_ORDER))
    return feature(for_file(piece.geom), {key: props[key] for key in ZONE_PROPERTY_ORDER})


def build_zone_versions(
    outline: Polygon, govs: list[tuple[str, BaseGeometry]], inputs: Inputs
) -> list[dict]:
    """Every version's features, in order (the plan's three phases, then the ground track)."""
    outline_m = metric(outline)
    features: list[dict] = []
    report: list[str] = []
    for version, valid_to, built in zv.build_versions(outline, govs, inputs):
        spec, pieces = version.spec, built.pieces
        features.extend(zone_feature(p, spec, valid_to) for p in pieces)
        area = {
            zone: sum(p.geom.area for p in pieces if p.props["zone"] == zone) / 1e6
            for zone in ("retained", "withdrawal", "buffer")
        }
        report.extend(built.notes)
        held_pct = 100 * built.held_m.area / outline_m.area
        report.append(
            f"  {spec.id:30s} {spec.kind:9s} held {held_pct:5.1f} %  "
            + "  ".join(f"{zone} {km2:6.1f}" for zone, km2 in area.items())
        )
    print("\n".join(report))
    return features


def check_zone_file(outline: Polygon) -> None:
    """Read the written zones back and check the contract and the tiling of every version."""
    import geopandas as gpd

    zones = gpd.read_file(OUT / "zones.geojson", datetime_as_string=True)
    check_zones(zones, "zones.geojson", versioned=True)
    problems = [
        problem
        for version, rows in zones.groupby("version")
        for problem in tiling_problems(rows, outline, f"zones.geojson, version '{version}'")
    ]
    assert not problems, "\n".join(problems)
    print(f"  zones.geojson: contract and tiling OK ({zones['version'].nunique()} versions)")


# Bidirectional control characters stray into some OSM names (e.g. a trailing U+200E).
BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.translate(BIDI_MARKS).strip()
    return text or None


def build_municipalities(osm_path: Path) -> list[dict]:
    """The OSM municipal boundaries, with only the names, the id and the credit kept."""
    data = json.loads(osm_path.read_text(encoding="utf-8"))
    timestamp = data.get("timestamp", "")[:10]
    seed = read_json(MUNICIPALITIES_SEED)
    descriptions = seed["description_by_admin_level"]
    out = []
    for item in data["features"]:
        props = item["properties"]
        if item["geometry"]["type"] not in ("Polygon", "MultiPolygon"):
            continue  # label points and a building outline
        if props.get("boundary") != "administrative":
            continue
        geom = shapely.geometry.shape(item["geometry"])
        name_en = _clean(props.get("name:en"))
        name_ar = _clean(props.get("name:ar")) or _clean(props.get("name"))
        level = props.get("admin_level")
        if level not in descriptions:
            raise SeedFileError(
                f"{MUNICIPALITIES_SEED}: no description for admin level {level!r} "
                "in description_by_admin_level"
            )
        out.append(
            feature(
                round_geometry(geom),
                {
                    "name": name_en or name_ar,
                    "name_ar": name_ar,
                    "name_en": name_en,
                    "name_he": _clean(props.get("name:he")),
                    "osm_id": props["@id"],
                    "admin_level": int(level) if level else None,
                    "description": descriptions[level],
                    "source": seed["source"].format(timestamp=timestamp),
                    "licence": seed["licence"],
                    "as_of": timestamp,
                    "confidence": seed["confidence"],
                },
            )
        )
    out.sort(key=lambda f: f["properties"]["osm_id"])
    return out


def build(
    outline_path: Path,
    osm_path: Path | None,
    base: bool = False,
    versions_dir: Path = DEFAULT_VERSIONS,
) -> None:
    """Write the zones and the municipalities; with ``base``, the other Gaza files too."""
    targets = set(OWN_FILES) | (set(BASE_FILES) if base else set())

    def out(name: str, features: list[dict]) -> None:
        if name in targets:
            write(name, features)
        else:
            print(f"left {name} as it is (pass --base to rewrite it)")

    outline = load_outline(outline_path)
    outline_m = metric(outline)
    fence_m = metric(fence_line(outline))

    gov_seed = read_json(GOVERNORATES_SEED)
    reported = read_governorates()
    govs_m = governorate_cuts(outline_m, reported)
    govs = list(zip([name for name, _ in reported], govs_m, strict=True))

    inputs = read_inputs(versions_dir)
    shared, first_line = inputs.shared, inputs.first_line
    out("zones.geojson", build_zone_versions(outline, govs, inputs))
    out("outline.geojson", [feature(outline, read_json(OUTLINE_SEED))])
    out(
        "governorates.geojson",
        [
            feature(
                for_file(g),
                {
                    "name": gov["name"],
                    "name_ar": shared.governorates_ar[gov["name"]],
                    "reported_area_km2": gov["reported_area_km2"],
                    "description": gov["description"],
                    "description_ar": gov["description_ar"],
                    "source": gov_seed["source"],
                    "as_of": gov_seed["as_of"],
                    "confidence": gov_seed["confidence"],
                },
            )
            for gov, g in zip(gov_seed["governorates"], govs_m, strict=True)
        ],
    )

    # Lines: the yellow line (its part inside the Strip) and the corridors, as the seed says.
    fence = fence_line(outline)
    lines = []
    for seed_line in read_seed_features(LINES_SEED):
        props = without(seed_line["properties"], "geometry_from")
        drawn = seed_line["properties"]["geometry_from"]
        if drawn == "first_line":
            geom = outline.intersection(LineString(first_line.vertices))
            props["source"] = first_line.source
        elif drawn == "egypt_border":
            geom = egypt_border(outline)
        elif drawn == "clipped":
            geom = outline.intersection(geometry(seed_line))
        else:
            raise SeedFileError(f"{LINES_SEED}: {props['name']}: unknown geometry_from {drawn!r}")
        lines.append((geom, props))
    out("lines.geojson", [feature(round_geometry(g), p) for g, p in lines])
    assert fence.length > 0

    places = read_seed_features(PLACES_SEED)
    points = [feature(geometry(place), dict(place["properties"])) for place in places]
    out("places_gaza.geojson", with_hand_edits(points, OUT / "places_gaza.geojson"))
    if osm_path is not None and osm_path.is_file():
        out("municipalities.geojson", build_municipalities(osm_path))
    else:
        print(f"  no OSM input at {osm_path}: municipalities.geojson left as it is")
    check_zone_file(outline)

    # Self-checks against the reporting (see geodata/SOURCES.md).
    side = zv.israeli_side(first_line)
    for town in of_kind(places, "town"):
        inside = side.contains(geometry(town))
        print(f"  {town['properties']['name']:14s} {'Israeli side' if inside else 'handed back'}")
    dist = [
        fence_m.distance(Point(c)) / 1000
        for c in metric(LineString(first_line.vertices[1:-1])).coords
    ]
    print(f"  yellow line vertices: {min(dist):.1f}-{max(dist):.1f} km from the fence")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_outline = DEFAULT_OUTLINE if DEFAULT_OUTLINE.is_file() else OUT / "outline.geojson"
    parser.add_argument("--outline", type=Path, default=default_outline)
    parser.add_argument("--versions", type=Path, default=DEFAULT_VERSIONS)
    parser.add_argument("--osm", type=Path, default=DEFAULT_OSM)
    parser.add_argument(
        "--base",
        action="store_true",
        help="also rewrite outline, governorates, lines and places_gaza (keeps its hand edits)",
    )
    args = parser.parse_args()
    build(args.outline, args.osm, args.base, args.versions)


if __name__ == "__main__":
    main()
