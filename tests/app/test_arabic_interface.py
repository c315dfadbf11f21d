"""The page in Arabic: its own text translated, the layout right to left, the map's
place labels in Arabic; English stays the default."""

from __future__ import annotations

import json
import shutil

from streamlit.testing.v1 import AppTest

from dashboard.messages import message_language
from tests.app.conftest import APP, map_components
from tests.conftest import DATA


def labels_a_town(feature_group: str, name: str) -> bool:
    """Whether the main map's script carries a place named ``name`` (as JSON, escaped or not)."""
    return any(
        json.dumps({"name": name}, ensure_ascii=ascii)[1:-1] in feature_group
        for ascii in (True, False)
    )


def test_the_page_opens_in_arabic_from_the_address(app_test):
    app_test.query_params["lang"] = "ar"
    at = app_test.run()
    assert not at.exception
    assert at.title[0].value == "خريطة وقف إطلاق النار في غزة"
    toggles = [t.label for t in at.sidebar.toggle]
    assert "مناطق تحتفظ بها إسرائيل (خلف الخط الأصفر)" in toggles
    assert at.sidebar.segmented_control(key="lang").value == "ar"
    assert any("direction: rtl" in m.value for m in at.markdown)
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
    assert not any("direction: rtl" in m.value for m in at.markdown)
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
