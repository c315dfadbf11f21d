"""Sources as links: the addresses in a bundled source's text, made links people can click.

The bundled data names its sources in prose with their addresses in it ("Reuters, 29 Apr
2026 https://…; The National, …"). Each ``http``/``https`` address becomes a link that
opens in a new tab without telling the site where it came from (``rel="noopener
noreferrer"``); its text is the address itself, escaped but never altered, so a copied
link is the real address (long ones wrap by CSS, never by inserted characters). Any other
scheme (``javascript:``, ``data:``) stays plain text.

Only for our own data: text from a user's file is never linked (see
:func:`dashboard.browser.escaping.escape_markdown`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from dashboard.browser.escaping import backslash_escaped, escape_markdown, escape_text
from dashboard.messages import bidi_safe

# An address starts at "http://" or "https://" and runs to a space or a character that
# cannot stand in one unescaped (quotes, typographic ones too, angle brackets, backslash,
# backtick), or to a bidirectional mark (an isolate around a source on a right-to-left page).
_ADDRESS = re.compile(
    r"https?://[^\s<>\"'`\\\u00ab\u00bb\u2018\u2019\u201c\u201d"
    r"\u200e\u200f\u202a-\u202e\u2066-\u2069]+",
    re.IGNORECASE,
)
# Punctuation that ends a sentence after an address rather than belonging to it.
_TRAILING = ".,;:!?\u060c\u061b"  # and the Arabic comma and semicolon
_CLOSING = {")": "(", "]": "["}
LINK_ATTRIBUTES = 'target="_blank" rel="noopener noreferrer"'


def _trimmed(address: str) -> str:
    """``address`` without the punctuation that follows it in the prose: a full stop, a
    comma, or a closing bracket it did not open ("(see https://a.org/x)")."""
    while address:
        last = address[-1]
        if last in _TRAILING:
            address = address[:-1]
        elif last in _CLOSING and address.count(last) > address.count(_CLOSING[last]):
            address = address[:-1]
        else:
            break
    return address


def is_safe_address(address: str) -> bool:
    """Whether ``address`` may be a link: ``http`` or ``https`` with a host."""
    try:
        parts = urlsplit(address)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def source_parts(text: object) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, each ``(piece, is_address)``, in order; joined, they
    give the text back (after :func:`~dashboard.messages.bidi_safe`)."""
    text = bidi_safe("" if text is None else text)
    parts: list[tuple[str, bool]] = []
    start = 0
    for found in _ADDRESS.finditer(text):
        address = _trimmed(found.group(0))
        if not is_safe_address(address):
            continue
        if found.start() > start:
            parts.append((text[start : found.start()], False))
        parts.append((address, True))
        start = found.start() + len(address)
    if start < len(text):
        parts.append((text[start:], False))
    return parts


def addresses(text: object) -> list[str]:
    """The addresses in ``text`` that become links, in order."""
    return [piece for piece, is_address in source_parts(text) if is_address]


def linked_markdown(text: object) -> str:
    """Streamlit Markdown showing ``text`` literally, each address a link to itself.

    The prose is escaped as any text is (:func:`escape_markdown`: nothing else in it can
    become a link); an address becomes ``[address](<address>)``, which Streamlit opens in
    a new tab with ``rel="noopener noreferrer"``.
    """
    return "".join(
        f"[{backslash_escaped(piece)}](<{piece}>)" if is_address else escape_markdown(piece)
        for piece, is_address in source_parts(text)
    )


def linked_html(text: object) -> str:
    """HTML showing ``text`` literally, each address an ``<a href>`` to itself (a new
    tab, ``rel="noopener noreferrer"``), e.g. for a downloaded map's caption."""
    return "".join(
        f'<a href="{escape_text(piece)}" {LINK_ATTRIBUTES}>{escape_text(piece)}</a>'
        if is_address
        else escape_text(piece)
        for piece, is_address in source_parts(text)
    )
