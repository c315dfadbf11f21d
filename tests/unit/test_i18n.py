"""The page's text in several languages: every locale file has the same keys and
placeholders as English, and a missing text falls back to English, then to its key."""

from __future__ import annotations

import json

import pytest

from dashboard.config import ZONE_CATEGORIES, ZONE_LABELS
from dashboard.intake.bundled import REFERENCE_LAYERS
from dashboard.ui import i18n

LOCALES = sorted(path.stem for path in i18n.LOCALES_DIR.glob("*.json"))
OTHERS = [code for code in LOCALES if code != i18n.DEFAULT_LANGUAGE]


def test_every_language_of_the_switch_has_a_file_and_back():
    assert set(LOCALES) == set(i18n.LANGUAGES)


@pytest.mark.parametrize("code", LOCALES)
def test_a_locale_file_is_a_flat_map_of_non_empty_strings(code):
    table = json.loads((i18n.LOCALES_DIR / f"{code}.json").read_text(encoding="utf-8"))
    assert table, code
    assert all(isinstance(v, str) and v.strip() for v in table.values()), code


@pytest.mark.parametrize("code", OTHERS)
def test_every_key_is_in_both_languages(code):
    english, other = i18n.catalogue("en"), i18n.catalogue(code)
    assert sorted(set(english) - set(other)) == [], f"missing in {code}.json"
    assert sorted(set(other) - set(english)) == [], "missing in en.json"


@pytest.mark.parametrize("code", OTHERS)
def test_each_text_has_the_same_placeholders_in_both_languages(code):
    english, other = i18n.catalogue("en"), i18n.catalogue(code)
    differ = {
        key: (i18n.placeholders(english[key]), i18n.placeholders(other[key]))
        for key in english.keys() & other.keys()
        if i18n.placeholders(english[key]) != i18n.placeholders(other[key])
    }
    assert differ == {}


def test_english_category_and_layer_names_are_the_core_labels():
    english = i18n.catalogue("en")
    assert {c: english[f"category.{c}"] for c in ZONE_CATEGORIES} == ZONE_LABELS
    assert {s.key: english[f"reference.{s.key}"] for s in REFERENCE_LAYERS} == {
        s.key: s.label for s in REFERENCE_LAYERS
    }


def test_a_text_falls_back_to_english_then_to_its_key(monkeypatch):
    tables = {"en": {"only.en": "Hello {name}", "both": "English"}, "ar": {"both": "عربي"}}
    monkeypatch.setattr(i18n, "catalogue", lambda code: tables.get(code, {}))
    assert i18n.translate("ar", "both") == "عربي"
    assert i18n.translate("ar", "only.en", name="Gaza") == "Hello Gaza"
    assert i18n.translate("ar", "nowhere") == "nowhere"
    assert i18n.translate("xx", "both") == "English"


def test_t_uses_the_language_of_the_session(monkeypatch):
    monkeypatch.setattr(i18n, "language", lambda: "ar")
    assert i18n.t("page.title") == "خريطة وقف إطلاق النار في غزة"
    assert i18n.t("compare.col_km2", name="من") == "من (كم²)"
    assert i18n.is_rtl()
    monkeypatch.setattr(i18n, "language", lambda: "en")
    assert i18n.t("page.title") == "Gaza Ceasefire Map"
    assert not i18n.is_rtl()


def test_a_day_is_written_with_the_month_of_the_language(monkeypatch):
    import datetime as dt

    monkeypatch.setattr(i18n, "language", lambda: "en")
    assert i18n.format_day(dt.date(2025, 10, 9)) == "9 Oct 2025"
    monkeypatch.setattr(i18n, "language", lambda: "ar")
    assert i18n.format_day(dt.date(2025, 10, 9)) == "9 أكتوبر 2025"


def test_the_right_to_left_style_is_ours_and_keeps_maps_and_numbers_left_to_right():
    assert i18n.RTL_CSS.startswith("<style>") and i18n.RTL_CSS.endswith("</style>")
    assert "direction: rtl" in i18n.RTL_CSS and "direction: ltr" in i18n.RTL_CSS
    assert "iframe" in i18n.RTL_CSS


@pytest.mark.parametrize(
    "module, name",
    [
        ("dashboard.ui.i18n", "RTL_CSS"),
        ("dashboard.ui.panels", "PAGE_CSS"),
        ("dashboard.ui.timeline", "JUMP_CSS"),
        ("dashboard.ui.slider_marks", "MARKS_CSS"),
        ("dashboard.ui.phone_layout", "PHONE_CSS"),
        ("dashboard.ui.last_mapped", "NOTICE_CSS"),
    ],
)
def test_a_page_style_holds_no_tag_but_its_own(module, name):
    """Streamlit's sanitiser drops a style element whose text holds '<' and a letter (an
    HTML tag named in a CSS comment took the whole right-to-left style off the page)."""
    import importlib
    import re

    css = getattr(importlib.import_module(module), name)
    inner = css.strip().removeprefix("<style>").removesuffix("</style>")
    assert not re.search(r"<[A-Za-z/!]", inner), name
