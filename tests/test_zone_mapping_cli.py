"""Zone categories for user files, and the command-line validator."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dashboard.cli import main
from dashboard.intake.user_files import read_geodata
from dashboard.zones.mapping import assign_zones, has_zones, zone_values
from tests.conftest import DATA, REPO


def loaded(name: str):
    return read_geodata((DATA / name).read_bytes(), name).gdf


def test_own_zone_column_with_unknown_values_listed_by_name():
    gdf = loaded("unknown_zone_value.geojson")
    assert has_zones(gdf)
    zoned, messages = assign_zones(gdf)
    assert list(zoned["zone"]) == ["withdrawal", None]
    assert len(zoned) == 2  # kept, not dropped
    assert "'annexed'" in messages[0].text and "1 feature(s)" in messages[0].text


def test_mapping_from_another_property():
    gdf = loaded("no_zone_property.geojson")
    assert not has_zones(gdf)
    assert zone_values(gdf, "status") == ["handed back", "held"]
    zoned, messages = assign_zones(gdf, column="status", mapping={"held": "retained"})
    assert list(zoned["zone"]) == [None, "retained"]
    assert "'handed back'" in messages[0].text


def test_one_category_for_the_whole_file():
    zoned, messages = assign_zones(loaded("no_zone_property.geojson"), single="buffer")
    assert set(zoned["zone"]) == {"buffer"} and messages == []
    with pytest.raises(ValueError):
        assign_zones(loaded("no_zone_property.geojson"), single="annexed")


def test_zone_values_normalised():
    gdf = loaded("valid_zones.geojson")
    gdf.loc[0, "zone"] = " Withdrawal "
    zoned, messages = assign_zones(gdf)
    assert zoned.loc[0, "zone"] == "withdrawal" and messages == []


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
    assert main(["frobnicate"]) == 2


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
