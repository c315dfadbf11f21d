"""Build the bundled Gaza geodata in ``geodata/`` from documented control points.

Run from the repository root::

    python tools/build_geodata.py [--outline PATH]

No public coordinates exist for the October 2025 withdrawal lines (they were
published only as raster maps), so the zones are *approximations* drawn from
reported facts. This script is the record of how: every vertex below carries
the reason it sits where it does, and ``geodata/SOURCES.md`` explains the
method. The app never runs this script; it only reads its output.

Inputs: the geoBoundaries outline of the Strip (CC BY 4.0), by default
``../shared/reference/gaza-strip-outline.geojson``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "geodata"
DEFAULT_OUTLINE = REPO.parent / "shared" / "reference" / "gaza-strip-outline.geojson"
METRIC = "EPSG:32636"
AS_OF = "2025-10-10"
PRECISION = 5  # decimals: about 1 m, finer than any source deserves, coarse enough to stay small

GEOBOUNDARIES = (
    "geoBoundaries (www.geoboundaries.org), PSE ADM1 'Gaza', boundary year 2021, CC BY 4.0"
)
SRC_LINE = (
    "Approximation of the first withdrawal ('yellow') line drawn from reporting: Times of Israel "
    "and ISW/CTP (about 53 % of the Strip on the Israeli side, 10 Oct 2025); Al Jazeera Sanad "
    "(about 210 km², 58 %); White House map of 29 Sep and Trump's map of 4 Oct 2025; "
    "line 1.5-6.5 km from the eastern fence. Not an official boundary. See geodata/SOURCES.md."
)
SRC_BUFFER = (
    "Approximation of the perimeter buffer: ACLED, 14 Feb 2025 (700 m, up to 1.1 km at five "
    "points, in the January 2025 ceasefire); AP 2024 (about 1 km-deep cleared strip). Width "
    "modelled as 1 km from the fence with Israel. See geodata/SOURCES.md."
)

# Indices of the corner vertices on the thinned geoBoundaries ring (counter-clockwise).
# Checked by assertions below, so a different outline fails loudly instead of silently.
CORNERS = {"north_tip": (34.49139, 31.59491), "tripoint": (34.26597, 31.22438)}

# The yellow line, north to south, as (lon, lat). The first and last points lie in the
# sea so that the line crosses the whole Strip; the polygon east of it is Israel's side.
YELLOW_LINE: list[tuple[float, float, str]] = [
    (34.445, 31.572, "at sea north-west of Beit Lahia"),
    (34.468, 31.556, "coast west of Beit Lahia: most of Beit Lahia stays on the Israeli side"),
    (34.482, 31.541, "west of Beit Lahia town centre (34.4951, 31.5464)"),
    (34.489, 31.527, "through the eastern part of Jabalia (contested; not used as a test point)"),
    (34.490, 31.512, "east of Gaza City centre: eastern Shujaiya retained"),
    (34.482, 31.497, "eastern Shujaiya / Tuffah retained, centre and west handed back"),
    (34.468, 31.482, "eastern Zeitoun retained"),
    (34.450, 31.466, "the Netzarim corridor is handed back west of here"),
    (34.433, 31.450, "about 1.5 km from the fence, east of the central camps"),
    (34.416, 31.437, "east of Bureij (34.4031, 31.4394), which is handed back"),
    (34.397, 31.418, "east of Deir al-Balah"),
    (34.376, 31.398, "about 1.5 km from the fence"),
    (34.359, 31.378, "about 1.5 km from the fence, north of Khan Younis"),
    (34.347, 31.360, "turns west: eastern Khan Younis retained"),
    (34.327, 31.350, "Bani Suhaila's east retained"),
    (34.316, 31.338, "central Khan Younis (34.3063, 31.3402) handed back"),
    (34.300, 31.326, "south of Khan Younis"),
    (34.282, 31.321, "north of the Morag corridor point (34.2881, 31.3083), which is retained"),
    (34.255, 31.328, "north of Rafah: all of Rafah retained"),
    (34.232, 31.333, "coast north of Rafah's coastal edge; al-Mawasi to the north handed back"),
    (34.200, 31.345, "at sea"),
]

BUFFER_WIDTH_M = 1000.0

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


def _round(geom):
    """Round vertices to the grid one by one (shared edges stay shared), then repair."""
    rounded = shapely.set_precision(geom, 10**-PRECISION, mode="pointwise")
    return rounded if rounded.is_valid else shapely.make_valid(rounded)


def load_outline(path: Path) -> Polygon:
    data = json.loads(path.read_text())
    poly = shapely.geometry.shape(data["features"][0]["geometry"])
    assert poly.is_valid and poly.geom_type == "Polygon"
    return poly


def fence_line(outline: Polygon) -> LineString:
    """The stretch of the outline bordering Israel: tripoint -> east -> north tip."""
    ring = list(outline.exterior.coords)[:-1]
    south = ring.index(CORNERS["tripoint"])
    north = ring.index(CORNERS["north_tip"])
    # Counter-clockwise ring: from the tripoint onwards, past the start, to the north tip.
    coords = ring[south:] + ring[: north + 1]
    return LineString(coords)


def israeli_side(line: list[tuple[float, float, str]]) -> Polygon:
    """Everything east of the yellow line, closed far outside the Strip."""
    pts = [(x, y) for x, y, _ in line]
    closing = [(34.20, 31.10), (34.80, 31.10), (34.80, 31.70), (34.445, 31.70)]
    poly = Polygon(pts + closing)
    assert poly.is_valid, shapely.is_valid_reason(poly)
    return poly


def metric(geom):
    return gpd.GeoSeries([geom], crs="EPSG:4326").to_crs(METRIC).iloc[0]


def geographic(geom):
    return gpd.GeoSeries([geom], crs=METRIC).to_crs("EPSG:4326").iloc[0]


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


def feature(geom, props: dict) -> dict:
    return {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(geom)}


def write(name: str, features: list[dict]) -> None:
    path = OUT / name
    data = {"type": "FeatureCollection", "features": features}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(REPO)} ({len(text) / 1024:.0f} KiB, {len(features)} features)")


def only_polygons(geom):
    """The polygonal parts of ``geom`` (make_valid may nest them in a collection)."""
    parts = [
        poly
        for part in shapely.get_parts(geom)
        for poly in shapely.get_parts(part)
        if poly.geom_type == "Polygon" and poly.area > 0
    ]
    return shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]


ZONE_TEXT = {
    ("retained", "North Gaza"): "Beit Hanoun, most of Beit Lahia and the eastern edge of Jabalia.",
    ("retained", "Gaza"): "Eastern edges of Gaza City: parts of Shujaiya, Tuffah and Zeitoun.",
    ("retained", "Deir al-Balah"): "A strip along the eastern fence, east of the central camps.",
    ("retained", "Khan Younis"): "Eastern Khan Younis, including Khuza'a and Bani Suhaila's east.",
    ("retained", "Rafah"): "All of Rafah governorate, with the Philadelphi and Morag corridors.",
    ("withdrawal", "North Gaza"): "Western Beit Lahia and most of Jabalia.",
    ("withdrawal", "Gaza"): "Gaza City's centre and west, and the Netzarim corridor.",
    ("withdrawal", "Deir al-Balah"): "Deir al-Balah and the central camps (Nuseirat, Bureij).",
    ("withdrawal", "Khan Younis"): "Western and central Khan Younis and al-Mawasi.",
    ("withdrawal", "Rafah"): (
        "The coastal al-Mawasi area at the northern edge of Rafah governorate (where the "
        "approximate governorate boundary meets the approximate line)."
    ),
    ("buffer", None): (
        "Perimeter zone along the fence with Israel, modelled as 1 km deep. Off limits to "
        "Palestinians under the ceasefire; the width varies on the ground and is not published."
    ),
}


def build(outline_path: Path) -> None:
    outline = load_outline(outline_path)
    outline_m = metric(outline)
    fence_m = metric(fence_line(outline))
    side_m = metric(israeli_side(YELLOW_LINE))

    israel_m = outline_m.intersection(side_m)
    # The buffer is the fence-side band of Israel's side (west of the line it is handed back).
    buffer_m = israel_m.intersection(fence_m.buffer(BUFFER_WIDTH_M, cap_style="flat"))
    retained_m = israel_m.difference(buffer_m)
    withdrawal_m = outline_m.difference(side_m)

    govs_m = governorate_cuts(outline_m)
    gov_names = [n for n, _ in GOVERNORATES]

    zone_features = []
    for zone, whole in (("retained", retained_m), ("withdrawal", withdrawal_m)):
        for name, gov in zip(gov_names, govs_m, strict=True):
            part = whole.intersection(gov)
            if part.is_empty:
                continue
            label = "Retained" if zone == "retained" else "Withdrawal"
            props = {
                "zone": zone,
                "name": f"{label} – {name}",
                "phase": "phase-1",
                "governorate": name,
                "description": ZONE_TEXT[(zone, name)],
                "source": SRC_LINE,
                "as_of": AS_OF,
                "confidence": "low",
            }
            zone_features.append((part, props))
    zone_features.append(
        (
            buffer_m,
            {
                "zone": "buffer",
                "name": "Perimeter buffer",
                "phase": "phase-1",
                "governorate": None,
                "description": ZONE_TEXT[("buffer", None)],
                "source": SRC_BUFFER,
                "as_of": AS_OF,
                "confidence": "low",
            },
        )
    )

    # The pieces must tile the Strip: same total as the outline, no overlap.
    total = sum(g.area for g, _ in zone_features) / 1e6
    union = shapely.union_all([g for g, _ in zone_features]).area / 1e6
    print(f"outline {outline_m.area / 1e6:.1f} km², zones {total:.1f} km², union {union:.1f} km²")
    for zone in ("retained", "withdrawal", "buffer"):
        a = sum(g.area for g, p in zone_features if p["zone"] == zone) / 1e6
        print(f"  {zone:10s} {a:6.1f} km²  {100 * a / (outline_m.area / 1e6):4.1f} %")

    write(
        "zones.geojson",
        [feature(only_polygons(_round(geographic(g))), p) for g, p in zone_features],
    )
    write(
        "outline.geojson",
        [
            feature(
                outline,
                {
                    "name": "Gaza Strip",
                    "description": "Outline of the Gaza Strip (thinned to 723 vertices).",
                    "source": GEOBOUNDARIES,
                    "as_of": "2021-06-12",
                    "confidence": "high",
                },
            )
        ],
    )
    write(
        "governorates.geojson",
        [
            feature(
                only_polygons(_round(geographic(g))),
                {
                    "name": name,
                    "reported_area_km2": reported,
                    "description": f"{name} governorate (approximate boundaries).",
                    "source": SRC_GOV,
                    "as_of": "2021-06-12",
                    "confidence": "low",
                },
            )
            for (name, reported), g in zip(GOVERNORATES, govs_m, strict=True)
        ],
    )

    # Lines: the yellow line (its part inside the Strip) and the corridors.
    yellow = outline.intersection(LineString([(x, y) for x, y, _ in YELLOW_LINE]))
    fence = fence_line(outline)
    egypt_start = list(outline.exterior.coords).index((34.21867, 31.32375))
    egypt_end = list(outline.exterior.coords).index(CORNERS["tripoint"])
    philadelphi = LineString(list(outline.exterior.coords)[egypt_start : egypt_end + 1])

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
                "description": "Where Israeli forces were to stand after the first phase.",
                "source": SRC_LINE,
                "as_of": AS_OF,
                "confidence": "low",
            },
        ),
        (
            philadelphi,
            {
                "kind": "corridor",
                "name": "Philadelphi corridor",
                "description": "About 14 km along the Gaza-Egypt border, about 100 m wide; "
                "includes the Rafah crossing. Drawn along the border.",
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
                "description": "Route 749 south of Gaza City, from the fence to the sea "
                "(widened to about 4 km in 2024). Schematic line; handed back under phase 1.",
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
                "description": "Between Rafah and Khan Younis, through the former Morag "
                "settlement (announced 2 Apr 2025). Schematic line through the reported point.",
                "source": "Wikipedia via nearbywiki (point 31.3083 N, 34.2881 E); TRT World",
                "as_of": AS_OF,
                "confidence": "low",
            },
        ),
    ]
    write("lines.geojson", [feature(_round(g), p) for g, p in lines])
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
                "description": f"{name} crossing point on the Strip's boundary.",
                "source": src,
                "as_of": "2025-10-10",
                "confidence": conf,
            },
        )
        for name, x, y, conf, src in CROSSINGS
    ]
    write("places_gaza.geojson", points)

    # Self-checks against the reporting (see geodata/SOURCES.md).
    side = israeli_side(YELLOW_LINE)
    for name, x, y, _ in TOWNS:
        inside = side.contains(Point(x, y))
        print(f"  {name:14s} {'Israeli side' if inside else 'handed back'}")
    dist = [
        fence_m.distance(Point(c)) / 1000
        for c in metric(LineString([(x, y) for x, y, _ in YELLOW_LINE[1:-1]])).coords
    ]
    print(f"  yellow line vertices: {min(dist):.1f}-{max(dist):.1f} km from the fence")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outline", type=Path, default=DEFAULT_OUTLINE)
    build(parser.parse_args().outline)


if __name__ == "__main__":
    main()
