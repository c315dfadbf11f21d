"""Shared test helpers: paths and in-memory archives (used by unit and browser tests)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


def read_data(name: str, **kwargs):
    """Read a file of ``tests/data`` as the page reads an upload (see ``read_geodata``)."""
    from dashboard.intake.user_files import read_geodata

    return read_geodata((DATA / name).read_bytes(), name, **kwargs)


def zip_of(members: dict[str, bytes]) -> bytes:
    """A zip archive (deflated) holding ``members`` (name -> content), in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()
