"""tools/seed_files.py and geodata/seeds/: coordinates and prose are data, never Python.

The builders read every coordinate, name, description and source of the base layers from
``geodata/seeds/``; a scan of the code keeps coordinates from coming back into it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from tools import build_context
from tools.seed_files import SEEDS, SeedFileError, geometry, of_kind, one, read_features, without

# A longitude in the Strip's range (34.2-34.6 E) beside a latitude in it (31.2-31.6 N), in
# either order, separated by a comma (with spaces, line breaks, a degree sign or N/E marks).
LON = r"34\.[2-6]\d*"
LAT = r"31\.[2-6]\d*"
BETWEEN = r"\s*°?\s*[NSEW]?\s*,\s*"
COORDINATE_PAIR = re.compile(rf"(?<![\d.])(?:{LON}{BETWEEN}{LAT}|{LAT}{BETWEEN}{LON})(?![\d.])")
SCANNED = ("tools", "dashboard")  # tests/ and bench/ build their own small fixtures
# Pairs in dashboard/ today (others are editing it): the map's start view and bounds, and the
# distance field's example. Move them into data and lower the count here; never raise it.
KNOWN = {
    "dashboard/config.py": 5,
    "dashboard/zones/coordinates.py": 1,  # a docstring's example
}


def coordinate_pairs(text: str) -> list[str]:
    return [m.group(0) for m in COORDINATE_PAIR.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "(34.4667, 31.5016)",  # a town as a tuple
        "[34.50,\n        31.59]",  # split over two lines by the formatter
        "LineString([(34.25, 31.318), (34.37, 31.300)])",
        "31.42, 34.38",  # latitude first
        "point 31.3083 N, 34.2881 E",
    ],
)
def test_the_scan_finds_a_coordinate_pair_written_in_any_usual_way(text):
    assert coordinate_pairs(text)


@pytest.mark.parametrize(
    "text", ["(34.15, 27.70)", "(35.10, 31.53)", "1234.25, 31.3", "34.2, 131.3", "SCALE = 34.4"]
)
def test_the_scan_leaves_other_numbers_alone(text):
    assert not coordinate_pairs(text)


def test_no_python_file_of_the_tools_or_the_app_writes_a_coordinate_of_the_strip():
    found: dict[str, list[str]] = {}
    for folder in SCANNED:
        for path in sorted((REPO / folder).rglob("*.py")):
            pairs = coordinate_pairs(path.read_text(encoding="utf-8"))
            if pairs:
                found[path.relative_to(REPO).as_posix()] = pairs
    new = {name: pairs for name, pairs in found.items() if len(pairs) > KNOWN.get(name, 0)}
    assert not new, f"coordinates belong in geodata/ (e.g. geodata/seeds/), not in code: {new}"


def test_every_seed_file_is_documented_in_the_geodata_readme():
    readme = (REPO / "geodata" / "README.md").read_text(encoding="utf-8")
    names = sorted(p.name for p in SEEDS.iterdir() if p.suffix in (".json", ".geojson"))
    assert names
    for name in names:
        assert f"seeds/{name}" in readme, name


@pytest.mark.parametrize("name", ["context_gaza.geojson", "context_sharm.geojson"])
def test_the_bundled_context_files_carry_the_seeds_texts(name):
    """The context files say what their seed says (the build needs GSHHG, so it is not run
    here): the pieces of land and the borders in the seed's order with its properties, and
    the labels at the seed's points."""
    seed = read_features(name)
    shipped = json.loads((REPO / "geodata" / name).read_text(encoding="utf-8"))["features"]
    written = [
        without(f["properties"], "found_by")
        for kind in ("land", "border", "label")
        for f in of_kind(seed, kind)
    ]
    assert [f["properties"] for f in shipped] == written
    for label in of_kind(seed, "label"):
        (same,) = [f for f in shipped if f["properties"] == label["properties"]]
        assert same["geometry"] == label["geometry"]


def test_the_context_seeds_name_one_reference_point_per_piece_found_by_it():
    for name in ("context_gaza.geojson", "context_sharm.geojson"):
        seed = read_features(name)
        refs = {land for land, _ in build_context.references(seed)}
        by_ref = {f["properties"]["name"] for f in build_context.found_by(seed, "reference")}
        assert by_ref == refs, name
        assert geometry(of_kind(seed, "box")[0]).geom_type == "Polygon"


def test_one_names_the_seed_file_and_what_it_looked_for(tmp_path: Path):
    (tmp_path / "s.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": []}), encoding="utf-8"
    )
    with pytest.raises(SeedFileError, match=r"s\.geojson: expected one feature with kind='box'"):
        one(read_features("s.geojson", tmp_path), "s.geojson", kind="box")


def test_the_bundled_inset_regions_carry_their_seeds_source_and_gap_names():
    """context_regions.geojson (built from Natural Earth, not run here) says what its seed
    says: the source, date and confidence of every feature, and each filled gap's name and
    note."""
    from tools import build_inset_context

    seed = read_features(build_inset_context.SEED)
    dataset = build_inset_context.dataset_props(seed)
    shipped = json.loads((REPO / "geodata" / "context_regions.geojson").read_text("utf-8"))
    lands = {f["properties"]["name"]: f["properties"] for f in shipped["features"]}
    gaps = {f["properties"]["name"]: f["properties"] for f in of_kind(seed, "gap")}
    assert gaps
    for props in lands.values():
        assert props["as_of"] == dataset["as_of"], props["name"]
        assert props["confidence"] == dataset["confidence"], props["name"]
        note = f"; {gaps[props['name']]['note']}" if props["name"] in gaps else ""
        assert props["source"] == dataset["source"] + note, props["name"]
    for name, gap in gaps.items():
        assert lands[name]["name_ar"] == gap["name_ar"]
