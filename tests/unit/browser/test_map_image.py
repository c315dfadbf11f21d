"""The PNG of the map: its button, its caption layer, and the file name."""

from __future__ import annotations

from dataclasses import replace

import folium

from dashboard.browser.export import MapCaption, legend_items
from dashboard.browser.map_image import (
    PngButton,
    caption_group,
    caption_key,
    image_file_name,
)

HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"


def _render(*elements) -> str:
    fmap = folium.Map(tiles=None)
    for element in elements:
        element.add_to(fmap)
    return fmap.get_root().render()


def test_the_caption_layer_carries_title_legend_and_sources_as_data():
    caption = MapCaption("Gaza Ceasefire Map", "Zones in force on 19 Oct 2025", "Approx.", ["S1"])
    html = _render(PngButton(), caption_group(caption))
    assert "._imageCaption = " in html
    assert "Zones in force on 19 Oct 2025" in html
    for _, label, _ in legend_items():
        assert label in html
    assert '"file":"gaza-ceasefire-map-zones-in-force-on-19-oct-2025.png"' in html


def test_caption_text_from_a_file_cannot_end_the_script():
    caption = MapCaption("Gaza Ceasefire Map", HOSTILE, "n", [HOSTILE])
    html = _render(caption_group(caption))
    assert "</script><script>alert(1)" not in html
    assert "<img src=x" not in html


def test_the_caption_key_follows_its_content():
    one = MapCaption("T", "shown", "n", ["a"])
    assert caption_key(one) == caption_key(MapCaption("T", "shown", "n", ["a"]))
    assert caption_key(one) != caption_key(MapCaption("T", "shown", "n", ["b"]))


def test_file_names_are_plain_ascii():
    assert image_file_name("Zones from your file") == "gaza-ceasefire-map-zones-from-your-file.png"
    assert image_file_name("خان يونس") == "gaza-ceasefire-map.png"
    assert image_file_name('../../etc/passwd"') == "gaza-ceasefire-map-etc-passwd.png"


def test_a_long_file_name_is_cut_at_a_word_boundary():
    shown = (
        "Zones in force on 7 Dec 2026: Mid-March 2026: orange restricted zone. "
        "Held: 56 % behind the line"
    )
    name = image_file_name(shown)
    stem = name.removeprefix("gaza-ceasefire-map-").removesuffix(".png")
    assert len(stem) <= 60
    words = "-".join(
        p for p in "".join(c if c.isalnum() else "-" for c in shown.lower()).split("-") if p
    )
    assert words.startswith(stem + "-")  # whole words: the next character was a dash
    assert stem == "zones-in-force-on-7-dec-2026-mid-march-2026-orange"


def test_the_last_mapped_note_travels_with_the_caption_and_changes_its_key():
    note = "Last mapped 15 Mar 2026, drawn from reports: 267 days before 7 Dec 2026."
    caption = MapCaption("T", "Zones in force on 7 Dec 2026", "n", ["a"], last_mapped=note)
    html = _render(caption_group(caption))
    assert f'"lastMapped":"{note}"' in html
    assert caption_key(caption) != caption_key(
        MapCaption("T", "Zones in force on 7 Dec 2026", "n", ["a"])
    )
    assert '"lastMapped":""' in _render(caption_group(MapCaption("T", "s", "n", ["a"])))


def test_a_png_names_its_sources_and_says_when_it_was_made():
    caption = MapCaption(
        "T", "shown", "n", ["ACLED, 2025. See geodata/SOURCES.md."], made_template="Made {when}"
    )
    fmap = folium.Map()
    caption_group(caption).add_to(fmap)
    html = fmap.get_root().render()
    assert "SOURCES.md" not in html and '"ACLED, 2025."' in html
    assert '"made":"Made {when}"' in html
    assert caption_key(caption) != caption_key(replace(caption, made_template="x {when}"))
