"""dashboard.browser.light_page: the static folder and the single file of the light page."""

from __future__ import annotations

import gzip
import re

import pytest

import dashboard.browser.light_page as light_page
from dashboard.browser.light_page import (
    SINGLE_FILE_LIMIT,
    PublishError,
    data_script,
    publish_folder,
    publish_single_file,
)
from tests.unit.browser.test_light_data import bundled_light_data

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)


def test_the_folder_holds_the_page_its_data_and_leaflet(tmp_path):
    written = publish_folder(tmp_path, bundled_light_data())
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert names == {
        "index.html",
        "data.js",
        "light.css",
        "light.js",
        "timeline.js",
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
    }
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    # Every file it asks for is beside it: nothing from another host.
    for url in re.findall(r'(?:src|href)="([^"]+)"', index):
        assert (tmp_path / url).is_file(), url
    assert not EXTERNAL.search(index)
    assert "sourceMappingURL" not in (tmp_path / "leaflet/leaflet.js").read_text()
    first = (tmp_path / "data.js").read_text(encoding="utf-8")
    assert first.startswith("window.LIGHT_DATA={") and '"timeline_src":"timeline.js"' in first
    # The events and crossings come after the map, in their own file.
    assert '"events"' not in first and '"crossings"' not in first
    timeline = (tmp_path / "timeline.js").read_text(encoding="utf-8")
    assert timeline.startswith("window.LIGHT_TIMELINE={") and '"events":[{' in timeline


def test_precompressed_copies_match_their_files_and_are_written_only_when_asked(tmp_path):
    written = publish_folder(tmp_path / "plain", bundled_light_data())
    assert not list((tmp_path / "plain").rglob("*.gz"))
    again = publish_folder(tmp_path / "gz", bundled_light_data(), precompress=True)
    assert [p.name for p in again] == [p.name for p in written]  # the copies are extra
    for path in again:
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == path.read_bytes()
    # The same page gives the same bytes: a server's ETag does not change for nothing.
    before = (tmp_path / "gz" / "data.js.gz").read_bytes()
    publish_folder(tmp_path / "gz", bundled_light_data(), precompress=True)
    assert (tmp_path / "gz" / "data.js.gz").read_bytes() == before


def test_the_single_file_inlines_everything_under_one_megabyte(tmp_path):
    target = tmp_path / "map.html"
    size = publish_single_file(target, bundled_light_data())
    text = target.read_text(encoding="utf-8")
    assert size == target.stat().st_size <= SINGLE_FILE_LIMIT == 1_000_000
    # Leaflet's own attribution link is never shown (the page has no attribution control).
    ours = text.replace(light_page._leaflet("leaflet.js"), "")
    assert "<script src" not in ours and "<link" not in ours and not EXTERNAL.search(ours)
    assert "window.LIGHT_DATA=" in text and "L.map(" in text
    # The tolerance is stated in the file, and it is at most 20 m.
    stated = re.search(r"simplified by (\d+(?:\.\d+)?) m", text)
    assert stated and float(stated.group(1)) <= 20


def test_data_cannot_close_the_script_it_travels_in():
    text = data_script({"source": "</script><script>alert(1)</script><!--"})
    assert "</script" not in text and "<!--" not in text


def test_a_single_file_over_its_limit_is_refused_with_its_size(tmp_path, monkeypatch):
    monkeypatch.setattr(light_page, "SINGLE_FILE_LIMIT", 1000)
    with pytest.raises(PublishError, match="over its limit of 1,000"):
        publish_single_file(tmp_path / "map.html", bundled_light_data())
    assert not (tmp_path / "map.html").exists()
