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
only described), so most shapes are *approximations* drawn from reported facts; this script
and the version files are the record of how (every vertex and distance carries its reason),
and ``geodata/SOURCES.md`` explains the method. The app never runs this script.

Inputs:

* the geoBoundaries outline of the Strip (CC BY 4.0): ``--outline``, by default
  ``../shared/reference/gaza-strip-outline.geojson`` if present, else ``geodata/outline.geojson``
  (the same polygon, written by this script);
* the versions' inputs: ``--versions``, by default ``geodata/versions/`` (one GeoJSON file per
  version: the hand-drawn line, the IDF's 19 Oct 2025 map as digitised by Gaza Maps, the
  reported moves, the orange zone, their texts and sources; see ``geodata/README.md``);
* OpenStreetMap municipal boundaries (ODbL 1.0): ``--osm``, by default
  ``../shared/reference/data/osm-gaza-municipalities.geojson``; skipped with a note when
  absent (``municipalities.geojson`` is then left as it is).
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
from tools.version_files import Inputs, VersionSpec, read_inputs

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "geodata"
SHARED = REPO.parent / "shared" / "reference"
DEFAULT_OUTLINE = SHARED / "gaza-strip-outline.geojson"
DEFAULT_VERSIONS = REPO / "geodata" / "versions"
DEFAULT_OSM = SHARED / "data" / "osm-gaza-municipalities.geojson"
AS_OF = "2025-10-10"

GEOBOUNDARIES = (
    "geoBoundaries (www.geoboundaries.org), PSE ADM1 'Gaza', boundary year 2021, CC BY 4.0"
)

# Reported governorate areas (km², Wikipedia "Governorates of the Gaza Strip"), south to north.
GOVERNORATES = [
    ("Rafah", 65.0),
    ("Khan Younis", 108.0),
    ("Deir al-Balah", 56.0),
    ("Gaza", 70.0),
    ("North Gaza", 61.0),
]
SRC_GOV = (
    "Approximation: the geoBoundaries outline divided by straight lines across the Strip, each "
    "placed so that the governorate's share matches the areas in Wikipedia, 'Governorates of the "
    "Gaza Strip' (PCBS figures). Not the official OCHA COD-AB boundaries."
)


TOWNS = [
    ("Gaza City", 34.4667, 31.5016, "GeoNames 281133"),
    ("Jabalia", 34.4835, 31.5272, "GeoNames 281129"),
    ("Beit Lahia", 34.4951, 31.5464, "GeoNames 281145"),
    ("Beit Hanoun", 34.5358, 31.5353, "GeoNames 281146"),
    ("Nuseirat", 34.3925, 31.4486, "GeoNames 281109"),
    ("Bureij", 34.4031, 31.4394, "GeoNames 281161"),
    ("Deir al-Balah", 34.3503, 31.4178, "GeoNames 281141"),
    ("Khan Younis", 34.3063, 31.3402, "GeoNames 281124"),
    ("Bani Suhaila", 34.3234, 31.3434, "GeoNames 281148"),
    ("Khuza'a", 34.3611, 31.3067, "GeoNames 281119"),
    ("Rafah", 34.2436, 31.2972, "GeoNames 281102"),
    # Camps and areas people name when they ask how far a place is from the line.
    ("Maghazi", 34.3854, 31.4214, "Wikipedia, 'Maghazi refugee camp' (31.4214, 34.3854)"),
    ("al-Mawasi", 34.2300, 31.3289, "Wikipedia, 'Al-Mawasi, Rafah' (31.3289, 34.2300)"),
    (
        "Shati (Beach camp)",
        34.4454,
        31.5322,
        "Wikipedia, 'Al-Shati refugee camp' (31.5322, 34.4454)",
    ),
]
CROSSINGS = [
    ("Erez (Beit Hanoun)", 34.5447, 31.5582, "high", "Wikipedia, 'Erez Crossing'"),
    ("Kerem Shalom", 34.2706, 31.2208, "high", "Wikipedia, 'Kerem Shalom Crossing'"),
    ("Rafah crossing", 34.2592, 31.2486, "high", "Wikipedia, 'Rafah crossing'"),
    (
        "Zikim",
        34.50,
        31.59,
        "low",
        "Estimate on the northern fence near the coast; no published coordinates found",
    ),
    (
        "Kissufim",
        34.375,
        31.375,
        "low",
        "Estimate on the eastern fence between Deir al-Balah and Khan Younis; "
        "no published coordinates found",
    ),
]
# What a crossing's description adds after "<name> crossing point on the Strip's boundary".
CROSSING_NOTES = {"Kissufim": "also called al-Karara"}


def crossing_description(name: str) -> str:
    # "Rafah crossing" reads "Rafah crossing point ...", not "Rafah crossing crossing point".
    stem = name.removesuffix(" crossing")
    text = f"{stem} crossing point on the Strip's boundary"
    return f"{text}; {CROSSING_NOTES[name]}." if name in CROSSING_NOTES else f"{text}."


def governorate_cuts(outline_m: Polygon) -> list[Polygon]:
    """Cut the Strip across its long axis so each piece has the reported share of area."""
    rect = outline_m.minimum_rotated_rectangle
    xy = np.array(rect.exterior.coords)[:4]
    edges = [xy[(i + 1) % 4] - xy[i] for i in range(4)]
    long_edge = max(edges, key=lambda e: np.hypot(*e))
    axis = long_edge / np.hypot(*long_edge)
    if axis[1] < 0:  # point north-east
        axis = -axis
    normal = np.array([-axis[1], axis[0]])
    centre = np.array(outline_m.centroid.coords[0])
    total = sum(a for _, a in GOVERNORATES)

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
    for i, (_, reported) in enumerate(GOVERNORATES):
        cumulative += reported
        if i == len(GOVERNORATES) - 1:
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
OSM_CREDIT = "© OpenStreetMap contributors, ODbL 1.0"
OSM_SOURCE = (
    "OpenStreetMap administrative boundaries (admin_level 8 and 9), extracted with "
    "overpass-turbo on {timestamp} and distributed in the repository mushon/nibal "
    "(map/gaza.geojson, commit 46571c12). © OpenStreetMap contributors, ODbL 1.0: "
    "www.openstreetmap.org/copyright."
)


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.translate(BIDI_MARKS).strip()
    return text or None


def build_municipalities(osm_path: Path) -> list[dict]:
    """The OSM municipal boundaries, with only the names, the id and the credit kept."""
    data = json.loads(osm_path.read_text(encoding="utf-8"))
    timestamp = data.get("timestamp", "")[:10]
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
                    "description": (
                        "Municipality boundary (admin level 8)"
                        if level == "8"
                        else "Local council boundary (admin level 9)"
                    )
                    + " from OpenStreetMap, as mapped there.",
                    "source": OSM_SOURCE.format(timestamp=timestamp),
                    "licence": OSM_CREDIT,
                    "as_of": timestamp,
                    "confidence": "medium",
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

    govs_m = governorate_cuts(outline_m)
    gov_names = [n for n, _ in GOVERNORATES]
    govs = list(zip(gov_names, govs_m, strict=True))

    inputs = read_inputs(versions_dir)
    shared, first_line = inputs.shared, inputs.first_line
    out("zones.geojson", build_zone_versions(outline, govs, inputs))
    out(
        "outline.geojson",
        [
            feature(
                outline,
                {
                    "name": "Gaza Strip",
                    "name_ar": "قطاع غزة",
                    "description": "Outline of the Gaza Strip (thinned to 723 vertices).",
                    "source": GEOBOUNDARIES,
                    "as_of": "2021-06-12",
                    "confidence": "high",
                },
            )
        ],
    )
    out(
        "governorates.geojson",
        [
            feature(
                for_file(g),
                {
                    "name": name,
                    "name_ar": shared.governorates_ar[name],
                    "reported_area_km2": reported,
                    "description": f"{name} governorate (approximate boundaries).",
                    "description_ar": f"محافظة {shared.governorates_ar[name]} (حدود تقريبية).",
                    "source": SRC_GOV,
                    "as_of": "2021-06-12",
                    "confidence": "low",
                },
            )
            for (name, reported), g in zip(GOVERNORATES, govs_m, strict=True)
        ],
    )

    # Lines: the yellow line (its part inside the Strip) and the corridors.
    yellow = outline.intersection(LineString(first_line.vertices))
    fence = fence_line(outline)
    philadelphi = egypt_border(outline)

    def across(lat_w: float, lat_e: float) -> LineString:
        """A straight line from the coast to the fence at the given latitudes, clipped."""
        return outline.intersection(LineString([(34.15, lat_w), (34.65, lat_e)]))

    netzarim = across(31.470, 31.455)
    morag = outline.intersection(LineString([(34.25, 31.318), (34.2881, 31.3083), (34.37, 31.300)]))
    lines = [
        (
            yellow,
            {
                "kind": "yellow_line",
                "name": "First withdrawal line ('yellow line'), approximate",
                "name_ar": "خط الانسحاب الأول («الخط الأصفر»)، تقريبي",
                "description": "Where Israeli forces were to stand after the first phase.",
                "description_ar": "حيث كان من المقرر أن تتمركز القوات الإسرائيلية بعد "
                "المرحلة الأولى.",
                "source": first_line.source,
                "as_of": AS_OF,
                "confidence": "low",
            },
        ),
        (
            philadelphi,
            {
                "kind": "corridor",
                "name": "Philadelphi corridor",
                "name_ar": "محور فيلادلفيا",
                "description": "About 14 km along the Gaza-Egypt border, about 100 m wide; "
                "includes the Rafah crossing. Drawn along the border.",
                "description_ar": "نحو 14 كم على امتداد الحدود بين غزة ومصر، بعرض نحو 100 م؛ "
                "ويشمل معبر رفح. مرسوم على امتداد الحدود.",
                "source": "gstimes.in, 'Morag axis' (Apr 2025); border from " + GEOBOUNDARIES,
                "as_of": AS_OF,
                "confidence": "medium",
            },
        ),
        (
            netzarim,
            {
                "kind": "corridor",
                "name": "Netzarim corridor",
                "name_ar": "محور نتساريم",
                "description": "Route 749 south of Gaza City, from the fence to the sea "
                "(widened to about 4 km in 2024). Schematic line; handed back under phase 1.",
                "description_ar": "الطريق 749 جنوب مدينة غزة، من السياج إلى البحر (وُسّع ليبلغ "
                "عرضه نحو 4 كم في 2024). خط تخطيطي؛ أُعيد تسليمه بموجب المرحلة 1.",
                "source": "CNN graphics, 26 Feb 2024; ISW July 2024 (via Wikipedia)",
                "as_of": AS_OF,
                "confidence": "low",
            },
        ),
        (
            morag,
            {
                "kind": "corridor",
                "name": "Morag corridor",
                "name_ar": "محور موراغ",
                "description": "Between Rafah and Khan Younis, through the former Morag "
                "settlement (announced 2 Apr 2025). Schematic line through the reported point.",
                "description_ar": "بين رفح وخان يونس، عبر مستوطنة موراغ السابقة (أُعلن عنه في "
                "2 أبريل 2025). خط تخطيطي يمرّ بالنقطة التي أُفيد بها.",
                "source": "Wikipedia via nearbywiki (point 31.3083 N, 34.2881 E); TRT World",
                "as_of": AS_OF,
                "confidence": "low",
            },
        ),
    ]
    out("lines.geojson", [feature(round_geometry(g), p) for g, p in lines])
    assert fence.length > 0

    points = [
        feature(
            Point(x, y),
            {
                "kind": "town",
                "name": name,
                "description": f"Town centre of {name}.",
                "source": src,
                "as_of": "2025-10-10",
                "confidence": "high",
            },
        )
        for name, x, y, src in TOWNS
    ] + [
        feature(
            Point(x, y),
            {
                "kind": "crossing",
                "name": name,
                "description": crossing_description(name),
                "source": src,
                "as_of": "2025-10-10",
                "confidence": conf,
            },
        )
        for name, x, y, conf, src in CROSSINGS
    ]
    out("places_gaza.geojson", with_hand_edits(points, OUT / "places_gaza.geojson"))
    if osm_path is not None and osm_path.is_file():
        out("municipalities.geojson", build_municipalities(osm_path))
    else:
        print(f"  no OSM input at {osm_path}: municipalities.geojson left as it is")
    check_zone_file(outline)

    # Self-checks against the reporting (see geodata/SOURCES.md).
    side = zv.israeli_side(first_line)
    for name, x, y, _ in TOWNS:
        inside = side.contains(Point(x, y))
        print(f"  {name:14s} {'Israeli side' if inside else 'handed back'}")
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
