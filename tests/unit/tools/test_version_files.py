"""tools/version_files.py: the version files are read whole, and a broken one is named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO
from tools.version_files import VersionFileError, read_inputs

VERSIONS = REPO / "geodata" / "versions"
TUFFAH = "2025-12-13-tuffah.geojson"
JABALIA = "2025-11-20-gaza-city-jabalia.geojson"


def test_every_bundled_version_is_read_with_its_inputs():
    inputs = read_inputs(VERSIONS)
    ids = [v.id for v in inputs.versions]
    assert len(ids) == 10 and ids[0] == "2025-09-29-plan-phase-1"
    assert ids[-1] == "2026-03-15-orange-zone"
    ground = [v.spec.valid_from for v in inputs.versions if v.spec.track == "ground"]
    assert ground == sorted(ground) and len(set(ground)) == len(ground)
    moves = [m for v in inputs.versions for m in v.moves]
    assert len(moves) == 5
    for move in moves:
        assert (move.advance_m is None) != (move.through is None), move.name
        assert len(move.reason[0]) > 40 and len(move.source) > 40, move.name
        assert move.window.is_valid
    (orange,) = [z for v in inputs.versions for z in v.restricted]
    assert orange.key == "orange" and 0 < orange.share_pct < 50
    line = inputs.first_line
    assert len(line.vertices) == len(line.notes) == 21
    assert len(line.descriptions) == 10  # retained and withdrawal in five governorates
    idf = inputs.version("2025-10-19-idf-map").held_side
    assert idf is not None and idf.confidence == "medium" and idf.geometry.is_valid
    assert set(inputs.shared.governorates_ar) == {name for _, name in line.descriptions}


def _edit(tmp_path: Path, name: str, change) -> Path:
    folder = tmp_path / "versions"
    shutil.copytree(VERSIONS, folder)
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["features"])
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def _rename(features):
    features[0]["properties"]["version"] = "2025-12-14-tuffah"


def _both(features):
    features[2]["properties"]["advance_m"] = 100  # the Jabalia move, drawn through a point


def _stray_point(features):
    stray = json.loads(json.dumps(features[3]))
    stray["properties"]["move"] = "No such move"
    features.append(stray)


def _unknown_input(features):
    features[1]["properties"]["input"] = "moved"


def _unknown_base(features):
    features[0]["properties"]["based_on"] = "2025-12-12-nothing"


def _no_label(features):
    features[0]["properties"]["label"] = ""


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        (TUFFAH, _rename, "must be named 2025-12-14-tuffah.geojson"),
        (JABALIA, _both, "either 'advance_m' or a 'through' point, one of them"),
        (JABALIA, _stray_point, "name no move of the file: No such move"),
        (TUFFAH, _unknown_input, "'input' is 'moved'"),
        (TUFFAH, _unknown_base, "'based_on' '2025-12-12-nothing' is no version"),
        (TUFFAH, _no_label, "lacks label"),
    ],
)
def test_a_broken_version_file_is_refused_by_name(tmp_path, name, change, message):
    folder = _edit(tmp_path, name, change)
    with pytest.raises(VersionFileError, match=message) as error:
        read_inputs(folder)
    assert str(error.value).startswith(name)


def version_files_section() -> str:
    text = (REPO / "geodata" / "README.md").read_text(encoding="utf-8")
    start = text.index("### The version files")
    return text[start : text.index("\n## ", start)]


def test_every_property_of_the_version_files_is_documented():
    section = version_files_section()
    keys = {
        key
        for path in VERSIONS.glob("*.geojson")
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]
        for key in feature["properties"]
    }
    shared = json.loads((VERSIONS / "shared.json").read_text(encoding="utf-8"))
    keys |= set(shared) | {key for value in shared.values() for key in value}
    keys -= set(shared["governorates_ar"])  # the governorates' names, not properties
    inputs = {
        feature["properties"]["input"]
        for path in VERSIONS.glob("*.geojson")
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]
    }
    missing = sorted(key for key in keys | inputs if f"`{key}`" not in section)
    assert not missing, f"properties of geodata/versions/ not in geodata/README.md: {missing}"


def _no_window(features):
    features[1]["geometry"] = None


def _no_source(features):
    del features[1]["properties"]["source"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_no_window, "the window of move .* must be one valid Polygon"),
        (_no_source, "a feature lacks the property 'source'"),
    ],
)
def test_a_move_without_its_window_or_source_is_refused(tmp_path, change, message):
    with pytest.raises(VersionFileError, match=f"^{TUFFAH}: {message}"):
        read_inputs(_edit(tmp_path, TUFFAH, change))
