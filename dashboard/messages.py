"""Messages for users, and the exceptions that refuse a file.

Every text here is meant to be read by the person who supplied the file: it names
the file (and the feature, where there is one), says what is wrong and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["info", "warning", "error"]


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
