"""tools/icon_font.py: the deployment's subset of Streamlit's icon font keeps every icon the
page can show, as an icon (its ligature), and little else."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.icon_font import (
    icon_font,
    icon_url_path,
    missing_icons,
    names_in,
    subset_icon_font,
    used_icon_names,
    write_icon_font,
)

# Icons of Streamlit's chrome on this page: the sidebar's toggle (open and close), the
# expanders' chevrons, the file uploader's button, the menu, the app's own notices.
CHROME_ICONS = (
    "keyboard_double_arrow_right",
    "keyboard_double_arrow_left",
    "keyboard_arrow_down",
    "keyboard_arrow_right",
    "expand_more",
    "upload",
    "more_vert",
    "history",  # the "last mapped" notice (dashboard/ui/last_mapped.py)
    "zoom_in",  # "Zoom to this layer" of an upload
)


@pytest.fixture(scope="module")
def subset(tmp_path_factory) -> Path:
    return write_icon_font(tmp_path_factory.mktemp("icons"))


def test_icon_names_are_read_from_scripts_and_the_app_s_code():
    assert names_in([b'icon:":material/keyboard_arrow_down:",x="material/upload"']) == {
        "keyboard_arrow_down",
        "upload",
    }
    names = used_icon_names()
    assert set(CHROME_ICONS) <= names


def test_the_subset_shows_every_icon_the_page_can_show_and_is_a_few_kb(subset):
    source = icon_font()
    assert subset.relative_to(subset.parents[2]).as_posix() == icon_url_path(source).lstrip("/")
    names = used_icon_names()
    # Names in the scripts that the whole font has no icon for are no loss.
    assert missing_icons(subset, names) == missing_icons(source, names)
    assert missing_icons(subset, CHROME_ICONS) == []
    assert subset.stat().st_size < source.stat().st_size / 10  # 9 KB of 367 KB


def test_an_icon_whose_ligature_is_missing_is_found(tmp_path):
    # A subset made without the sidebar's toggle would show the words "keyboard_double_…":
    # the check that write_icon_font runs on its result must see it.
    toggle = "keyboard_double_arrow_right"
    out = tmp_path / "without.woff2"
    subset_icon_font(icon_font(), set(CHROME_ICONS) - {toggle}, out)
    assert missing_icons(out, CHROME_ICONS) == [toggle]
    # Its letters are all there: what is missing is the ligature itself.
    assert missing_icons(out, ["keyboard_arrow_right"]) == []


def test_other_icons_of_the_font_are_dropped(subset):
    assert missing_icons(subset, ["delete", "search", "rocket_launch"]) == [
        "delete",
        "rocket_launch",
        "search",
    ]


def test_a_subset_already_written_for_the_same_icons_is_kept(subset):
    before = subset.stat().st_mtime_ns
    assert write_icon_font(subset.parents[2]) == subset
    assert subset.stat().st_mtime_ns == before
