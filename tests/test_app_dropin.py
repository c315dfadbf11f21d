"""Drop-in files through the page (AppTest): they appear, change, break and disappear."""

from __future__ import annotations

import hashlib
import re
import shutil

from tests.conftest import DATA


def expander_labels(at) -> list[str]:
    return [e.label for e in at.sidebar.expander]


def test_dropin_lifecycle(app_test, tmp_path, monkeypatch):
    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    at = app_test.run()
    assert not any(label.startswith("Drop-in") for label in expander_labels(at))

    target = tmp_path / "update.geojson"
    shutil.copy(DATA / "valid_zones.geojson", target)
    at.run()
    assert "Drop-in: update\\.geojson" in expander_labels(at)  # labels are markdown
    assert any(s.value == "Compare: update" for s in at.subheader)

    target.write_text("{ broken")
    at.run()
    assert any("not valid JSON" in e.value for e in at.sidebar.error)
    assert not at.exception

    target.unlink()
    at.run()
    assert not any("update" in label for label in expander_labels(at))


def test_hostile_dropin_is_escaped_in_the_details_panel(app_test, tmp_path, monkeypatch):
    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    path = tmp_path / "hostile.geojson"
    shutil.copy(DATA / "hostile.geojson", path)
    key = "d" + hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10]
    at = app_test.run()
    at.session_state["selected_fid"] = f"{key}:0"
    at.run()
    assert not at.exception
    shown = [m.value for m in at.markdown if "Hostile" in m.value or "pwned" in m.value]
    assert shown, "the details panel shows the hostile feature"
    for value in shown:
        # Every markup character from the file is backslash-escaped: shown, never rendered.
        assert re.search(r"(?<!\\)[<>\[\]]", value) is None, value
