"""Messages for users, and the exceptions that refuse a file.

Every text here is meant to be read by the person who supplied the file: it names
the file (and the feature, where there is one), says what is wrong and what to do.

The texts live in ``dashboard/locales/<code>.json``, one file per language (flat keys such
as ``"zip.encrypted"``, values with named ``{placeholders}``); the core writes every message
with :func:`say`, in the language of the current run: a context variable, English unless the
page sets another one (:func:`set_language`) at the start of each run. Another language is
another file: a key it lacks is written in English. The command line never sets it, so it
stays English.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Level = Literal["info", "warning", "error"]

MESSAGES_DIR = Path(__file__).resolve().parent / "locales"
DEFAULT_LANGUAGE = "en"
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")
# The language messages are written in, for this run (each Streamlit run has its own thread,
# so one session's language never leaks into another's).
_language: ContextVar[str] = ContextVar("message_language", default=DEFAULT_LANGUAGE)


MAX_LISTED = 5  # items named in one message before "and N more"
# What a message quotes of a value somebody typed or put in an address: enough to recognise
# it, too little to write a message of one's own into the page (text spoofing).
MAX_QUOTED_INPUT = 40
ELLIPSIS = "\u2026"

# Unicode bidirectional isolates: FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE. A name
# between them takes its direction from its own first letter and cannot reorder the English
# text around it (an Arabic or Hebrew file name next to ":" or a number, say).
FSI = "\u2068"
PDI = "\u2069"
_ISOLATE_STARTS = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI
_ISOLATES = _ISOLATE_STARTS | {PDI}


# The other bidirectional controls: embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and
# the marks (LRM, RLM, ALM). An override in a file name ("\u202egnp.fgb") reverses the
# letters that follow it, so the name reads "bgf.png", and so may the text after it.
_EMBEDDINGS_AND_MARKS = frozenset("\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u061c")
BIDI_CONTROLS = _EMBEDDINGS_AND_MARKS | _ISOLATES
ANY_BIDI_CONTROL = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")


def bidi_safe(text: object) -> str:
    """Text from a file, as it may be shown anywhere: no bidirectional control in it can
    reorder it or what follows it.

    Embeddings, overrides and marks (U+202A to U+202E, U+200E, U+200F, U+061C) are dropped;
    isolates (U+2066 to U+2069) are balanced: a stray PDI, which would close an isolate
    around the text early, is dropped, and an isolate the text opens is closed at its end.
    The one function every display of a file's text goes through (:func:`isolate`, and the
    escaping for HTML and Markdown in :mod:`dashboard.browser.escaping`).

    Parameters
    ----------
    text : object
        A file, layer or property name, a property value, or a message holding them.

    Returns
    -------
    str
        The text with its letters in their own order.
    """
    text = str(text)
    if not ANY_BIDI_CONTROL.search(text):  # nearly always: nothing to do
        return text
    kept: list[str] = []
    depth = 0
    for char in text:
        if char in _EMBEDDINGS_AND_MARKS:
            continue
        if char == PDI:
            if depth == 0:
                continue
            depth -= 1
        elif char in _ISOLATE_STARTS:
            depth += 1
        kept.append(char)
    return "".join(kept) + PDI * depth


def isolate(name: object) -> str:
    """A file-derived name ready to go into a message: ``FSI + name + PDI``.

    The name is made safe first (:func:`bidi_safe`): no override can reverse it or the
    message around it, and its own isolates are balanced.

    Parameters
    ----------
    name : object
        A file, layer or property name, or a property value, as it came from the file.

    Returns
    -------
    str
        The name between U+2068 and U+2069, which display nothing.
    """
    return FSI + bidi_safe(name) + PDI


def without_isolates(text: str) -> str:
    """``text`` without the isolate marks (U+2066 to U+2069), e.g. for a terminal or a log
    that does not lay out bidirectional text."""
    return "".join(char for char in text if char not in _ISOLATES)


def shortened(value: object, limit: int = MAX_QUOTED_INPUT) -> str:
    """User input as a message quotes it: its first ``limit`` characters, then "…".

    For whatever a visitor or a file supplied and a message echoes (a date in the address,
    typed coordinates, a CRS string): the message stays the app's, whatever was typed.
    """
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


@functools.cache
def catalogue(code: str) -> dict[str, str]:
    """The messages of one language (read once per process); empty if there is no file."""
    if not _LANGUAGE_CODE.fullmatch(code):
        return {}
    path = MESSAGES_DIR / f"{code}.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def set_language(code: str) -> None:
    """Write this run's messages in ``code`` (English when no catalogue has that name).

    The page calls it at the start of every run (see ``dashboard.ui.i18n.language``).
    """
    _language.set(code if catalogue(code) else DEFAULT_LANGUAGE)


def message_language() -> str:
    """The language messages are written in now."""
    return _language.get()


@contextmanager
def language_of(code: str) -> Iterator[None]:
    """Within the ``with`` block, messages are written in ``code``; then as before."""
    token = _language.set(code if catalogue(code) else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _language.reset(token)


def say(key: str, **values: object) -> str:
    """The message ``key`` in the current language (else in English), its placeholders
    filled with ``values``.

    Values that came from a file must already be isolated (:func:`isolate`).

    Raises
    ------
    KeyError
        When no catalogue has ``key`` (a mistake in the code, caught by the tests).
    """
    text = catalogue(_language.get()).get(key) or catalogue(DEFAULT_LANGUAGE)[key]
    return Said(text.format(**values), key, values)


class Said(str):
    """A message written by :func:`say` that remembers how: it can be written again in
    another language (see :func:`in_language`) when the reader switches language after
    the file was read."""

    key: str
    values: dict

    def __new__(cls, text: str, key: str, values: dict) -> Said:
        said = super().__new__(cls, text)
        said.key, said.values = key, dict(values)
        return said

    def __reduce__(self) -> tuple:
        # Pickled with its key and values (Streamlit's caches pickle what they keep).
        return (Said, (str(self), self.key, self.values))


def in_language(text: str, code: str) -> str:
    """``text`` in language ``code`` if it was written by :func:`say` (its values too),
    else as it is (text from elsewhere, or composed around a message)."""
    if not isinstance(text, Said):
        return text
    with language_of(code):
        values = {name: in_language(value, code) for name, value in text.values.items()}
        return say(text.key, **values)


def error_text(error: BaseException) -> str:
    """The message of a refused file, kept as :func:`say` wrote it (``str(error)`` would
    drop what :func:`in_language` needs)."""
    first = error.args[0] if error.args else None
    return first if isinstance(first, str) else str(error)


def token(text: object) -> str:
    """A technical token that is not from a file (a CRS name, a driver, a library's error
    text) inside a message: isolated in a translation, where it may sit in right-to-left
    text; as it is in English."""
    return str(text) if _language.get() == DEFAULT_LANGUAGE else isolate(text)


def listing(items: list[str], limit: int = MAX_LISTED) -> str:
    """The first ``limit`` items joined by commas, then ``"and N more"`` for the rest."""
    shown = say("list.separator").join(items[:limit])
    more = len(items) - limit
    return say("list.more", shown=shown, count=more) if more > 0 else shown


def megabytes(size: int) -> str:
    """A byte count as messages write it (``"12.3 MB"``)."""
    return say("size.megabytes", size=f"{size / 2**20:.1f}")


@dataclass(frozen=True)
class Message:
    """A note about a file that was read anyway (a repair, a reprojection, a warning)."""

    level: Level
    text: str


class GeodataError(ValueError):
    """A file is refused; ``str(error)`` is the message for the user."""


class CrsRequired(GeodataError):
    """The file has no coordinate reference system: the user must say which (never assumed)."""


class AxesSwapped(GeodataError):
    """Latitude and longitude look swapped: read again with ``swap_axes=True`` to fix it."""


class LayerChoiceRequired(GeodataError):
    """The file holds several layers: read again with ``layer=`` one of :attr:`layers`."""

    def __init__(self, message: str, layers: list[str]) -> None:
        super().__init__(message)
        self.layers = list(layers)
