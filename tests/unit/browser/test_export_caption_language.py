"""dashboard.browser.export: the downloaded map's caption in the reader's language."""

from __future__ import annotations

from dashboard.browser.export import MapCaption, caption_html, legend_items
from dashboard.config import ZONE_LABELS


def test_the_caption_is_english_by_default():
    html = caption_html(MapCaption("Gaza Ceasefire Map", "Zones on 19 Oct 2025", "Notice"))
    assert "dir='ltr' lang='en'" in html and "<summary>Sources</summary>" in html
    assert ZONE_LABELS["retained"] in html and "Yellow line" in html


def test_the_caption_takes_translated_labels_and_runs_right_to_left():
    labels = {"retained": "مناطق تحتفظ بها إسرائيل", "yellow_line": "الخط الأصفر"}
    caption = MapCaption(
        "خريطة",
        "المناطق",
        "المناطق تقريبية",
        ["OSM"],
        legend_labels=labels,
        sources_heading="المصادر",
        lang="ar",
        rtl=True,
    )
    html = caption_html(caption)
    assert "dir='rtl' lang='ar'" in html and "<summary>المصادر</summary>" in html
    assert "مناطق تحتفظ بها إسرائيل" in html and "الخط الأصفر" in html
    assert ZONE_LABELS["withdrawal"] in html  # a label not given stays English
    assert [label for _, label, _ in caption.legend()] == [
        label for _, label, _ in legend_items(labels)
    ]
