"""A user's zone file compared with the bundled zones (AppTest): the changed areas can be
clicked for details, and the HTML download carries the same layers as the page's map."""

from __future__ import annotations

import hashlib
import shutil

from dashboard.ui import main_map, user_layers
from tests.conftest import DATA


def _dropin_key(path) -> str:
    return "d" + hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10]


def _with_changes_shown(app_test, tmp_path, monkeypatch):
    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    path = tmp_path / "update.geojson"
    shutil.copy(DATA / "valid_zones.geojson", path)
    key = _dropin_key(path)
    at = app_test.run()
    at.toggle(key=f"{key}_changes").set_value(True).run()
    assert not at.exception
    return at, key


def test_a_changed_area_shows_its_details_when_clicked(app_test, tmp_path, monkeypatch):
    at, key = _with_changes_shown(app_test, tmp_path, monkeypatch)
    at.session_state["selected_fid"] = f"{key}-changes:0"
    at.run()
    assert not at.exception
    details = [m.value for m in at.markdown]
    assert any(v.startswith("**Area:**") for v in details), details
    assert not any("Click a zone" in c.value for c in at.caption), "a feature is selected"


def test_the_download_carries_the_layers_of_the_page(app_test, tmp_path, monkeypatch):
    drawn: list = []
    downloaded: list = []
    real_draw, real_downloads = main_map.draw_map, user_layers.downloads

    def spy_draw(fmap, specs, **kwargs):
        drawn.append([key for key, _ in specs])
        return real_draw(fmap, specs, **kwargs)

    def spy_downloads(zones, layers, shown):
        downloaded.append([key for key, _ in layers])
        return real_downloads(zones, layers, shown)

    monkeypatch.setattr(main_map, "draw_map", spy_draw)
    monkeypatch.setattr(user_layers, "downloads", spy_downloads)
    at, key = _with_changes_shown(app_test, tmp_path, monkeypatch)
    at.session_state["selected_event"] = "ceasefire-in-effect"
    at.run()
    assert not at.exception
    assert drawn and downloaded
    # Every layer shown on the page, in the page's order. The page's map also has its legend
    # control (the download carries its own legend in its caption) and its buttons' words
    # in the page's language (browser.map_words), and every zone and
    # reference layer, which the map shows or hides as their toggles say: those left out
    # of the download are such switched layers (the hidden references, and the band of
    # reported drift beyond the line, off by default).
    page = [key for key in drawn[-1] if key[0] not in ("legend", "words")]
    plain = [key[:-1] if key[-1] == "switched" else key for key in page]
    assert [key for key in plain if key in downloaded[-1]] == downloaded[-1]
    left_out = [raw for raw, key in zip(page, plain, strict=True) if key not in downloaded[-1]]
    assert left_out and all(
        key[-1] == "switched" and (key[0] == "ref" or key[:2] == ("bundled", "drift"))
        for key in left_out
    )
    assert drawn[-1][-1][0] == "legend"
    kinds = {k[0] for k in downloaded[-1]}
    assert {"user", "changes", "bundled", "ref", "highlight"} <= kinds, kinds


def test_a_dated_zone_file_is_compared_with_the_version_of_its_date(
    app_test, tmp_path, monkeypatch
):
    import datetime as dt

    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    path = tmp_path / "update.geojson"
    shutil.copy(DATA / "valid_zones.geojson", path)
    key = _dropin_key(path)
    at = app_test.run()
    assert not any("19 Oct 2025" in c.value for c in at.caption if c.value.startswith("With "))
    at.date_input(key=f"{key}_dated").set_value(dt.date(2025, 10, 25)).run()
    assert not at.exception
    captions = [c.value for c in at.caption if c.value.startswith("With the bundled zones")]
    assert captions and "19 Oct 2025" in captions[0], captions


def test_a_file_with_dates_follows_the_date_control(app_test, tmp_path, monkeypatch):
    import datetime as dt
    import json

    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    data = json.loads((DATA / "valid_zones.geojson").read_text())
    total = len(data["features"])
    data["features"][0]["properties"]["reported"] = "2025-10-01"
    for feature in data["features"][1:]:
        feature["properties"]["reported"] = "2026-02-01"
    path = tmp_path / "dated.geojson"
    path.write_text(json.dumps(data))
    key = _dropin_key(path)
    at = app_test.run()
    at.selectbox(key=f"{key}_date_column").set_value("reported").run()
    assert not at.exception

    def shown() -> str:
        return next(c.value for c in at.caption if "dated on or before" in c.value)

    assert shown().startswith(f"{total:,} of {total:,}")  # the latest date: all of them
    at.select_slider(key="zone_date").set_value(dt.date(2025, 10, 10)).run()
    assert not at.exception
    assert shown().startswith(f"1 of {total:,}") and "10 Oct 2025" in shown()


def test_a_comparison_that_fails_says_so_in_words(app_test, tmp_path, monkeypatch):
    def fails(*_args, **_kwargs):
        raise KeyError("version")

    monkeypatch.setattr(user_layers, "_compare_one", fails)
    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    shutil.copy(DATA / "valid_zones.geojson", tmp_path / "update.geojson")
    at = app_test.run()
    at.run()  # the second run draws the panels
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "The comparison could not be computed (the app itself failed on it" in errors
    assert "KeyError" not in errors
