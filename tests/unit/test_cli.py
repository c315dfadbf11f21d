"""dashboard.cli: ``python -m dashboard validate FILE...`` prints the upload's messages."""

from __future__ import annotations

import io
import subprocess
import sys

from dashboard.cli import main, validate_file
from tests.conftest import DATA, REPO

LEVELS = ("ERROR ", "OK ", "WARNING ", "INFO ")


def test_cli_exit_status_and_messages(capsys):
    assert main(["validate", str(DATA / "valid_zones.geojson")]) == 0
    assert "OK valid_zones.geojson: 2 features usable." in capsys.readouterr().out
    assert (
        main(["validate", str(DATA / "valid_zones.geojson"), str(DATA / "truncated.geojson")]) == 1
    )
    out = capsys.readouterr().out
    assert "ERROR truncated.geojson: the file ends too early" in out
    assert main(["validate", str(DATA / "zones_israeli_grid.gpkg")]) == 0
    assert "INFO zones_israeli_grid.gpkg: reprojected from EPSG:2039" in capsys.readouterr().out
    assert main(["validate", str(DATA / "missing.geojson")]) == 1
    assert "cannot be read" in capsys.readouterr().out
    assert main(["frobnicate"]) == 2
    assert main(["validate"]) == 2


def test_zone_messages_are_printed():
    out = io.StringIO()
    assert validate_file(DATA / "unknown_zone_value.geojson", out)
    text = out.getvalue()
    assert "'annexed'" in text and "unknown_zone_value.geojson" in text
    assert text.splitlines()[-1] == "OK unknown_zone_value.geojson: 2 features usable."
    assert all(line.startswith(LEVELS) for line in text.splitlines())


def test_an_unexpected_error_is_one_line_not_a_traceback(capsys, monkeypatch):
    import dashboard.cli as cli

    def broken(*_args, **_kwargs):
        raise KeyError("bug")

    monkeypatch.setattr(cli, "read_geodata", broken)
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
    assert "WARNING self_intersecting.geojson: 1 invalid geometry(ies) repaired" in result.stdout


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
    lines = result.stdout.splitlines()
    assert all(line.startswith(LEVELS) for line in lines), lines
    assert "could not be checked" not in result.stdout  # an unforeseen exception is a bug
    verdicts = [line for line in lines if line.startswith(("ERROR ", "OK "))]
    assert len(verdicts) == len(paths)
    for path, verdict in zip(paths, verdicts, strict=True):
        assert verdict.split(" ", 1)[1].startswith(path.name), (path.name, verdict)
