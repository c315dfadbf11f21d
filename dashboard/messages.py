"""Messages for users, and the exceptions that refuse a file.

Every text here is meant to be read by the person who supplied the file: it names
the file (and the feature, where there is one), says what is wrong and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["info", "warning", "error"]


MAX_LISTED = 5  # items named in one message before "and N more"


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
