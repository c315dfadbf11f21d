"""The page in Arabic: its own text translated, the layout right to left, the map's
place labels in Arabic; English stays the default."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil

from streamlit.testing.v1 import AppTest

from dashboard.messages import message_language
from tests.app.conftest import APP, drawn_features, map_components
from tests.conftest import DATA


def labels_a_town(feature_group: str, name: str) -> bool:
    """Whether the main map's script carries a place named ``name`` (as JSON, escaped or not)."""
    return any(
        json.dumps({"name": name}, ensure_ascii=ascii)[1:-1] in feature_group
        for ascii in (True, False)
    )


def page_styles(at) -> str:
    """The page's own style sheets: st.html elements (style only, no HTML parser needed)."""
    return "".join(element.proto.body for element in at.get("html"))


def test_the_page_opens_in_arabic_from_the_address(app_test):
    app_test.query_params["lang"] = "ar"
    at = app_test.run()
    assert not at.exception
    assert at.title[0].value == "خريطة وقف إطلاق النار في غزة"
    toggles = [t.label for t in at.sidebar.toggle]
    assert "مناطق تحتفظ بها إسرائيل (خلف الخط الأصفر)" in toggles
    assert at.sidebar.segmented_control(key="lang").value == "ar"
    assert "direction: rtl" in page_styles(at)
    assert at.query_params["lang"] == ["ar"] or at.query_params["lang"] == "ar"
    # The towns are labelled with their Arabic names on the main map.
    groups = map_components(at)[0]["feature_group"]
    assert labels_a_town(groups, "خان يونس") and not labels_a_town(groups, "Khan Younis")


def test_switching_back_to_english_restores_the_text_and_the_address(app_test):
    app_test.session_state["lang"] = "ar"
    at = app_test.run()
    assert at.title[0].value == "خريطة وقف إطلاق النار في غزة"
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Gaza Ceasefire Map"
    assert "lang" not in at.query_params
    assert "direction: rtl" not in page_styles(at)
    groups = map_components(at)[0]["feature_group"]
    assert labels_a_town(groups, "Khan Younis") and not labels_a_town(groups, "خان يونس")


def test_a_broken_file_is_refused_in_arabic(app_test, tmp_path, monkeypatch):
    """The core's message about a file follows the page's language: Arabic text, the file's
    name isolated; a reader of the same file in English gets English (the read is cached
    per language, not shared across them)."""
    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    shutil.copy(DATA / "truncated.geojson", tmp_path / "مناطق.geojson")
    app_test.query_params["lang"] = "ar"
    at = app_test.run()
    assert not at.exception
    errors = [e.value for e in at.sidebar.error]
    assert any(
        e.startswith("\u2068مناطق\\.geojson\u2069\\: الملف ينتهي قبل أوانه") for e in errors
    ), errors
    assert not any("ends too early" in e for e in errors)
    assert message_language() == "en"  # the page's run set it for its own thread only

    english = AppTest.from_file(str(APP), default_timeout=90).run()
    errors = [e.value for e in english.sidebar.error]
    assert any("\\: the file ends too early" in e for e in errors), errors


def plain(text: str) -> str:
    """Text as read: without Markdown's escaping backslashes and the isolates' marks."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2068", "").replace("\u2069", "")


def texts_of(at) -> list[str]:
    """Every markdown, caption and subheader the page wrote (sidebar included), as read."""
    elements = (*at.markdown, *at.caption, *at.subheader, *at.sidebar.markdown)
    return [plain(e.value) for e in elements]


def test_an_event_reads_in_arabic(app_test):
    """?lang=ar&event=…: the event's title, description, time, category and actors are the
    Arabic texts of the data; its source stays as cited; the date control and the area
    table name the zone version in Arabic."""
    app_test.query_params["lang"] = "ar"
    app_test.query_params["event"] = "idf-yellow-line-map"
    app_test.query_params["at"] = "2025-10-19"
    at = app_test.run()
    assert not at.exception
    shown = "\n".join(texts_of(at))
    assert "المتحدث باسم الجيش الإسرائيلي بالعربية ينشر خريطة الخط الأصفر" in shown
    assert "ينشر أفيخاي أدرعي خريطة للخط الأصفر" in shown
    assert "Avichay Adraee posts a map" not in shown
    assert "19 أكتوبر 2025 (لم يُذكر الوقت) · الخط" in shown  # time and category
    assert "أفيخاي أدرعي" in shown  # the actor
    assert "x.com/AvichayAdraee" in shown  # the source, as cited
    # The version in force, named in Arabic by the date control and the area table.
    assert "19 أكتوبر 2025: خريطة الجيش الإسرائيلي للخط الأصفر" in shown
    assert any("المساحة حسب الفئة في" in s and "خريطة الجيش الإسرائيلي" in s for s in texts_of(at))
    assert "the IDF's map of the yellow line" not in shown
    # The timeline's days and buttons are in Arabic too.
    at.selectbox(key="tl_day").set_value(dt.date(2025, 9, 9)).run()
    buttons = [b.label for b in at.button]
    assert any("غارة إسرائيلية على قادة حماس في الدوحة" in b for b in buttons)
    assert (
        at.selectbox(key="tl_day")
        .format_func(dt.date(2025, 9, 9))
        .startswith("الثلاثاء 9 سبتمبر 2025")
    )


def test_the_same_event_stays_english_in_english(app_test):
    app_test.query_params["event"] = "idf-yellow-line-map"
    at = app_test.run()
    assert not at.exception
    shown = "\n".join(texts_of(at))
    assert "The IDF's Arabic spokesman posts the yellow-line map" in shown
    assert "19 Oct 2025 (time not reported) · line" in shown
    assert "خريطة الجيش الإسرائيلي" not in shown


def zone_fid(version: str, name: str) -> str:
    """The feature id the page gives a bundled zone (``zones:<row>`` of the whole file)."""
    from dashboard.intake.bundled import load_zone_versions

    zones = load_zone_versions().reset_index(drop=True)
    row = zones.index[(zones["version"] == version) & (zones["name"] == name)][0]
    return f"zones:{row}"


def test_a_zone_reads_in_arabic_in_the_details_and_the_tooltips(app_test):
    """?lang=ar with a zone selected: its Arabic name heads the details, its Arabic
    description, the dates in force and as of are written with Arabic month names, its
    area in كم²; the map's zone tooltips carry the Arabic names and labels."""
    app_test.query_params["lang"] = "ar"
    app_test.query_params["at"] = "2025-10-19"
    at = app_test.run()
    at.session_state["selected_fid"] = zone_fid("2025-10-19-idf-map", "Retained – Khan Younis")
    at.run()
    assert not at.exception
    shown = "\n".join(texts_of(at))
    assert "#### منطقة تحتفظ بها إسرائيل – خان يونس" in shown
    assert "الاسم بالإنجليزية:** Retained – Khan Younis" in shown
    assert "الجزء من محافظة خان يونس الواقع خلف الخط الأصفر" in shown
    assert "سارية من:** 19 أكتوبر 2025" in shown
    assert "سارية حتى:** 20 نوفمبر 2025" in shown
    assert "بتاريخ:** 19 أكتوبر 2025" in shown
    assert "المحافظة:** خان يونس" in shown
    rows = "\n".join(s for s in texts_of(at) if s.startswith("**") and "\n" not in s)
    assert "2025-10-19" not in rows and "2025-11-20" not in rows
    assert "The part of Khan Younis governorate" not in shown  # the English description
    assert re.search(r"المساحة:\*\* ≈ \d+ كم²", shown)
    assert "km²" not in rows
    assert not any("km²" in c.value for c in at.caption)  # the area table's caption too
    # The map's zones: Arabic names and tooltip labels; no English zone name.
    groups = map_components(at)[0]["feature_group"]
    names = {plain(f["properties"].get("name") or "") for f in drawn_features(groups)}
    assert "منطقة تحتفظ بها إسرائيل – خان يونس" in names
    assert "Retained – Khan Younis" not in names
    alias = "المساحة (تقريبًا)"
    assert any(json.dumps(alias, ensure_ascii=a)[1:-1] in groups for a in (True, False))


def test_a_venue_abroad_is_named_in_arabic(app_test):
    """?lang=ar&event=doha-strike: the inset's heading, its venue label and the event's
    place line name Doha in Arabic."""
    app_test.query_params["lang"] = "ar"
    app_test.query_params["event"] = "doha-strike"
    at = app_test.run()
    assert not at.exception
    shown = "\n".join(texts_of(at))
    assert "أماكن الاجتماعات: الدوحة" in shown
    assert "المكان:** الدوحة" in shown
    assert "Venues: Doha" not in shown and "Place:** Doha" not in shown
    inset = map_components(at)[1]["feature_group"]
    assert labels_a_town(inset, "الدوحة") and not labels_a_town(inset, "Doha")
