"""Escaping rules for text that came from files: one module, three targets.

* HTML (tooltips, layer names, the layer control): :func:`escape_text`;
* JSON pasted into a ``<script>`` element: :func:`script_safe_json`, :func:`script_json`;
* Streamlit's Markdown (labels, captions, alerts): :func:`escape_markdown`.

Folium's tooltips insert property values with ``innerHTML``; anything that came from a
file must therefore be escaped before it reaches the map, and this is where it is done.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable

import pandas as pd

from dashboard.messages import ANY_BIDI_CONTROL, bidi_safe

# HTML entities for every character that could make text markup or code; "&" first.
_ENTITIES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("'", "&#x27;"),
    ("{", "&#123;"),
    ("}", "&#125;"),
    ("`", "&#96;"),
    ("\\", "&#92;"),
)


def escape_text(value: object) -> str:
    """Text safe to insert as HTML, also inside a JavaScript template literal.

    Entities for ``<>&"'``, for Jinja's braces (so ``${`` cannot form either), and for
    the backtick and backslash (which would end or break a template literal). Bidirectional
    controls are made harmless (:func:`~dashboard.messages.bidi_safe`): a right-to-left
    override in a name cannot reverse it in a tooltip, a legend row or the layer control.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = bidi_safe(value)
    for raw, entity in _ENTITIES:  # "&" first, so entities are not escaped twice
        text = text.replace(raw, entity)
    return text


def escape_series(values: pd.Series) -> pd.Series:
    """:func:`escape_text` for a whole column at once (vectorised; missing -> "")."""
    text = values.astype(object).where(values.notna(), "").astype(str).astype(object)
    text = pd.Series(text, dtype="string")
    controlled = text.str.contains(ANY_BIDI_CONTROL.pattern, regex=True)
    if controlled.any():  # rare: only those values go through bidi_safe, one by one
        text[controlled] = text[controlled].map(bidi_safe)
    for raw, entity in _ENTITIES:  # "&" first, so entities are not escaped twice
        text = text.str.replace(raw, entity, regex=False)
    return text.astype(object)


def escaped_names(columns: Iterable[str]) -> dict[str, str]:
    """Property name -> its escaped form (:func:`escape_text`), ``geometry`` left out.

    A name whose escaped form another name already took is left out too: the browser
    must never get two properties under one name.
    """
    names: dict[str, str] = {}
    for column in columns:
        escaped = escape_text(column)
        if column != "geometry" and escaped not in names.values():
            names[column] = escaped
    return names


# Characters that may stand in JSON text but not in an HTML <script> element: "<" ends
# it ("</script>") or starts a comment, ">" and "&" matter to HTML parsers, and U+2028 and
# U+2029 end a line in older JavaScript engines. JSON has them only inside strings, where
# their \u escapes mean the same characters.
_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_safe_json(text: str) -> str:
    """JSON text that can be pasted into a ``<script>`` element as it is.

    Parameters
    ----------
    text : str
        Valid JSON (these characters can then only occur inside strings).

    Returns
    -------
    str
        The same JSON value, with ``<``, ``>``, ``&``, U+2028 and U+2029 written as
        ``\\uXXXX`` escapes: no data can close the script or inject markup.
    """
    for raw, escaped in _SCRIPT_UNSAFE.items():
        text = text.replace(raw, escaped)
    return text


def script_json(value: object) -> str:
    """A Python value as JSON for a ``<script>`` element (see :func:`script_safe_json`)."""
    return script_safe_json(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


_MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|<>~:$=&\"'")
WORD_JOINER = "\u2060"
# Where Streamlit's Markdown would still find a link or an icon in escaped text: GFM turns
# bare ``http://``, ``www.`` and e-mail addresses into links *after* resolving backslash
# escapes, and ``:name:`` or ``:material/name:`` becomes an emoji or icon. An invisible
# word joiner breaks each: after ``:`` before ``//`` or a name, after ``@``, in ``www.``.
_AUTOLINK_BREAKS = re.compile(r"(?<=:)(?=//|[\w+-]+[:/])|(?<=@)|(?<=www)(?=\.)", re.IGNORECASE)


def escape_markdown(value: object) -> str:
    """Text shown literally by Streamlit's Markdown (text, captions, alerts, labels).

    CommonMark lets a backslash escape any ASCII punctuation, so links, images, emphasis,
    Streamlit's ``:colour[...]`` directives and HTML all come out as plain text. Bare URLs
    and e-mail addresses, which GitHub-flavoured Markdown links even when escaped, get an
    invisible U+2060 WORD JOINER in ``://``, ``www.``, after ``@`` and in ``:name:``: the
    text reads the same, but nothing is linked, so nothing can be clicked or fetched.

    Bidirectional controls are made harmless (:func:`~dashboard.messages.bidi_safe`), so a
    name cannot reverse itself or the label, title or message it stands in.

    Parameters
    ----------
    value : object
        Any text from a file or from the user; None and NaN give ``""``.

    Returns
    -------
    str
        Markdown that renders as exactly ``value``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return backslash_escaped(_AUTOLINK_BREAKS.sub(WORD_JOINER, bidi_safe(value)))


def backslash_escaped(text: str) -> str:
    """``text`` with a backslash before every ASCII punctuation Markdown could read.

    Alone, for text that no autolink can reach: the text of a Markdown link (links do not
    nest), such as a source's address (see :mod:`dashboard.browser.source_links`).
    """
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in text)
