"""dashboard.browser.escaping: text from files made safe for HTML, <script> and Markdown."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from dashboard.browser.escaping import (
    WORD_JOINER,
    escape_markdown,
    escape_series,
    escape_text,
    escaped_names,
    script_json,
    script_safe_json,
)
from tests.markdown_text import HOSTILE, URLS, auto_links, reads_as, text_of, unescaped_markup

SCRIPT_UNSAFE = {"<", ">", "&", "\u2028", "\u2029"}

# --- HTML -----------------------------------------------------------------------------------


def test_escape_text():
    assert escape_text("<b>&") == "&lt;b&gt;&amp;"
    assert escape_text(None) == "" and escape_text(float("nan")) == ""
    assert escape_text(3) == "3"
    # Quotes, Jinja's braces, and what would end or break a JavaScript template literal.
    assert escape_text("\"'{}`\\") == "&quot;&#x27;&#123;&#125;&#96;&#92;"
    assert escape_text("&lt;") == "&amp;lt;"  # "&" first: an entity is shown, not decoded


def test_escape_series_is_escape_text_for_a_column():
    values = ["<img src=x>", None, math.nan, 3, "a&b", "`${x}`"]
    escaped = escape_series(pd.Series(values, dtype=object))
    assert list(escaped) == [escape_text(v) for v in values]
    assert escaped.dtype == object


def test_escaped_names_leave_out_geometry_and_duplicates():
    assert escaped_names(["name", "<b>", "geometry"]) == {"name": "name", "<b>": "&lt;b&gt;"}
    # Two names with one escaped form would be two properties under one name: first wins.
    assert escaped_names([1, "1"]) == {1: "1"}


# --- JSON inside <script> -------------------------------------------------------------------


def test_script_safe_json():
    text = json.dumps({"</script>&": "<!-- \u2028\u2029 -->"}, ensure_ascii=False)
    safe = script_safe_json(text)
    assert json.loads(safe) == json.loads(text)
    assert not set(safe) & SCRIPT_UNSAFE
    assert script_safe_json(safe) == safe


def test_script_json_is_compact_and_safe():
    value = {"a": ["</script>", "é"]}
    text = script_json(value)
    assert json.loads(text) == value
    assert not set(text) & SCRIPT_UNSAFE
    assert " " not in text and "é" in text  # compact, and not ASCII-escaped


# --- Streamlit's Markdown -------------------------------------------------------------------


def test_escape_markdown_escapes_links_html_and_directives():
    md = escape_markdown("![x](http://evil) <script> :red[hi]")
    assert "\\!\\[x\\]\\(http\\:" in md and "\\<script\\>" in md and "\\:red\\[" in md


@pytest.mark.parametrize("url", URLS)
def test_bare_urls_are_not_auto_linked(url):
    escaped = escape_markdown(f"see {url} now")
    assert auto_links(escaped) == []
    assert reads_as(escaped) == f"see {url} now"
    assert WORD_JOINER in escaped


def test_markup_is_escaped_and_reads_the_same():
    escaped = escape_markdown(HOSTILE)
    assert unescaped_markup(escaped) == set()
    assert auto_links(escaped) == []
    assert reads_as(escaped) == HOSTILE
    assert ":material/" not in text_of(escaped)  # Streamlit's icon syntax is broken too


def test_plain_text_is_unchanged_and_missing_is_empty():
    assert escape_markdown("Deir al Balah 2025") == "Deir al Balah 2025"
    assert escape_markdown(None) == "" and escape_markdown(math.nan) == ""
    assert escape_markdown(3) == "3"


def test_isolated_names_keep_their_isolates_through_markdown_escaping():
    """The U+2068/U+2069 around a file-derived name must reach the page (they are not
    Markdown, so nothing escapes or drops them), and hostile text inside stays escaped."""
    from dashboard.messages import isolate

    name = "خريطة [x](http://evil.example).geojson"
    escaped = escape_markdown(f"{isolate(name)}: read.")
    assert escaped.startswith("\u2068") and "\u2069: read" in text_of(escaped)
    assert escaped.count("\u2068") == 1 and escaped.count("\u2069") == 1
    assert unescaped_markup(escaped) == set() and auto_links(escaped) == []
    assert reads_as(escaped) == f"\u2068{name}\u2069: read."


# --- bidirectional controls: a name never reverses itself or what follows ------------------

RLO = "\u202e"


def test_every_escape_drops_overrides_and_balances_isolates():
    name = f"{RLO}gnp.fgb"  # shows as "bgf.png" if the override reaches the page
    assert escape_text(name) == "gnp.fgb"
    assert escape_markdown(name) == "gnp\\.fgb"
    values = pd.Series([name, "\u2067open", "plain", None, f"a\u200fb{RLO}<c>"])
    assert escape_series(values).tolist() == [
        "gnp.fgb",
        "\u2067open\u2069",
        "plain",
        "",
        "ab&lt;c&gt;",
    ]
    # A message's own isolates around a name stay: only what could reorder goes.
    assert escape_markdown(f"\u2068{RLO}x\u2069: refused") == "\u2068x\u2069\\: refused"
