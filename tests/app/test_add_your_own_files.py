"""Adding your own files (AppTest): drop-in files appear, change, break and disappear;
what is too large is refused with a message."""

from __future__ import annotations

import hashlib
import json
import re
import shutil

from tests.app.conftest import map_components
from tests.app.conftest import walk_elements as walk
from tests.conftest import DATA
from tests.markdown_text import text_of


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
    # Every visitor sees these: the file is named, the server's folder never.
    assert tmp_path.name not in warnings


def test_dropin_warnings_do_not_show_the_servers_folder(app_test, tmp_path, monkeypatch):
    folder = tmp_path / "secret-data-folder"
    folder.mkdir()
    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(folder))
    (folder / "sub.geojson").mkdir()
    at = app_test.run()
    warnings = " ".join(w.value for w in at.sidebar.warning)
    assert "sub\\.geojson" in warnings and "not a regular file" in warnings
    assert "secret" not in warnings


def test_missing_data_folder_is_reported(app_test, tmp_path, monkeypatch):
    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path / "nowhere"))
    at = app_test.run()
    assert not at.exception
    assert any("does not exist" in w.value for w in at.sidebar.warning)
    assert not any("nowhere" in w.value for w in at.sidebar.warning)


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


# --- issue 9: what the page says about a file, and where it asks -----------------------------


def panel(at, name: str):
    """The sidebar expander of the drop-in file ``name`` (labels are Markdown)."""
    (found,) = [e for e in at.sidebar.expander if e.label == f"Drop-in: {name}"]
    return found


def test_unknown_zone_values_are_named_and_can_be_mapped(app_test, tmp_path, monkeypatch):
    """Every `zone` is unknown ('green_zone'): the page says so (not "no `zone` property")
    and offers to map the values, with `zone` preselected."""
    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    doc = json.loads((DATA / "unknown_zone_value.geojson").read_text(encoding="utf-8"))
    for feature in doc["features"]:
        feature["properties"]["zone"] = "green_zone"
    (tmp_path / "green.geojson").write_text(json.dumps(doc), encoding="utf-8")
    at = app_test.run()
    assert not at.exception
    warnings = [text_of(w.value) for w in at.sidebar.warning]
    assert any(
        w.startswith("2 feature(s) have a `zone` that is not a category ('\u2068green_zone\u2069')")
        for w in warnings
    ), warnings
    how = next(r for r in at.sidebar.radio if r.key and r.key.endswith("_zone_how"))
    assert "no `zone` property" not in how.label
    assert how.value == "From a property"
    column = next(s for s in at.sidebar.selectbox if s.key and s.key.endswith("_zone_column"))
    assert column.value == "zone"
    (value,) = [s for s in at.sidebar.selectbox if s.label.endswith("→")]
    assert "green\\_zone" in value.label
    value.set_value("retained").run()
    assert not at.exception
    assert any(s.value == "Compare: green" for s in at.subheader)  # now zoned
    assert not any("not a category" in w.value for w in at.sidebar.warning)  # no longer true


def test_a_geojson_in_metres_gets_the_crs_field(app_test, tmp_path, monkeypatch):
    """A GeoJSON in metres has no usable CRS (GDAL labels it EPSG:4326): the panel asks for
    one, reads the file with it, and stays open throughout (its arguments never change)."""
    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    shutil.copy(DATA / "projected_no_crs.geojson", tmp_path / "metres.geojson")
    at = app_test.run()
    assert not at.exception
    assert any("look like metres" in w.value for w in at.sidebar.warning)
    assert panel(at, "metres\\.geojson").proto.expanded
    field = next(t for t in at.sidebar.text_input if t.label.startswith("Coordinate reference"))
    field.input("EPSG:2039").run()
    next(b for b in at.sidebar.button if b.label == "Read with this CRS").click().run()
    assert not at.exception
    infos = [text_of(i.value) for i in at.sidebar.info]
    assert any("read with the CRS you gave (EPSG:2039)" in i for i in infos), infos
    assert panel(at, "metres\\.geojson").proto.expanded  # not drawn anew, closed
    how = next(r for r in at.sidebar.radio if r.key and r.key.endswith("_zone_how"))
    how.set_value("One category for the whole file").run()
    assert not at.exception
    assert panel(at, "metres\\.geojson").proto.expanded


def test_file_names_in_messages_are_isolated(app_test, tmp_path, monkeypatch):
    """An Arabic file name keeps its own direction inside the English message (U+2068 ...
    U+2069 around it, kept by the Markdown escaping)."""
    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    shutil.copy(DATA / "truncated.geojson", tmp_path / "مناطق.geojson")
    at = app_test.run()
    errors = [e.value for e in at.sidebar.error]
    assert any(
        e.startswith("\u2068مناطق\\.geojson\u2069\\: the file ends too early") for e in errors
    ), errors


def test_details_read_as_words(app_test, tmp_path, monkeypatch):
    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    shutil.copy(DATA / "valid_zones.geojson", tmp_path / "mine.geojson")
    key = "d" + hashlib.sha1(str((tmp_path / "mine.geojson").resolve()).encode()).hexdigest()[:10]
    at = app_test.run()
    at.session_state["selected_fid"] = f"{key}:0"
    at.run()
    rows = [text_of(m.value) for m in at.markdown if m.value.startswith("**")]
    assert "**Phase:** Phase 1" in rows, rows
    assert "**Confidence:** Low" in rows
    assert not any(row.startswith("**phase:**") for row in rows)


def test_an_uploaded_file_read_leaves_no_bytes_in_streamlits_store(monkeypatch):
    """The uploader's record stays (its id, its name) but its bytes are let go."""
    from types import SimpleNamespace

    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

    import dashboard.ui.upload_intake as uploads

    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    record = UploadedFileRec("f1", "zones.geojson", "application/json", b"x" * 1000)
    manager.add_file("s1", record)
    ctx = SimpleNamespace(session_id="s1", uploaded_file_mgr=manager)
    monkeypatch.setattr(uploads, "get_script_run_ctx", lambda: ctx)
    file = UploadedFile(record, None)
    kept = file.getvalue()
    uploads._release_upload(file)
    (left,) = manager.get_files("s1", ["f1"])
    assert left.data == b"" and left.name == "zones.geojson" and left.file_id == "f1"
    assert file.closed and kept == b"x" * 1000  # a reference taken before stays whole


def test_the_uploaders_own_copies_of_a_read_file_are_closed_too(monkeypatch):
    """Streamlit keeps the uploader's value as other UploadedFile objects over the same
    bytes (its widget state): they are closed with the page's own, so the bytes go."""
    from types import SimpleNamespace

    from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

    import dashboard.ui.upload_intake as uploads

    record = UploadedFileRec("f1", "zones.geojson", "application/json", b"x" * 1000)
    other = UploadedFileRec("f2", "other.geojson", "application/json", b"y" * 10)
    widget_value = [UploadedFile(record, None), UploadedFile(other, None)]
    monkeypatch.setattr(uploads, "get_script_run_ctx", lambda: SimpleNamespace())
    monkeypatch.setattr(uploads.st, "session_state", {uploads.UPLOADER_KEY: widget_value})
    file = UploadedFile(record, None)
    uploads._release_upload(file)
    assert file.closed and widget_value[0].closed
    assert not widget_value[1].closed  # another file is left alone
    assert widget_value[0].name == "zones.geojson"  # the uploader still lists it
    monkeypatch.setattr(uploads.st, "session_state", {})
    uploads._release_upload(UploadedFile(record, None))  # no value kept: nothing to close


def test_a_file_that_cannot_be_prepared_gets_words_not_a_class_name(
    app_test, tmp_path, monkeypatch
):
    import shapely

    import dashboard.ui.uploads as uploads

    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    shutil.copy(DATA / "valid_zones.geojson", tmp_path / "zones.geojson")
    failures = iter(
        [shapely.errors.GEOSException("TopologyException: side location conflict"), KeyError("x")]
    )

    def fails(*_args, **_kwargs):
        raise next(failures)

    monkeypatch.setattr(uploads, "prepare_layer", fails)
    at = app_test.run()
    errors = text_of(" ".join(e.value for e in at.sidebar.error))
    assert "a geometry could not be processed: TopologyException" in errors
    at.run()
    errors = text_of(" ".join(e.value for e in at.sidebar.error))
    assert "the app itself failed on it, not because of the file" in errors
    assert "KeyError" not in errors and "GEOSException" not in errors
