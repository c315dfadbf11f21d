"""dashboard.cli: ``python -m dashboard validate|distance|zones``.

``validate`` prints an upload's messages; ``distance`` and ``zones`` answer for the zone version
in force on a date. Those two run here on a stand-in for the zone series (two versions of the
synthetic zones of ``tests/unit/zones/test_distance.py``), except one run of the real command.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from dataclasses import dataclass

import pandas as pd
import pytest
import shapely

import dashboard.cli as cli
from dashboard.cli import main, validate_file
from dashboard.zones.contract import ZoneDataError
from tests.conftest import DATA, REPO
from tests.unit.zones.test_distance import lat_lon, make_zones

LEVELS = ("ERROR ", "OK ", "WARNING ", "INFO ")
BIDI_ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))


def plain(text: str) -> str:
    """``text`` as read on screen: without the invisible isolates around names from files."""
    return text.translate(BIDI_ISOLATES)


def test_cli_exit_status_and_messages(capsys):
    assert main(["validate", str(DATA / "valid_zones.geojson")]) == 0
    assert "OK valid_zones.geojson: 2 features usable." in capsys.readouterr().out
    assert (
        main(["validate", str(DATA / "valid_zones.geojson"), str(DATA / "truncated.geojson")]) == 1
    )
    out = plain(capsys.readouterr().out)
    assert "ERROR truncated.geojson: the file ends too early" in out
    assert main(["validate", str(DATA / "zones_israeli_grid.gpkg")]) == 0
    out = plain(capsys.readouterr().out)
    assert "INFO zones_israeli_grid.gpkg: reprojected from EPSG:2039" in out
    assert main(["validate", str(DATA / "missing.geojson")]) == 1
    assert "cannot be read" in capsys.readouterr().out
    assert main(["frobnicate"]) == 2
    assert main(["validate"]) == 2


def test_zone_messages_are_printed():
    out = io.StringIO()
    assert validate_file(DATA / "unknown_zone_value.geojson", out)
    text = plain(out.getvalue())
    assert "'annexed'" in text and "unknown_zone_value.geojson" in text
    assert text.splitlines()[-1] == "OK unknown_zone_value.geojson: 2 features usable."
    assert all(line.startswith(LEVELS) for line in text.splitlines())


def test_an_unexpected_error_is_one_line_not_a_traceback(capsys, monkeypatch):
    def broken(*_args, **_kwargs):
        raise KeyError("bug")

    monkeypatch.setattr(cli, "read_isolated", broken)
    assert main(["validate", str(DATA / "valid_zones.geojson")]) == 1
    assert (
        capsys.readouterr().out == "ERROR valid_zones.geojson: could not be checked (KeyError).\n"
    )


def test_cli_as_a_module():
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "validate", str(DATA / "self_intersecting.geojson")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    out = plain(result.stdout)
    assert "WARNING self_intersecting.geojson: 1 invalid geometry(ies) repaired" in out


def test_hostile_files_get_messages_never_a_traceback():
    """Every sample of the security review, in one run of the command (one process)."""
    paths = sorted((DATA / "hostile").glob("*.*"))
    paths = [p for p in paths if p.suffix in (".geojson", ".json", ".zip", ".kml", ".gpkg")]
    assert len(paths) >= 15
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "validate", *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == 1  # most are refused
    lines = plain(result.stdout).splitlines()
    assert all(line.startswith(LEVELS) for line in lines), lines
    assert "could not be checked" not in result.stdout  # an unforeseen exception is a bug
    verdicts = [line for line in lines if line.startswith(("ERROR ", "OK "))]
    assert len(verdicts) == len(paths)
    for path, verdict in zip(paths, verdicts, strict=True):
        assert verdict.split(" ", 1)[1].startswith(path.name), (path.name, verdict)


# --- distance and zones, on a stand-in series ---------------------------------------------


@dataclass(frozen=True)
class Version:
    """What the commands read of ``dashboard.zones.series.Version``."""

    id: str
    valid_from: dt.date
    valid_to: dt.date | None
    kind: str = "reported"
    label: str = ""
    track: str = "ground"


class BeforeFirstVersion(ValueError):
    """Stands for ``series.NoVersionError``: a ValueError with a message for the user."""


FIRST = Version("2025-10-10", dt.date(2025, 10, 10), dt.date(2026, 3, 15), label="First")
ORANGE = Version("2026-03-15", dt.date(2026, 3, 15), None, label="Orange")  # has an orange zone
ALL_ZONES = pd.concat(
    [make_zones(orange=False, version=FIRST.id), make_zones(version=ORANGE.id)],
    ignore_index=True,
)
WITHDRAWAL = lat_lon(625_000, 3_472_000)  # 5 km west of the line, 1 km west of the orange zone
POINT = [f"{WITHDRAWAL[0]:.6f}", f"{WITHDRAWAL[1]:.6f}"]


def version_at(zones, when, track="ground"):
    if track != "ground":
        raise BeforeFirstVersion(f"There is no track '{track}'; the zones have ground.")
    if when < FIRST.valid_from:
        raise BeforeFirstVersion(f"No zones before {FIRST.valid_from}: pick a later date.")
    return FIRST if when < ORANGE.valid_from else ORANGE


def zones_at(zones, when, track="ground"):
    return zones[zones["version"] == version_at(zones, when, track).id].reset_index(drop=True)


@pytest.fixture
def series(monkeypatch):
    """The commands read the stand-in series; returns the dates they asked for."""
    asked = []

    def recording_version_at(zones, when, track="ground"):
        asked.append(when)
        return version_at(zones, when, track)

    monkeypatch.setattr(cli, "load_zone_versions", lambda: ALL_ZONES)
    monkeypatch.setattr(cli, "version_at", recording_version_at)
    monkeypatch.setattr(cli, "zones_at", zones_at)
    return asked


def run(capsys, *argv) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_distance_prints_one_json_object(series, capsys):
    status, out, err = run(capsys, "distance", *POINT, "--at", "2026-04-01")
    assert (status, err) == (0, "")
    assert out.count("\n") == 1
    answer = json.loads(out)
    assert answer == {
        "lat": float(POINT[0]),
        "lon": float(POINT[1]),
        "side": "other side",
        "distance_m": 5_000,
        "nearest_lat": answer["nearest_lat"],
        "nearest_lon": answer["nearest_lon"],
        "orange_distance_m": 1_000,
        "drift_warning": None,  # 5 km from the line: beyond the reported drift
        "version_id": ORANGE.id,
        "version_label": ORANGE.label,
        "version_valid_from": "2026-03-15",
        "version_valid_to": None,
        "at": "2026-04-01",
    }
    nearest = lat_lon(630_000, 3_472_000)
    assert answer["nearest_lat"] == pytest.approx(nearest[0], abs=1e-4)
    assert answer["nearest_lon"] == pytest.approx(nearest[1], abs=1e-4)


def test_distance_uses_the_version_of_the_date_and_today_by_default(series, capsys):
    status, out, _ = run(capsys, "distance", *POINT, "--at", "2025-11-01")
    answer = json.loads(out)
    assert status == 0
    assert answer["version_id"] == FIRST.id and answer["orange_distance_m"] is None
    assert answer["version_valid_to"] == "2026-03-15"
    status, out, _ = run(capsys, "distance", *POINT)
    assert status == 0
    assert series[-1] == dt.date.today() and json.loads(out)["at"] == dt.date.today().isoformat()


BAD_INPUTS = [
    (["distance", "abc", "34.4"], "latitude 'abc' is not a number"),
    (["distance", "NaN", "34.4"], "latitude 'NaN' is not a finite number"),
    (["distance", "91", "34.4"], "latitude 91 is out of range"),
    (["distance", POINT[0], "181"], "longitude 181 is out of range"),
    (["distance", POINT[0], "inf"], "not a finite number"),
    (["distance", POINT[0]], "required: LON"),
    (["distance", *POINT, "--at", "2026-13-01"], "'2026-13-01' is not a date"),
    (["distance", *POINT, "--at", "yesterday"], "give it as YYYY-MM-DD"),
    (["distance", *POINT, "--at", ""], "is not a date"),
    (["distance", *POINT, "--track", "phase-9"], "There is no track 'phase-9'"),
    (["distance", *POINT, "--at", "2025-01-01"], "No zones before 2025-10-10"),
    (["distance", "31.6", "34.2"], "outside the Gaza Strip"),
    (["distance", POINT[1], POINT[0]], "look swapped"),
    (["zones", "--at", "2025-01-01"], "No zones before 2025-10-10"),
    (["zones", "--at", "25/12/2025"], "is not a date"),
    (["zones", "--since", "2025-12-25"], "unrecognized arguments"),
]


@pytest.mark.parametrize(("argv", "message"), BAD_INPUTS, ids=[" ".join(a) for a, _ in BAD_INPUTS])
def test_bad_input_is_a_message_and_status_2(series, capsys, argv, message):
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_an_output_file_that_cannot_be_written(series, capsys, tmp_path):
    status, out, err = run(capsys, "zones", "-o", str(tmp_path / "missing" / "zones.geojson"))
    assert (status, out) == (2, "")
    assert err.startswith("ERROR Cannot write ") and "zones.geojson" in err


def test_unreadable_bundled_zones_are_status_1(series, capsys, monkeypatch):
    def broken():
        raise ZoneDataError("zones.geojson, feature 3: zone 'annexed' is not one of ...")

    monkeypatch.setattr(cli, "load_zone_versions", broken)
    status, out, err = run(capsys, "distance", *POINT)
    assert (status, out) == (1, "")
    assert "The bundled zones cannot be read: zones.geojson, feature 3" in err


def test_zones_writes_rfc7946_geojson_of_the_date(series, capsys):
    status, out, err = run(capsys, "zones", "--at", "2026-04-01")
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert data["type"] == "FeatureCollection" and "crs" not in data
    expected = zones_at(ALL_ZONES, dt.date(2026, 4, 1))
    assert len(data["features"]) == len(expected) == 5
    assert {f["properties"]["version"] for f in data["features"]} == {ORANGE.id}
    for feature, geometry in zip(data["features"], expected.geometry, strict=True):
        # Coordinates as stored: the same floats, not rounded.
        assert feature["geometry"]["coordinates"] == json.loads(
            json.dumps(shapely.geometry.mapping(geometry)["coordinates"])
        )


def test_zones_to_a_file_that_validate_accepts(series, capsys, tmp_path):
    path = tmp_path / "zones-2025-11-01.geojson"
    status, out, err = run(capsys, "zones", "--at", "2025-11-01", "-o", str(path))
    assert (status, out, err) == (0, "", "")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert {f["properties"]["version"] for f in data["features"]} == {FIRST.id}
    assert main(["validate", str(path)]) == 0
    assert f"OK {path.name}: 4 features usable." in capsys.readouterr().out


def test_zones_defaults_to_today(series, capsys):
    status, out, _ = run(capsys, "zones")
    assert status == 0 and series == [dt.date.today()]
    assert json.loads(out)["type"] == "FeatureCollection"


@pytest.mark.parametrize(
    ("command", "fragments"),
    [
        ([], ["validate", "distance", "zones"]),
        (["distance"], ["LAT", "LON", "--at DATE", "rounded to 10 m", "Exit status"]),
        (["zones"], ["--at DATE", "-o FILE", "RFC 7946", "default: today"]),
    ],
)
def test_help_is_written_for_users(capsys, command, fragments):
    status, out, _ = run(capsys, *command, "--help")
    assert status == 0
    text = " ".join(out.split())
    for fragment in fragments:
        assert fragment in text


def test_distance_as_a_module():
    """The real command, on the bundled zones: a point in Gaza City, east of the coast."""
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "distance", "31.42", "34.38"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["side"] in ("Israeli-held side", "other side")
    assert answer["distance_m"] % 10 == 0 and answer["distance_m"] >= 0
    assert answer["at"] == dt.date.today().isoformat()
    assert result.stderr == ""


def test_validate_names_unknown_zone_values_and_takes_crs_and_swap_axes(capsys):
    assert main(["validate", str(DATA / "unknown_zone_value.geojson")]) == 0
    out = capsys.readouterr().out
    assert "not a category ('annexed')" in out
    assert "\u2068" not in out  # no invisible isolate marks in a terminal

    assert main(["validate", str(DATA / "projected_no_crs.geojson")]) == 1
    assert "--crs" in capsys.readouterr().out
    assert main(["validate", "--crs", "EPSG:2039", str(DATA / "projected_no_crs.geojson")]) == 0
    assert "read with the CRS you gave (EPSG:2039)" in capsys.readouterr().out

    assert main(["validate", str(DATA / "swapped_axes.geojson")]) == 1
    assert "--swap-axes" in capsys.readouterr().out
    assert main(["validate", "--swap-axes", str(DATA / "swapped_axes.geojson")]) == 0
    assert "swapped back" in capsys.readouterr().out


def test_zones_carry_both_held_figures(series, capsys, monkeypatch):
    status, out, _ = run(capsys, "zones", "--at", "2026-04-01")
    held = json.loads(out)["held_shares"]
    assert status == 0
    assert set(held) == {"behind_line_km2", "behind_line_pct", "with_orange_km2", "with_orange_pct"}
    assert held["with_orange_km2"] > held["behind_line_km2"]  # the stand-in has an orange zone


def test_a_distance_near_the_line_on_the_other_side_carries_the_drift_warning(capsys):
    status, out, _ = run(capsys, "distance", "31.52", "34.47", "--at", "2026-05-01")
    answer = json.loads(out)
    assert (status, answer["side"], answer["distance_m"]) == (0, "other side", 710)
    assert "940 m beyond the mapped line" in answer["drift_warning"]
    assert "cannot say whether a place is safe" in answer["drift_warning"]
