"""Text from files reaches Streamlit's Markdown only as literal text: no link, image,
colour or auto-linked URL (``dashboard.browser.escaping.escape_markdown``)."""

from __future__ import annotations

import math
import re
import shutil

import pytest

from dashboard.browser.escaping import escape_markdown
from tests.conftest import DATA, walk_elements

HOSTILE = (
    "![x](http://127.0.0.1:9/img.png) [click](http://evil.example) :red[red] "
    "www.evil.example https://evil.example/x mail@evil.example <b>bold</b> **strong** "
    ":material/home: $x$ `code` # heading"
)
URLS = [
    "http://evil.example",
    "https://evil.example/x?y=1",
    "HTTPS://EVIL.EXAMPLE",
    "www.evil.example",
    "WWW.evil.example",
    "(www.evil.example)",
    "mail@evil.example",
    "mailto:mail@evil.example",
    "ftp://evil.example",
]
# GFM autolink literals, as Streamlit's Markdown finds them in text (remark-gfm's
# mdast-util-gfm-autolink-literal, applied after backslash escapes are resolved).
AUTOLINK_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)", re.IGNORECASE | re.ASCII)
AUTOLINK_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.ASCII)
# Markup that turns into an element: links, images, colours, HTML, emphasis, code, math.
MARKUP = set("[]()!<>*_`$#")


def text_of(markdown: str) -> str:
    """The text CommonMark shows for ``markdown`` whose markup is all escaped."""
    return re.sub(r"\\(.)", r"\1", markdown)


def unescaped_markup(markdown: str) -> set[str]:
    """Markup characters of ``markdown`` that are not backslash-escaped."""
    found, i = set(), 0
    while i < len(markdown):
        if markdown[i] == "\\":
            i += 2
            continue
        if markdown[i] in MARKUP:
            found.add(markdown[i])
        i += 1
    return found


def auto_links(markdown: str) -> list[str]:
    text = text_of(markdown)
    return [m.group(0) for m in (*AUTOLINK_URL.finditer(text), *AUTOLINK_EMAIL.finditer(text))]


def reads_as(markdown: str) -> str:
    """What a reader sees: the text, without the invisible word joiners."""
    return text_of(markdown).replace("\u2060", "")


# --- the helper ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", URLS)
def test_bare_urls_are_not_auto_linked(url):
    escaped = escape_markdown(f"see {url} now")
    assert auto_links(escaped) == []
    assert reads_as(escaped) == f"see {url} now"


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


# --- every kind of Streamlit text element ---------------------------------------------------


def _every_text_element(hostile: str) -> None:
    import streamlit as st

    from dashboard.browser.escaping import escape_markdown

    text = escape_markdown(hostile)
    st.title(text, anchor=False)
    st.header(text, anchor=False)
    st.subheader(text, anchor=False)
    st.markdown(text)
    st.markdown(f"**{text}**")
    st.caption(text)
    st.error(text)
    st.warning(text)
    st.info(text)
    st.success(text)
    with st.expander(text):
        st.text("inside")
    with st.status(text, state="complete"):
        st.text("inside")
    with st.spinner(text):
        pass
    st.selectbox(text, ["a"])
    st.radio(text, ["a"])
    st.checkbox(text)
    st.toggle(text)
    st.text_input(text)
    st.button(text)
    st.sidebar.caption(text)
    st.sidebar.selectbox(f"“{text}” →", ["a"])


def body_of(element) -> str | None:
    """What Streamlit renders as Markdown for ``element``: its label, or its body."""
    from streamlit.testing.v1.element_tree import AlertBase, HeadingBase, Markdown

    if isinstance(element, (Markdown, AlertBase, HeadingBase)):
        return element.value
    label = getattr(element, "label", None)
    return label if isinstance(label, str) else None


def bodies(at) -> list[str]:
    """Every label and Markdown body in the tree (widgets, blocks, text elements)."""
    return [b for e in walk_elements(at._tree) if (b := body_of(e)) is not None]


def test_each_text_element_shows_the_hostile_string_literally():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_every_text_element, args=(HOSTILE,), default_timeout=30).run()
    assert not at.exception
    shown = [b for b in bodies(at) if "evil" in b]
    kinds = {
        "title": at.title,
        "header": at.header,
        "subheader": at.subheader,
        "markdown": at.markdown,
        "caption": at.caption,
        "error": at.error,
        "warning": at.warning,
        "info": at.info,
        "success": at.success,
        "expander": at.expander,
        "status": at.status,
        "selectbox": at.selectbox,
        "radio": at.radio,
        "checkbox": at.checkbox,
        "toggle": at.toggle,
        "text_input": at.text_input,
        "button": at.button,
    }
    for kind, elements in kinds.items():
        assert len(elements) >= 1, kind
        for element in elements:
            body = body_of(element)
            assert unescaped_markup(body) <= {"*"}, (kind, body)
            assert auto_links(body) == [], (kind, body)
            assert HOSTILE in reads_as(body), (kind, body)
    assert len(shown) >= len(kinds)


# --- the page: a drop-in file whose values and name hold Markdown and URLs -------------------

FILE_NAME = "www.evil.example [x](https:evil.example).geojson"


def test_zone_mapping_labels_and_file_names_show_markdown_literally(
    app_test, tmp_path, monkeypatch
):
    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    shutil.copy(DATA / "markdown_in_values.geojson", tmp_path / FILE_NAME)
    at = app_test.run()
    assert not at.exception
    how = next(r for r in at.sidebar.radio if r.key and r.key.endswith("_zone_how"))
    how.set_value("From a property").run()
    assert not at.exception
    labels = [s.label for s in at.sidebar.selectbox]
    mapped = [label for label in labels if label.endswith("→")]
    assert len(mapped) == 6, labels
    assert any("127.0.0.1:9/img.png" in reads_as(label) for label in mapped)
    assert any(":red[red]" in reads_as(label) for label in mapped)
    file_derived = [b for b in bodies(at) if "evil" in reads_as(b) or "127.0.0.1" in b]
    assert any(FILE_NAME in reads_as(b) for b in file_derived), file_derived
    for body in file_derived:
        assert unescaped_markup(body) <= {"*"}, body
        assert auto_links(body) == [], body
