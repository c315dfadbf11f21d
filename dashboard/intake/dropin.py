"""Drop-in updates: GeoJSON files placed in a watched folder appear without a restart.

Watched: ``geodata/`` itself (its bundled files excluded) and, if given, the folder
named by ``GAZA_MAP_DATA_DIR`` or the ``--data-dir`` option of the page
(``streamlit run dashboard/app.py -- --data-dir PATH``). The page lists the
folders on every run; a file is re-read when its size or modification time changes.

Only regular files directly inside a folder are read: symbolic links (which could point
at any file of the server, e.g. ``/proc/self/mem``), devices and sub-folders are skipped
and named, and a file is opened without following links and read no further than the
upload limit.
"""

from __future__ import annotations

import argparse
import logging
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dashboard.config import GEODATA_DIR, MAX_UPLOAD_BYTES
from dashboard.intake.bundled import BUNDLED_FILES
from dashboard.intake.local_files import read_regular_file
from dashboard.messages import say, token

LOG = logging.getLogger(__name__)
_logged: set[str] = set()  # problems already written to the log by this process

DATA_DIR_ENV = "GAZA_MAP_DATA_DIR"
DROPIN_SUFFIXES = (".geojson", ".fgb", ".parquet")  # the binary ones for big layers


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


def _note(problems: list[str] | None, text: str, detail: str = "") -> None:
    """Add ``text`` to ``problems`` (shown to every visitor: it never names a folder of the
    server) and log it once per process, with ``detail`` (the folder) for the operator."""
    if problems is not None:
        problems.append(text)
    logged = f"{text} ({detail})" if detail else text
    if logged not in _logged:  # once per process, not on every rerun
        _logged.add(logged)
        LOG.warning("drop-in: %s", logged)


def scan(dirs: Sequence[Path], problems: list[str] | None = None) -> list[DropInFile]:
    """Every drop-in file in ``dirs`` (not recursive), sorted by name.

    A folder that is missing or cannot be read, and an entry that is not a regular file
    (a link, a device, a folder named ``*.geojson``) are described in ``problems`` (and
    logged once, with the folder's path) instead of being read. ``problems`` are shown to
    every visitor of the page: they name the file, never the server's folder.
    """
    found: list[DropInFile] = []
    for folder in dirs:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except FileNotFoundError:
            _note(problems, say("dropin.folder_missing"), str(folder))
            continue
        except OSError as exc:
            _note(problems, say("dropin.folder_unreadable", error=token(exc.strerror)), str(folder))
            continue
        for entry in entries:
            if not entry.name.lower().endswith(DROPIN_SUFFIXES):
                continue
            if folder == GEODATA_DIR and entry.name in BUNDLED_FILES:
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # deleted since the folder was listed
            if not stat.S_ISREG(info.st_mode):
                key = "dropin.link" if stat.S_ISLNK(info.st_mode) else "dropin.not_regular"
                _note(problems, say(key, name=token(entry.name)), str(folder))
                continue
            found.append(DropInFile(Path(entry.path), info.st_size, info.st_mtime_ns))
    return found


def read_bytes(path: Path, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """The content of a drop-in file: a regular file, not followed through a link, at most
    ``limit`` bytes (see :func:`~dashboard.intake.local_files.read_regular_file`).

    Raises
    ------
    GeodataError
        When the file vanished, is not a regular file, cannot be read or is too large.
    """
    return read_regular_file(path, limit, missing="dropin.removed")
