"""dashboard.intake.zip_archives: a zip is checked before anything is written, and
unpacked within the limits (through read_geodata, and directly)."""

from __future__ import annotations

import zipfile

import pytest

from dashboard.intake.user_files import Limits, read_geodata
from dashboard.intake.zip_archives import extract, vector_files
from dashboard.messages import GeodataError
from tests.conftest import read_data as read
from tests.conftest import zip_of


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("corrupt.zip", "not a readable zip archive"),
        ("encrypted.zip", "encrypted (password-protected)"),
    ],
)
def test_unreadable_archives_are_refused(name, expected):
    with pytest.raises(GeodataError) as info:
        read(name)
    assert str(info.value).startswith(f"\u2068{name}\u2069: ")
    assert expected in str(info.value)


def test_zip_bomb_refused_before_extraction(monkeypatch):
    bomb = zip_of({"zones.geojson": b"\0" * 20_000_000})
    assert len(bomb) < 100_000
    extracted = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: extracted.append(a))
    with pytest.raises(GeodataError, match="would expand to 19.1 MB"):
        read_geodata(bomb, "bomb.zip")
    assert extracted == []  # nothing was written


def test_zip_path_traversal_refused(tmp_path):
    with pytest.raises(GeodataError, match="unsafe path"):
        read_geodata(zip_of({"../../etc/evil.geojson": b"{}"}), "evil.zip")
    for name in ("/etc/evil.geojson", "C:evil.geojson", "a\\..\\..\\evil.geojson"):
        with pytest.raises(GeodataError, match="unsafe path"):
            extract(zip_of({name: b"{}"}), "evil.zip", tmp_path, Limits())
    assert list(tmp_path.iterdir()) == []


def test_shapefile_in_a_subfolder_of_a_zip():
    loaded = read("shapefile_in_subfolder.zip")
    assert len(loaded.gdf) == 2 and set(loaded.gdf["zone"]) == {"retained", "withdrawal"}


def test_extract_then_list_the_vector_files(tmp_path):
    archive = zip_of(
        {
            "data/zones.shp": b"x",
            "data/zones.dbf": b"x",
            "b.GEOJSON": b"{}",
            "__MACOSX/data/._zones.shp": b"x",
            "readme.txt": b"x",
        }
    )
    extract(archive, "a.zip", tmp_path, Limits())
    assert vector_files(tmp_path) == ["b.GEOJSON", "data/zones.shp"]
    assert not (tmp_path / "__MACOSX").exists()


def test_limits_hold_on_the_directory_and_while_writing(tmp_path):
    archive = zip_of({"a.geojson": b" " * 5000})
    with pytest.raises(GeodataError, match="would expand to"):
        extract(archive, "a.zip", tmp_path, Limits(max_unzipped_bytes=4000))
    with pytest.raises(GeodataError, match="times its size"):
        extract(archive, "a.zip", tmp_path, Limits(max_zip_ratio=1))
