"""Messages for users, and the exceptions that refuse a file.

Every text here is meant to be read by the person who supplied the file: it names
the file (and the feature, where there is one), says what is wrong and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["info", "warning", "error"]


MAX_LISTED = 5  # items named in one message before "and N more"

# Unicode bidirectional isolates: FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE. A name
# between them takes its direction from its own first letter and cannot reorder the English
# text around it (an Arabic or Hebrew file name next to ":" or a number, say).
FSI = "\u2068"
PDI = "\u2069"
_ISOLATE_STARTS = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI
_ISOLATES = _ISOLATE_STARTS | {PDI}


def isolate(name: object) -> str:
    """A file-derived name ready to go into a message: ``FSI + name + PDI``.

    Isolates inside the name are balanced first: a stray PDI would close the isolate
    early (and let the name's own direction marks reorder the rest of the message), so
    it is dropped, and an isolate the name opens without closing is closed.

    Parameters
    ----------
    name : object
        A file, layer or property name, or a property value, as it came from the file.

    Returns
    -------
    str
        The name between U+2068 and U+2069, which display nothing.
    """
    kept: list[str] = []
    depth = 0
    for char in str(name):
        if char == PDI:
            if depth == 0:
                continue
            depth -= 1
        elif char in _ISOLATE_STARTS:
            depth += 1
        kept.append(char)
    return FSI + "".join(kept) + PDI * depth + PDI


def without_isolates(text: str) -> str:
    """``text`` without the isolate marks (U+2066 to U+2069), e.g. for a terminal or a log
    that does not lay out bidirectional text."""
    return "".join(char for char in text if char not in _ISOLATES)


def listing(items: list[str], limit: int = MAX_LISTED) -> str:
    """The first ``limit`` items joined by commas, then ``"and N more"`` for the rest."""
    shown = ", ".join(items[:limit])
    more = len(items) - limit
    return shown + (f" and {more} more" if more > 0 else "")


def megabytes(size: int) -> str:
    """A byte count as messages write it (``"12.3 MB"``)."""
    return f"{size / 2**20:.1f} MB"


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
