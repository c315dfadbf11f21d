"""dashboard.intake.scratch: uploads go to a private folder that is always deleted."""

from __future__ import annotations

import os
import tempfile

import pytest

from dashboard.intake.scratch import PREFIX, private_folder, remove_stale
from dashboard.intake.user_files import read_geodata
from tests.conftest import DATA


def test_private_folder_is_private_and_deleted(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with private_folder() as folder:
        assert folder.parent == tmp_path
        assert folder.name.startswith(f"{PREFIX}{os.getpid()}-")
        assert folder.stat().st_mode & 0o777 == 0o700
        (folder / "upload.geojson").write_text("{}")
    assert not folder.exists()
    with pytest.raises(RuntimeError), private_folder() as folder:
        raise RuntimeError("reading failed")
    assert not folder.exists()


def test_uploads_are_written_to_a_private_folder_then_deleted(tmp_path, monkeypatch):
    seen = []
    real_write = __import__("pathlib").Path.write_bytes

    def spy(self, data):
        seen.append((self.parent, oct(self.parent.stat().st_mode & 0o777)))
        return real_write(self, data)

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr("pathlib.Path.write_bytes", spy)
    read_geodata((DATA / "valid_zones.geojson").read_bytes(), "z.geojson")
    assert len(seen) == 1 and seen[0][1] == "0o700"
    assert list(tmp_path.iterdir()) == []  # deleted after reading


def test_stale_upload_folders_are_removed(tmp_path):
    dead = tmp_path / f"{PREFIX}999999999-abc"
    dead.mkdir()
    (dead / "upload.geojson").write_text("{}")
    mine = tmp_path / f"{PREFIX}{os.getpid()}-xyz"
    mine.mkdir()
    other = tmp_path / "unrelated-999999999"
    other.mkdir()
    link = tmp_path / f"{PREFIX}999999998-link"
    link.symlink_to(other)
    assert remove_stale(tmp_path) == [dead]
    assert mine.exists() and not dead.exists() and other.exists() and link.exists()
