"""dashboard.intake.added_versions: versions added as files, read, checked and put in the
series; a broken file named and left out."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dashboard.intake import added_versions as added
from dashboard.intake import bundled
from dashboard.messages import in_language, without_isolates
from dashboard.zones import new_version as nv
from dashboard.zones import series
from tests.unit.zones.test_new_version import META, example_held

FIRST = dt.date(2025, 10, 10)


@pytest.fixture(scope="module")
def base():
    return bundled.load_zone_versions()


@pytest.fixture(scope="module")
def new_zones():
    strip, texts = added.strip_shape(), added.added_texts()
    return nv.from_held_side(example_held(), None, strip, texts, META)[0]


def test_data_dir_from_the_option_then_the_environment(tmp_path):
    env = {"GAZA_MAP_DATA_DIR": str(tmp_path / "env")}
    assert added.data_dir(tmp_path / "opt", env) == (tmp_path / "opt").resolve()
    assert added.data_dir(None, env) == (tmp_path / "env").resolve()
    assert added.data_dir(None, {}) is None
    assert added.versions_folder(None) == added.BUNDLED_INPUTS
    assert added.versions_folder(tmp_path) == tmp_path / "versions"


def test_a_written_version_joins_the_series_and_ends_the_one_before(tmp_path, base, new_zones):
    path = added.write_version(new_zones, tmp_path / "versions")
    assert path.name == f"{META.id}.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "crs" not in data and list(data["features"][0]["properties"])[:3] == [
        "zone",
        "name",
        "name_ar",
    ]
    loaded = added.load_series(tmp_path)
    assert loaded.problems == [] and loaded.origins == {META.id: path}
    ground = series.versions(loaded.zones, series.GROUND_TRACK)
    assert ground[-1].id == META.id and ground[-1].valid_to is None
    assert ground[-2].valid_to == META.valid_from  # the bundled latest ends where it begins
    assert series.version_at(loaded.zones, "2026-12-05").id == META.id
    assert series.version_at(loaded.zones, "2026-11-30").id == ground[-2].id


def test_a_broken_file_is_named_and_the_others_stay(tmp_path, new_zones):
    folder = tmp_path / "versions"
    added.write_version(new_zones, folder)
    (folder / "2026-12-05-broken.geojson").write_text("{ not json", encoding="utf-8")
    renamed = new_zones.assign(version="2026-12-09-elsewhere")
    added.write_version(renamed, folder)
    (folder / "2026-12-09-elsewhere.geojson").rename(folder / "2026-12-09-other-name.geojson")
    inputs = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"input": "version"}, "geometry": None}]}  # fmt: skip
    (folder / "2026-12-10-inputs.geojson").write_text(json.dumps(inputs), encoding="utf-8")
    loaded = added.load_series(tmp_path)
    assert list(loaded.origins) == [META.id]
    problems = without_isolates("\n".join(loaded.problems))
    assert "2026-12-05-broken.geojson: not a GeoJSON FeatureCollection" in problems
    assert "must be named 2026-12-09-elsewhere.geojson" in problems
    assert "2026-12-10-inputs.geojson: a build input" in problems


def test_a_version_that_breaks_the_rules_is_left_out(tmp_path, base, new_zones):
    folder = tmp_path / "versions"
    shifted = new_zones.copy()
    shifted["geometry"] = shifted.geometry.translate(0.05, 0)  # half of it off the Strip
    added.write_version(shifted, folder)
    loaded = added.add_to_series(base, folder)
    assert loaded.origins == {}
    assert any("lies outside the Strip" in problem for problem in loaded.problems)


def test_start_problems(base):
    known = series.versions(base)
    assert added.first_ground_day(known) == FIRST
    assert added.start_problems(dt.date(2026, 12, 1), "ground", known, "x") == []
    (before,) = added.start_problems(dt.date(2025, 10, 1), "ground", known, "x")
    assert "before 2025-10-10" in before
    (clash,) = added.start_problems(dt.date(2026, 3, 15), "ground", known, "x")
    clash = without_isolates(clash)
    assert "2026-03-15-orange-zone of track 'ground' already starts on 2026-03-15" in clash


def test_the_stamp_changes_when_a_file_does(tmp_path, new_zones):
    folder = tmp_path / "versions"
    assert added.folder_stamp(folder) == ()
    path = added.write_version(new_zones, folder)
    first = added.folder_stamp(folder)
    assert [name for name, *_ in first] == [path.name]
    path.write_text(path.read_text(encoding="utf-8") + " ", encoding="utf-8")
    assert added.folder_stamp(folder) != first


def test_a_problem_is_said_again_in_the_reader_s_language(tmp_path):
    folder = tmp_path / "versions"
    folder.mkdir()
    (folder / "2026-12-05-empty.geojson").write_text('{"features": []}', encoding="utf-8")
    (problem,) = added.load_series(tmp_path).problems
    assert "the file has no features" in problem
    assert "لا يحتوي الملف على أي معالم" in in_language(problem, "ar")
