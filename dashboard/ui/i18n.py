"""The page's own text in several languages, and the switch between them.

Every string the page writes itself lives in ``dashboard/ui/locales/<code>.json`` (flat keys
such as ``"zones.heading"``, values with ``{placeholders}`` for :meth:`str.format`); adding a
language is adding a file and a line to :data:`LANGUAGES`. Text that comes from the data
(file names, sources) is not translated here: the bundled data carries its own
translations beside the English (``title_ar``, ``name_ar``, ``label_ar``; see
``geodata/README.md``), and the page shows them in its language, the English where one is
missing (isolated with :func:`embed` on a right-to-left page). The core's messages about
files have their own catalogue (``dashboard/locales/<code>.json``, see
:mod:`dashboard.messages`): :func:`language` tells the core the page's language on every
run, so those messages follow it.

The language lives in ``st.session_state`` (key ``"lang"``, the switch's key) and in the page
address (``?lang=ar``; absent for English), so a copied link opens the same language.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import string
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard.messages import isolate, set_language
from dashboard.ui.page_direction import mark_document

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DEFAULT_LANGUAGE = "en"
# Code -> the language's name in itself (what the switch shows), in the switch's order.
LANGUAGES: dict[str, str] = {"en": "English", "ar": "العربية"}
RTL_LANGUAGES = frozenset({"ar"})
LANG_KEY = "lang"  # the switch's widget key
LANG_PARAM = "lang"  # the address parameter

# Our own style for right-to-left languages (no data in it): the text of the main block and
# the sidebar runs right to left; the maps' frames, the data tables, the date slider and the
# charts keep left-to-right layout (numbers and coordinates stay in their usual order; a
# chart drawn right to left shifts out of its box and writes its legend over its marks).
RTL_CSS = """<style>
/* dir="rtl" on html (see page_direction) would mirror Streamlit's frame too, whose sidebar
   then slides out of view the wrong way on a phone: the frame keeps its layout, the text
   in it runs right to left. */
[data-testid="stApp"] { direction: ltr; }
[data-testid="stMainBlockContainer"], [data-testid="stSidebarContent"] {
  direction: rtl; text-align: right;
}
[data-testid="stMainBlockContainer"] iframe,
[data-testid="stMainBlockContainer"] .stElementContainer:has(> iframe),
[data-testid="stSidebarContent"] iframe,
[data-testid="stDataFrame"], [data-testid="stSlider"], [data-testid="stVegaLiteChart"] {
  direction: ltr; text-align: left;
}
/* The Arabic title and the caption above the map run taller: the map a little shorter so
   that it still fits the first screen (see panels.PAGE_CSS). */
[data-testid="stMainBlockContainer"] .st-key-main_map_box iframe {
  height: clamp(380px, calc(100vh - 324px), 600px) !important;
}
/* A toggle's knob is moved by an offset made for left to right: its track keeps that
   direction, or the knob leaves the track. */
[data-testid="stCheckbox"] label:has(input[role="switch"]) > div:not([data-testid]) {
  direction: ltr;
}
/* Streamlit aligns headings left whatever the direction. */
[data-testid="stMainBlockContainer"] :is(h1, h2, h3, h4, h5, h6),
[data-testid="stSidebarContent"] :is(h1, h2, h3, h4, h5, h6) {
  text-align: right;
}
/* Coordinates read left to right ("lat, lon" as digits), in the copy box and as typed. */
[data-testid="stCode"] pre, [data-testid="stCode"] code,
.st-key-distance_typed input {
  direction: ltr; unicode-bidi: isolate;
}
.st-key-distance_typed input { text-align: right; }
[data-testid="stSlider"] [data-testid="stSliderThumbValue"],
[data-testid="stSlider"] [data-testid="stSliderTickBar"] > * {
  direction: rtl; unicode-bidi: isolate;
}
</style>"""


@functools.cache
def catalogue(code: str) -> dict[str, str]:
    """The strings of one language (read once per process); empty if there is no file."""
    path = LOCALES_DIR / f"{code}.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def placeholders(text: str) -> set[str]:
    """The names of the ``{placeholders}`` in ``text``."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def language() -> str:
    """The language of the page: the session's, first taken from ``?lang=`` in the address.

    Also the language of the core's messages for this run (:func:`dashboard.messages.
    set_language`): the page asks for its language before it writes anything (its title
    is the first text of every run), so no message is written before it is set.
    """
    if LANG_KEY not in st.session_state:
        asked = st.query_params.get(LANG_PARAM)
        st.session_state[LANG_KEY] = asked if asked in LANGUAGES else DEFAULT_LANGUAGE
    code = st.session_state[LANG_KEY]
    code = code if code in LANGUAGES else DEFAULT_LANGUAGE
    set_language(code)
    return code


def translate(code: str, key: str, **values: object) -> str:
    """The text of ``key`` in language ``code``, else in English, else the key itself."""
    text = catalogue(code).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
    return text.format(**values) if values else text


def t(key: str, **values: object) -> str:
    """The text of ``key`` in the page's language (see :func:`translate`)."""
    return translate(language(), key, **values)


def t_or(key: str, default: str) -> str:
    """The text of ``key`` in the page's language, or ``default`` (English text that comes
    from the core, e.g. a reference layer's label) when no locale has the key."""
    text = catalogue(language()).get(key) or catalogue(DEFAULT_LANGUAGE).get(key)
    return text or default


def texts() -> Callable[..., str]:
    """:func:`translate` bound to the page's language now: for a widget's ``format_func``,
    which Streamlit may call again outside the run that drew the widget."""
    return functools.partial(translate, language())


def category_label(category: str, lang: str | None = None) -> str:
    """A zone category's label (``config.ZONE_LABELS`` in English)."""
    return translate(lang or language(), f"category.{category}")


def word(key: str, english: str, **values: object) -> str:
    """The text of ``key`` in the page's language, else ``english`` (the core's English
    text, for :func:`dashboard.browser.features.detail_rows`); with ``values``, its
    ``{placeholders}`` filled, without, the text as it is (a template for the core)."""
    text = catalogue(language()).get(key) or english
    return text.format(**values) if values else text


def words(code: str) -> Callable[..., str]:
    """:func:`word` in language ``code`` rather than the page's: for what is built once
    per language and cached (the zones' tooltips)."""

    def word_in(key: str, english: str, **values: object) -> str:
        text = catalogue(code).get(key) or english
        return text.format(**values) if values else text

    return word_in


def format_weekday(when: dt.date, lang: str | None = None) -> str:
    """A day with its weekday, as ``Thu 09 Oct 2025`` (a timeline's day heading)."""
    code = lang or language()
    return translate(
        code,
        "date.weekday_day",
        weekday=translate(code, f"weekday.{when.weekday()}"),
        day=when.day,
        month=translate(code, f"month.{when.month}"),
        year=when.year,
    )


def format_day(when: dt.date, lang: str | None = None) -> str:
    """A day as ``19 Oct 2025``, with the month's short name in the page's language."""
    code = lang or language()
    month = translate(code, f"month.{when.month}")
    return translate(code, "date.day", day=when.day, month=month, year=when.year)


KEPT_KEY = "_i18n_kept_choices"


def kept(key: str) -> str:
    """Register ``key``, a choice widget whose options are shown translated, so a change of
    language keeps its choice (Streamlit matches a choice by its shown text); return it."""
    st.session_state.setdefault(KEPT_KEY, set()).add(key)
    return key


def _keep_choices() -> None:
    """Before the run in the new language: store each registered choice as a value, so it
    is matched again with its options shown in the new language."""
    for key in list(st.session_state.get(KEPT_KEY, ())):
        try:
            st.session_state[key] = st.session_state[key]
        except (KeyError, StreamlitAPIException):  # not drawn on the last run
            continue


def embed(text: str) -> str:
    """Text from the data (English) inside our text: isolated on a right-to-left page, so
    its words and punctuation keep their order; unchanged otherwise."""
    return isolate(text) if is_rtl() else text


def is_rtl() -> bool:
    """Whether the page's language is written right to left."""
    return language() in RTL_LANGUAGES


def _follow_address() -> None:
    code = st.session_state.get(LANG_KEY)
    if code in LANGUAGES and code != DEFAULT_LANGUAGE:
        st.query_params[LANG_PARAM] = code
    elif LANG_PARAM in st.query_params:
        del st.query_params[LANG_PARAM]


def language_switch() -> str:
    """A compact English / العربية switch at the top of the sidebar; return the language."""
    code = language()
    st.sidebar.segmented_control(
        "Language",
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key=LANG_KEY,
        required=True,
        label_visibility="collapsed",
        on_change=_keep_choices,
    )
    _follow_address()
    return st.session_state.get(LANG_KEY) or code


def apply_direction() -> None:
    """Lay the page out right to left when its language is written so, and name its
    language and direction on ``<html>`` (see :mod:`dashboard.ui.page_direction`)."""
    mark_document(language(), is_rtl())
    if is_rtl():
        st.html(RTL_CSS)  # style only: no HTML parser in the frontend (see panels.header)
