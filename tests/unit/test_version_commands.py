"""dashboard.version_commands: ``python -m dashboard versions add|list|check``, through the
command line's ``main``: a version added to a data directory is used by ``zones`` and
``distance``; bad inputs are refused with a message and exit status 2."""

from __future__ import annotations

import json

import pytest
import shapely

from dashboard.cli import main
from tests.conftest import DATA

EXAMPLE = DATA / "held_side_example.geojson"


def add(folder, *, file=EXAMPLE, day="2026-12-01", source="Test drawing, 1 Dec 2026"):
    argv = ["versions", "add", str(file), "--from", day, "--kind", "reported",
            "--label", "1 Dec 2026: line 250 m deeper", "--data-dir", str(folder)]  # fmt: skip
    return main([*argv, "--source", source] if source is not None else argv)


def test_a_version_added_from_a_held_side_is_used_by_zones_and_distance(tmp_path, capsys):
    assert add(tmp_path) == 0
    out = capsys.readouterr().out
    assert "Added 2026-12-01-line-250-m-deeper (reported, from 2026-12-01)" in out
    assert "held: behind the line 59.4 %; with the orange restricted zone 59.4 %" in out
    assert "Since 2026-03-15-orange-zone: behind the line +" in out
    assert "municipalities whose share behind the line changed by more than 1 point" in out
    written = tmp_path / "versions" / "2026-12-01-line-250-m-deeper.geojson"
    assert written.is_file()

    assert main(["zones", "--at", "2026-12-02", "--data-dir", str(tmp_path)]) == 0
    zones = json.loads(capsys.readouterr().out)["features"]
    assert {f["properties"]["version"] for f in zones} == {"2026-12-01-line-250-m-deeper"}
    assert (
        main(["distance", "31.42", "34.38", "--at", "2026-11-30", "--data-dir", str(tmp_path)]) == 0
    )
    before = json.loads(capsys.readouterr().out)
    assert before["version_id"] == "2026-03-15-orange-zone"
    assert before["version_valid_to"] == "2026-12-01"  # ended by the added version

    assert main(["versions", "list", "--data-dir", str(tmp_path)]) == 0
    listing = capsys.readouterr().out
    assert "2026-03-15-orange-zone           2026-03-15 – 2026-11-30" in listing
    assert "56.0 % /  67.0 %" in listing  # behind the line / with the orange zone
    assert "2026-12-01-line-250-m-deeper     2026-12-01 – latest" in listing
    assert f"added: {written}" in listing and "bundled" in listing

    assert main(["versions", "check", str(tmp_path)]) == 0
    assert "OK 2026-12-01-line-250-m-deeper.geojson" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"source": None}, "give the version's source with --source"),
        ({"source": "  "}, "give the version's source with --source"),
        ({"day": "2026-02-30"}, "--from: '2026-02-30' is not a date"),
        ({"day": "2025-10-09"}, "2025-10-09 is before 2025-10-10"),
        ({"day": "2026-03-15"}, "version 2026-03-15-orange-zone of track 'ground' already starts"),
    ],
)
def test_bad_inputs_are_refused_with_status_2(tmp_path, capsys, change, message):
    assert add(tmp_path, **change) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("ERROR ") and message in err
    assert not (tmp_path / "versions").exists()


def test_a_file_outside_the_strip_or_too_small_is_refused(tmp_path, capsys):
    tiny = tmp_path / "tiny.geojson"
    shape = shapely.Point(34.45, 31.5).buffer(0.005)
    feature = {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(shape)}
    tiny.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    assert add(tmp_path, file=tiny) == 2
    assert "covers 0.23 % of the Strip, less than 1 %" in capsys.readouterr().err
    assert add(tmp_path, file=DATA / "other_country.geojson") == 2
    assert "outside" in capsys.readouterr().err
    assert add(tmp_path) == 0
    capsys.readouterr()
    assert add(tmp_path) == 2  # the same day again
    assert "already starts on 2026-12-01" in capsys.readouterr().err


def test_check_names_a_hand_edited_file_with_its_problem(tmp_path, capsys):
    folder = tmp_path / "versions"
    folder.mkdir()
    (folder / "2026-12-05-hand-edited.geojson").write_text('{"type": "FeatureCollection"}')
    assert main(["versions", "check", str(tmp_path)]) == 1
    assert "ERROR 2026-12-05-hand-edited.geojson: not a GeoJSON" in capsys.readouterr().out


def test_an_orange_zone_marked_in_the_file_is_kept(tmp_path, capsys):
    held = shapely.geometry.shape(json.loads(EXAMPLE.read_text())["features"][0]["geometry"])
    band = held.buffer(0.007).difference(held)  # about 700 m beyond the line
    features = [
        {"type": "Feature", "properties": props, "geometry": shape.__geo_interface__}
        for props, shape in (({"name": "held"}, held), ({"restriction": "orange"}, band))
    ]
    drawn = tmp_path / "with_orange.geojson"
    drawn.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    assert add(tmp_path, file=drawn) == 0
    assert (
        "held: behind the line 59.4 %; with the orange restricted zone 6" in capsys.readouterr().out
    )
    written = tmp_path / "versions" / "2026-12-01-line-250-m-deeper.geojson"
    zones = json.loads(written.read_text(encoding="utf-8"))["features"]
    orange = [f for f in zones if f["properties"]["restriction"] == "orange"]
    assert len(orange) == 1 and orange[0]["properties"]["zone"] == "buffer"
