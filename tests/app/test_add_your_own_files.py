"""Adding your own files (AppTest): drop-in files appear, change, break and disappear;
what is too large is refused with a message."""

from __future__ import annotations

import hashlib
import re
import shutil

from tests.app.conftest import map_components
from tests.app.conftest import walk_elements as walk
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


def test_dropin_link_to_a_device_is_skipped_and_the_page_works(app_test, tmp_path, monkeypatch):
    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    (tmp_path / "mem.geojson").symlink_to("/proc/self/mem")
    (tmp_path / "passwd.geojson").symlink_to("/etc/passwd")
    shutil.copy(DATA / "valid_zones.geojson", tmp_path / "good.geojson")
    at = app_test.run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.sidebar.warning)
    assert "mem\\.geojson" in warnings and "is a link" in warnings
    assert "passwd\\.geojson" in warnings
    labels = expander_labels(at)
    assert "Drop-in: good\\.geojson" in labels
    assert not any("mem" in label or "passwd" in label for label in labels)
    assert map_components(at), "the map still renders"


def test_missing_data_folder_is_reported(app_test, tmp_path, monkeypatch):
    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path / "nowhere"))
    at = app_test.run()
    assert not at.exception
    assert any("does not exist" in w.value for w in at.sidebar.warning)


def test_layer_too_heavy_for_the_browser_is_refused(app_test, tmp_path, monkeypatch):
    import dashboard.ui.uploads as uploads

    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(uploads, "MAX_LAYER_PAYLOAD_BYTES", 100)
    shutil.copy(DATA / "valid_zones.geojson", tmp_path / "heavy.geojson")
    at = app_test.run()
    assert not at.exception
    assert any("too heavy to draw" in e.value for e in at.sidebar.error)


def test_uploader_states_the_enforced_limit(app_test):
    from dashboard.config import MAX_UPLOAD_MB

    at = app_test.run()
    uploader = [e for e in walk(at._tree) if getattr(e, "type", None) == "file_uploader"]
    assert uploader, "the page has an uploader"
    proto = uploader[0].proto
    assert proto.max_upload_size_mb == MAX_UPLOAD_MB
    assert f"Up to {MAX_UPLOAD_MB} MB" in proto.help
