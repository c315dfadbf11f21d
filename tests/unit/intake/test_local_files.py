"""dashboard.intake.local_files: a file of the server's disk, read as untrusted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard.intake.local_files import read_regular_file
from dashboard.messages import GeodataError, language_of


def refusal(path: Path, limit: int = 1000) -> str:
    with pytest.raises(GeodataError) as caught:
        read_regular_file(path, limit)
    return str(caught.value)


def test_a_regular_file_within_the_limit_is_read(tmp_path):
    path = tmp_path / "a.geojson"
    path.write_bytes(b"x" * 1000)
    assert read_regular_file(path, 1000) == b"x" * 1000


def test_over_the_limit_is_refused_after_reading_one_byte_more(tmp_path):
    path = tmp_path / "big.geojson"
    path.write_bytes(b"x" * 1001)
    assert refusal(path).startswith("big.geojson: the file is over the limit")


def test_devices_fifos_folders_and_links_are_refused_with_their_name(tmp_path):
    assert refusal(Path("/dev/zero")).startswith("zero: not a regular file")
    fifo = tmp_path / "pipe.fgb"
    os.mkfifo(fifo)  # no writer: a blocking open would wait for ever
    assert refusal(fifo).startswith("pipe.fgb: not a regular file")
    assert refusal(tmp_path).startswith(f"{tmp_path.name}: not a regular file")
    link = tmp_path / "passwd.geojson"
    link.symlink_to("/etc/passwd")
    assert refusal(link).startswith("passwd.geojson: a link, not a file")
    assert refusal(tmp_path / "none.geojson") == "none.geojson: there is no such file."


def test_messages_in_arabic_isolate_the_name(tmp_path):
    with language_of("ar"):
        text = refusal(tmp_path / "none.geojson")
    assert text.startswith("\u2068none.geojson\u2069: ")
