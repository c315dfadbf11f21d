"""A version added to the data directory (AppTest): on the slider at the next interaction,
said to come from there, in the areas table; a broken version file named and left out."""

from __future__ import annotations

import datetime as dt

from dashboard import cli
from tests.conftest import DATA

ADDED_DAY = dt.date(2026, 12, 1)
ADDED_TEXT = "1 Dec 2026"  # as the slider shows it
LABEL = "1 Dec 2026: line 250 m deeper"


def add_example(folder) -> int:
    return cli.main(
        [
            "versions", "add", str(DATA / "held_side_example.geojson"),
            "--from", ADDED_DAY.isoformat(), "--kind", "reported",
            "--source", "Test drawing, 1 Dec 2026", "--label", LABEL,
            "--data-dir", str(folder),
        ]
    )  # fmt: skip


def test_a_version_added_to_the_data_dir_appears_without_a_restart(app_test, tmp_path, monkeypatch):
    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    at = app_test.run()
    assert ADDED_TEXT not in at.select_slider(key="zone_date").options
    assert add_example(tmp_path) == 0

    at.run()  # the next interaction
    slider = at.select_slider(key="zone_date")
    assert ADDED_TEXT in slider.options
    slider.set_value(ADDED_DAY).run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any("line 250 m deeper" in c and "In force on 1 Dec 2026" in c for c in captions)
    assert any("Added from the data directory" in c for c in captions)
    # The areas table is of that version.
    assert any("line 250 m deeper" in s.value for s in at.subheader)
    # The bundled version before it now ends where it begins.
    at.select_slider(key="zone_date").set_value(dt.date(2026, 3, 15)).run()
    assert any("to 1 Dec 2026" in c.value for c in at.caption)


def test_a_broken_version_file_is_named_and_left_out(app_test, tmp_path, monkeypatch):
    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    assert add_example(tmp_path) == 0
    (tmp_path / "versions" / "2026-12-05-broken.geojson").write_text("{ not json")
    at = app_test.run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("broken" in w and "not a GeoJSON" in w for w in warnings), warnings
    assert ADDED_TEXT in at.select_slider(key="zone_date").options
