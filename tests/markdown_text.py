"""What Streamlit's Markdown makes of a string: the checks shared by the escaping tests
(``tests/unit/browser/test_escaping.py``) and the page tests (``tests/app/``)."""

from __future__ import annotations

import re

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
