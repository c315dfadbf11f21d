"""dashboard.cli: ``python -m dashboard validate|distance|zones``.

``validate`` prints an upload's messages; ``distance`` and ``zones`` answer for the zone version
in force on a date. Those two run here on a stand-in for the zone series (two versions of the
synthetic zones of ``tests/unit/zones/test_distance.py``), except one run of the real command.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import shapely

import dashboard.browser.light_data as light_data
import dashboard.cli as cli
import dashboard.zone_commands as zone_commands
from dashboard.cli import main, validate_file
from dashboard.intake.user_files import Limits
from dashboard.zones.contract import ZoneDataError
from tests.conftest import DATA, REPO
from tests.unit.browser.test_light_data import bundled_light_data
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
    assert "missing.geojson: there is no such file." in plain(capsys.readouterr().out)
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


def _validated(path, **options) -> tuple[bool, str]:
    out = io.StringIO()
    return validate_file(path, out, **options), plain(out.getvalue())


def test_validate_refuses_devices_fifos_and_folders_without_reading_them(tmp_path):
    """/dev/zero would be read until memory runs out, and a FIFO would wait for ever."""
    assert _validated(Path("/dev/zero")) == (
        False,
        "ERROR zero: not a regular file (a folder, a device or a pipe); it is not read.\n",
    )
    fifo = tmp_path / "pipe.geojson"
    os.mkfifo(fifo)  # nobody writes to it: opening it to read would block without O_NONBLOCK
    usable, text = _validated(fifo)
    assert not usable and text.startswith("ERROR pipe.geojson: not a regular file")
    folder = tmp_path / "folder.geojson"
    folder.mkdir()
    usable, text = _validated(folder)
    assert not usable and text.startswith("ERROR folder.geojson: not a regular file")


def test_validate_refuses_a_link(tmp_path):
    link = tmp_path / "zones.geojson"
    link.symlink_to(DATA / "valid_zones.geojson")
    usable, text = _validated(link)
    assert not usable
    assert text.startswith("ERROR zones.geojson: a link, not a file; it is not read")


def test_validate_reads_no_more_than_the_limit(tmp_path, monkeypatch):
    big = tmp_path / "big.geojson"
    big.write_bytes((DATA / "valid_zones.geojson").read_bytes() + b" " * 5000)
    read_sizes = []
    real_fdopen = os.fdopen

    def counting_fdopen(fd, mode="r", *args, **kwargs):
        handle = real_fdopen(fd, mode, *args, **kwargs)
        real_read = handle.read
        handle.read = lambda size=-1: read_sizes.append(size) or real_read(size)
        return handle

    monkeypatch.setattr(os, "fdopen", counting_fdopen)
    usable, text = _validated(big, limits=Limits(max_bytes=1000))
    assert not usable
    assert text.startswith("ERROR big.geojson: the file is over the limit of 0.0 MB.")
    assert read_sizes == [1001]
    assert _validated(big, limits=Limits(max_bytes=big.stat().st_size))[0]


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

    @property
    def planned(self) -> bool:
        return self.track.startswith("plan")


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

    monkeypatch.setattr(zone_commands, "load_zone_versions", lambda: ALL_ZONES)
    monkeypatch.setattr(zone_commands, "version_at", recording_version_at)
    monkeypatch.setattr(zone_commands, "zones_at", zones_at)
    monkeypatch.setattr(zone_commands, "versions", lambda zones: [FIRST, ORANGE])
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
        "held_behind_line_pct": answer["held_behind_line_pct"],
        "held_with_restricted_pct": answer["held_with_restricted_pct"],
        "version_age_days": 17,
        "note": None,  # a version of 17 days: nothing to say
    }
    # Both meanings of "held": the orange zone beyond the line counts in the second only.
    assert 0 < answer["held_behind_line_pct"] < answer["held_with_restricted_pct"]
    nearest = lat_lon(630_000, 3_472_000)
    assert answer["nearest_lat"] == pytest.approx(nearest[0], abs=1e-4)
    assert answer["nearest_lon"] == pytest.approx(nearest[1], abs=1e-4)


def test_distance_uses_the_version_of_the_date_and_today_by_default(series, capsys):
    status, out, _ = run(capsys, "distance", *POINT, "--at", "2025-11-01")
    answer = json.loads(out)
    assert status == 0
    assert answer["version_id"] == FIRST.id and answer["orange_distance_m"] is None
    assert answer["held_behind_line_pct"] == answer["held_with_restricted_pct"] > 0
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


def test_zones_replaces_a_regular_file_whole_and_leaves_no_temporary_file(series, capsys, tmp_path):
    path = tmp_path / "zones.geojson"
    path.write_text("old content that is longer than nothing")
    status, out, err = run(capsys, "zones", "--at", "2025-11-01", "-o", str(path))
    assert (status, out, err) == (0, "", "")
    assert json.loads(path.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    assert [p.name for p in tmp_path.iterdir()] == ["zones.geojson"]
    assert path.stat().st_mode & 0o777 == 0o666 & ~_current_umask()


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_zones_refuses_a_link_and_leaves_its_target_untouched(series, capsys, tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "zones.geojson"
    link.symlink_to(target)
    status, out, err = run(capsys, "zones", "-o", str(link))
    assert (status, out) == (2, "")
    assert err.startswith(f"ERROR Cannot write {link}: it is a link")
    assert target.read_text() == "keep me" and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["precious.txt", "zones.geojson"]


def test_zones_refuses_a_fifo_and_a_folder(series, capsys, tmp_path):
    fifo = tmp_path / "pipe.geojson"
    os.mkfifo(fifo)  # no reader: writing through it would block for ever
    status, _, err = run(capsys, "zones", "-o", str(fifo))
    assert status == 2 and "it is not a regular file" in err
    status, _, err = run(capsys, "zones", "-o", str(tmp_path))
    assert status == 2 and "it is not a regular file" in err
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.geojson"]


def test_unreadable_bundled_zones_are_status_1(series, capsys, monkeypatch):
    def broken():
        raise ZoneDataError("zones.geojson, feature 3: zone 'annexed' is not one of ...")

    monkeypatch.setattr(zone_commands, "load_zone_versions", broken)
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


def test_an_old_version_is_said_to_be_the_last_mapped_in_both_commands(series, capsys):
    """Shown 267 days after it began, the version is the last mapped state: both outputs
    carry its age and the note, with the shares reported since (the bundled figures)."""
    status, out, _ = run(capsys, "distance", *POINT, "--at", "2026-12-07")
    answer = json.loads(out)
    assert status == 0 and answer["version_age_days"] == 267
    note = answer["note"]
    assert note.startswith("Last mapped 15 Mar 2026, drawn from reports: 267 days before ")
    assert "with the orange restricted zone" in note and "Nothing was found for " in note
    status, out, _ = run(capsys, "zones", "--at", "2026-12-07")
    collection = json.loads(out)
    assert status == 0 and collection["type"] == "FeatureCollection"
    assert collection["version_age_days"] == 267 and collection["note"] == note
    assert collection["version_id"] == ORANGE.id and collection["at"] == "2026-12-07"
    held = (collection["held_behind_line_pct"], collection["held_with_restricted_pct"])
    assert held == (answer["held_behind_line_pct"], answer["held_with_restricted_pct"])


def test_a_recent_version_has_its_age_and_no_note(series, capsys):
    status, out, _ = run(capsys, "zones", "--at", "2026-04-14")  # 30 days: still recent
    collection = json.loads(out)
    assert status == 0 and (collection["version_age_days"], collection["note"]) == (30, None)


@pytest.mark.parametrize(
    ("command", "fragments"),
    [
        ([], ["validate", "distance", "zones"]),
        (["distance"], ["LAT", "LON", "--at DATE", "rounded to 10 m", "version_age_days"]),
        (["zones"], ["--at DATE", "-o FILE", "RFC 7946", "default: today", "note"]),
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
    age = (dt.date.today() - dt.date.fromisoformat(answer["version_valid_from"])).days
    assert answer["version_age_days"] == age
    assert (answer["note"] or "").startswith("Last mapped ") == (age > 30)
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


def test_validate_refuses_a_crs_that_names_a_server_file(capsys):
    status = main(
        ["validate", str(DATA / "shapefile_without_prj.zip"), "--crs", "+init=/etc/passwd:root"]
    )
    out = plain(capsys.readouterr().out)
    assert status == 1
    assert "'+init=/etc/passwd:root' refers to files of the server" in out


def test_validate_refuses_the_geoparquet_that_crashed_it(capsys, tmp_path):
    """Issue 19: validate died with signal 11 and no message on this 600-byte file."""
    from tests.data.make_hostile_files import deep_collection_parquet

    path = deep_collection_parquet(tmp_path / "deep.parquet")
    assert main(["validate", str(path)]) == 1
    assert "nests collections inside collections" in capsys.readouterr().out


def test_publish_writes_the_folder_and_the_single_file(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(light_data, "light_data", bundled_light_data)
    status, out, err = run(
        capsys, "publish", str(tmp_path / "site"), "--single-file", str(tmp_path / "map.html")
    )
    assert (status, err) == (0, "")
    assert (tmp_path / "site" / "index.html").is_file()
    assert 0 < (tmp_path / "map.html").stat().st_size <= 1_000_000
    assert f"Wrote {tmp_path / 'map.html'} (" in out and "to " + str(tmp_path / "site") in out


def test_publish_without_a_target_or_to_an_unwritable_place_is_status_2(capsys, tmp_path):
    status, out, err = run(capsys, "publish")
    assert (status, out) == (2, "") and "--single-file FILE" in err
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    status, out, err = run(capsys, "publish", "--single-file", str(blocker / "map.html"))
    assert (status, out) == (2, "") and f"Cannot write {blocker / 'map.html'}" in err


def test_a_distance_near_the_line_on_the_other_side_carries_the_drift_warning(capsys):
    status, out, _ = run(capsys, "distance", "31.52", "34.47", "--at", "2026-05-01")
    answer = json.loads(out)
    assert (status, answer["side"], answer["distance_m"]) == (0, "other side", 710)
    assert "940 m beyond the mapped line" in answer["drift_warning"]
    assert "cannot say whether a place is safe" in answer["drift_warning"]
