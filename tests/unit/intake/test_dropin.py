"""dashboard.intake.dropin: the watched folders, what is read in them, and how."""

from __future__ import annotations

import os
import shutil

import pytest

from dashboard.config import GEODATA_DIR
from dashboard.intake import dropin
from dashboard.intake.bundled import BUNDLED_FILES
from dashboard.messages import GeodataError
from tests.conftest import DATA


def test_watched_folders_in_order(tmp_path):
    env = {dropin.DATA_DIR_ENV: str(tmp_path / "env")}
    dirs = dropin.watched_dirs(tmp_path / "opt", environ=env)
    assert dirs == [GEODATA_DIR, (tmp_path / "env").resolve(), (tmp_path / "opt").resolve()]
    assert dropin.watched_dirs(environ={}) == [GEODATA_DIR]
    assert dropin.watched_dirs(GEODATA_DIR, environ={}) == [GEODATA_DIR]  # once only


def test_bundled_files_are_no_drop_ins_in_geodata_only(tmp_path):
    in_geodata = {f.path.name for f in dropin.scan([GEODATA_DIR])}
    assert not in_geodata & BUNDLED_FILES
    assert {p.name for p in GEODATA_DIR.glob("*.geojson")} <= BUNDLED_FILES | in_geodata
    # The same name in another folder is somebody's file: it is read.
    shutil.copy(DATA / "valid_zones.geojson", tmp_path / "zones.geojson")
    assert [f.path.name for f in dropin.scan([tmp_path])] == ["zones.geojson"]


def test_scan_sees_new_changed_and_removed_files(tmp_path):
    (tmp_path / "notes.txt").write_text("not GeoJSON")
    (tmp_path / "folder.geojson").mkdir()
    new = tmp_path / "update.geojson"
    new.write_text('{"type":"FeatureCollection","features":[]}')
    problems: list[str] = []
    first = dropin.scan([tmp_path], problems)
    assert [f.path for f in first] == [new]
    assert problems == ["folder.geojson is not a regular file; it is not read"]
    new.write_text('{"type":"FeatureCollection","features":[ ]}')
    os.utime(new, ns=(first[0].mtime_ns + 10**9, first[0].mtime_ns + 10**9))
    second = dropin.scan([tmp_path])
    assert second[0] != first[0]
    new.unlink()
    assert dropin.scan([tmp_path]) == []


def test_links_and_missing_folders_are_named_not_read(tmp_path):
    (tmp_path / "passwd.geojson").symlink_to("/etc/passwd")
    problems: list[str] = []
    assert dropin.scan([tmp_path, tmp_path / "nowhere"], problems) == []
    # Shown to every visitor: the file is named, the server's folders are not (the log has them).
    assert problems == [
        "passwd.geojson is a link; it is not read",
        "a data folder set by the server's operator does not exist",
    ]
    assert str(tmp_path) not in " ".join(problems)


def test_data_dir_option():
    assert dropin.data_dir_option(["--data-dir", "/x"]).as_posix() == "/x"
    assert dropin.data_dir_option(["--other", "1"]) is None
    assert dropin.data_dir_option([]) is None


def test_read_bytes_reads_regular_files_within_the_limit(tmp_path):
    good = tmp_path / "good.geojson"
    good.write_bytes(b"{}")
    assert dropin.read_bytes(good) == b"{}"
    with pytest.raises(GeodataError, match="removed while it was being read"):
        dropin.read_bytes(tmp_path / "gone.geojson")
    big = tmp_path / "big.geojson"
    big.write_bytes(b" " * 2000)
    assert len(dropin.read_bytes(big, limit=2000)) == 2000
    with pytest.raises(GeodataError, match="over the limit"):
        dropin.read_bytes(big, limit=1000)
    link = tmp_path / "link.geojson"
    link.symlink_to(big)
    with pytest.raises(GeodataError, match="a link, not a file"):
        dropin.read_bytes(link)


def test_read_bytes_of_a_folder_gets_a_message(tmp_path):
    """A file replaced by a folder between scan() and read_bytes() gets a message."""
    with pytest.raises(GeodataError, match="not a regular file"):
        dropin.read_bytes(tmp_path)
