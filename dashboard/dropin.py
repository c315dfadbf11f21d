"""Drop-in updates: GeoJSON files placed in a watched folder appear without a restart.

Watched: ``geodata/`` itself (its bundled files excluded) and, if given, the folder
named by ``GAZA_MAP_DATA_DIR`` or the ``--data-dir`` option of the page
(``streamlit run dashboard/app.py -- --data-dir PATH``). The page lists the
folders on every run; a file is re-read when its size or modification time changes.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dashboard.config import GEODATA_DIR

DATA_DIR_ENV = "GAZA_MAP_DATA_DIR"
DROPIN_SUFFIXES = (".geojson",)
# Files the app ships; everything else with a GeoJSON suffix in geodata/ is a drop-in.
BUNDLED_NAMES = frozenset(
    {
        "zones.geojson",
        "outline.geojson",
        "governorates.geojson",
        "lines.geojson",
        "places_gaza.geojson",
        "places.geojson",
        "context_gaza.geojson",
        "context_sharm.geojson",
    }
)


@dataclass(frozen=True)
class DropInFile:
    """A drop-in file as seen on disk; equal stamps mean nothing to re-read."""

    path: Path
    size: int
    mtime_ns: int


def data_dir_option(argv: Sequence[str]) -> Path | None:
    """The ``--data-dir`` given after ``--`` on the streamlit command line, if any."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data-dir", type=Path, default=None)
    known, _ = parser.parse_known_args(list(argv))
    return known.data_dir


def watched_dirs(option: Path | None = None, environ=os.environ) -> list[Path]:
    """Folders to scan, in order: geodata/, then the environment variable's, then the option's."""
    dirs = [GEODATA_DIR]
    for extra in (environ.get(DATA_DIR_ENV), option):
        if extra:
            path = Path(extra).expanduser().resolve()
            if path not in dirs:
                dirs.append(path)
    return dirs


def scan(dirs: Sequence[Path]) -> list[DropInFile]:
    """Every drop-in file in ``dirs`` (not recursive), sorted by name; missing folders skipped."""
    found: list[DropInFile] = []
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in DROPIN_SUFFIXES or not path.is_file():
                continue
            if folder == GEODATA_DIR and path.name in BUNDLED_NAMES:
                continue
            stat = path.stat()
            found.append(DropInFile(path, stat.st_size, stat.st_mtime_ns))
    return found
