"""The page's language and direction on its ``<html>`` element.

Streamlit serves ``<html lang="en">`` whatever the page's language, and offers no way to
change it. Screen readers pick their voice from ``lang``, and the browser lays out the
page, its headings, lists and form fields right to left only from ``dir``: the page's own
script sets both on every run in which the language changes, and back to ``en``/``ltr``
on the English page.
"""

from __future__ import annotations

import json

import streamlit as st

# The script draws nothing: no gap for it (the id is matched by the style below).
SCRIPT_ID = "page-language"
HIDE_CSS = (
    '<style>[data-testid="stElementContainer"]:has(script#' + SCRIPT_ID + "){display:none;}</style>"
)


def document_script(code: str, rtl: bool) -> str:
    """The ``<script>`` that sets ``lang`` and ``dir`` on the page's ``<html>`` element.

    Parameters
    ----------
    code : str
        The page's language code (``"en"``, ``"ar"``).
    rtl : bool
        Whether that language is written right to left.
    """
    values = json.dumps({"lang": code, "dir": "rtl" if rtl else "ltr"})
    return (
        f'<script id="{SCRIPT_ID}">(function (v) {{'
        " var root = document.documentElement;"
        " if (root.lang !== v.lang) root.lang = v.lang;"
        " if (root.dir !== v.dir) root.dir = v.dir;"
        f" }})({values});</script>"
    )


def mark_document(code: str, rtl: bool) -> None:
    """Set the page's ``lang`` and ``dir`` (see :func:`document_script`)."""
    st.html(HIDE_CSS + document_script(code, rtl), unsafe_allow_javascript=True)
