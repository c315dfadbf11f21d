"""Shared test helpers: paths and in-memory archives (used by unit and browser tests)."""

from __future__ import annotations

from pathlib import Path

# One zip writer for the tests and the scripts that make their data (bench uses it too).
from tests.data.make_hostile_files import zip_bytes as zip_of  # noqa: F401 - re-exported

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


def read_data(name: str, **kwargs):
    """Read a file of ``tests/data`` as the page reads an upload (see ``read_geodata``)."""
    from dashboard.intake.user_files import read_geodata

    return read_geodata((DATA / name).read_bytes(), name, **kwargs)
