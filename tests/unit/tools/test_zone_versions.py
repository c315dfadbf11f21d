"""tools/zone_versions.py: the versions are built from their files, and the module holds no data."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest
import shapely

from dashboard.intake import added_versions
from dashboard.zones import new_version
from tests.conftest import REPO
from tests.unit.zones.test_new_version import META, example_held
from tools import version_files, zone_versions
from tools.geodata_helpers import load_outline, metric
from tools.version_files import VersionFileError, read_inputs

GEODATA = REPO / "geodata"
VERSIONS = GEODATA / "versions"
# Longitudes and latitudes around the Strip (34.2-34.6 E, 31.2-31.6 N), with a margin.
COORDINATE_RANGE = (29.0, 36.0)
LONGEST_TEXT = 60  # characters: a name of a key or a short format, not a sentence


def data_in_code(source: str) -> list[str]:
    """The coordinate-like numbers and the prose-length strings of ``source`` (docstrings
    aside): what belongs in geodata/versions/, not in Python."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in docstrings:
            continue
        value = node.value
        low, high = COORDINATE_RANGE
        if isinstance(value, float) and low <= value <= high:
            found.append(f"line {node.lineno}: the number {value}")
        if isinstance(value, str) and len(value) > LONGEST_TEXT:
            found.append(f"line {node.lineno}: a text of {len(value)} characters")
    return found


def test_the_check_finds_coordinates_and_prose_put_back():
    source = '''
"""A docstring may be as long as it likes, and say 34.45 E, 31.5 N in its prose, too."""
LINE = [(34.445, 31.572), (34.468, 31.556)]
TEXT = ("Ash-Shaaf, An-Nazzaz and Baghdad Street in east Gaza City (Shujaiya): markers of "
        "the line reported moved about 300 m west on 20 Nov 2025.")
WIDTH = 1000.0
'''
    found = data_in_code(source)
    assert len([item for item in found if "number" in item]) == 4
    assert len([item for item in found if "text" in item]) == 1


@pytest.mark.parametrize("module", [zone_versions, version_files])
def test_the_version_code_holds_no_coordinates_and_no_prose(module):
    source = Path(module.__file__).read_text(encoding="utf-8")
    assert data_in_code(source) == []


@pytest.fixture(scope="module")
def outline():
    return load_outline(GEODATA / "outline.geojson")


def test_a_move_adds_a_band_of_the_given_width(outline):
    inputs = read_inputs(VERSIONS)
    outline_m = metric(outline)
    held_m = outline_m.intersection(metric(zone_versions.israeli_side(inputs.first_line)))
    move = next(m for v in inputs.versions for m in v.moves if m.advance_m == 300.0)
    piece = zone_versions.move_piece(held_m, outline_m, move)
    assert piece.intersection(held_m).area < 1.0  # m²: only the new ground
    assert piece.difference(held_m.buffer(300.0 + 1.0)).area < 1.0  # no farther than 300 m
    assert piece.area > 0.5e6  # about 2.4 km of line moved by 300 m


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "versions"
    shutil.copytree(VERSIONS, folder)
    return folder


def _governorates(outline):
    from tools import build_geodata

    reported = build_geodata.read_governorates()
    cuts = build_geodata.governorate_cuts(metric(outline), reported)
    return list(zip([name for name, _ in reported], cuts, strict=True))


def test_a_version_added_as_a_file_is_built_after_the_last(tmp_path, outline):
    """A new file in the folder is a new version: the one before it ends where it starts,
    and its move adds to everything before it (the orange zone included)."""
    folder = _copy(tmp_path)
    data = json.loads((folder / "2025-12-13-tuffah.geojson").read_text(encoding="utf-8"))
    version, move = data["features"]
    version["properties"].update(
        version="2026-06-01-test", valid_from="2026-06-01", based_on="2026-03-15-orange-zone"
    )
    move["properties"]["name"] = "Moved 1 Jun 2026 (test)"
    (folder / "2026-06-01-test.geojson").write_text(json.dumps(data), encoding="utf-8")
    inputs = read_inputs(folder)
    built = {
        v.id: (end, b)
        for v, end, b in zone_versions.build_versions(outline, _governorates(outline), inputs)
    }
    assert list(built)[-1] == "2026-06-01-test"
    assert built["2026-03-15-orange-zone"][0] == "2026-06-01"
    end, new = built["2026-06-01-test"]
    names = [p.props["name"] for p in new.pieces]
    assert end is None and "Moved 1 Jun 2026 (test)" in names
    assert "Orange restricted zone" in names
    before = built["2026-03-15-orange-zone"][1]
    assert new.held_m.area > before.held_m.area


def test_a_finished_version_from_versions_add_is_built_as_it_is(tmp_path, outline):
    """What ``python -m dashboard versions add`` writes into geodata/versions/ is taken
    piece by piece, and ends the version before it."""
    folder = _copy(tmp_path)
    strip, texts = added_versions.strip_shape(), added_versions.added_texts()
    zones, _ = new_version.from_held_side(example_held(), None, strip, texts, META)
    added_versions.write_version(zones, folder)
    inputs = read_inputs(folder)
    assert len(inputs.version(META.id).zones) == len(zones)
    built = {
        v.id: (end, b)
        for v, end, b in zone_versions.build_versions(outline, _governorates(outline), inputs)
    }
    assert built["2026-03-15-orange-zone"][0] == META.valid_from.isoformat()
    end, new = built[META.id]
    assert end is None
    assert [p.props["name"] for p in new.pieces] == list(zones["name"])
    assert (
        abs(
            new.held_m.area
            - metric(shapely.union_all(zones.geometry[zones["zone"] != "withdrawal"].values)).area
        )
        < 1e3
    )


def test_two_versions_of_a_track_starting_on_one_day_are_refused(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "2025-12-13-tuffah.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"][0]["properties"]["valid_from"] = "2025-12-08"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(VersionFileError, match="starts on 2025-12-08 too"):
        zone_versions.valid_to(read_inputs(folder))


def test_moves_need_a_published_held_side_to_start_from(tmp_path, outline):
    folder = _copy(tmp_path)
    path = folder / "2025-12-13-tuffah.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"][0]["properties"]["based_on"] = "2025-10-10-first-withdrawal"
    path.write_text(json.dumps(data), encoding="utf-8")
    steps = zone_versions.build_versions(outline, _governorates(outline), read_inputs(folder))
    with pytest.raises(VersionFileError, match="need a published held side"):
        list(steps)
