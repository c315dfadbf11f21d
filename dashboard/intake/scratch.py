"""The private temporary folder an upload is written to while GDAL reads it.

GDAL reads files, not bytes, so an upload (or a zip's content) is written once to a
folder only this process's user can open (mode 700), read, and deleted in a
``finally``. The folder's name carries the process id, so a later start-up can delete
folders left behind by a process that was killed mid-read (:func:`remove_stale`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

PREFIX = "gazamap-"


@contextlib.contextmanager
def private_folder() -> Iterator[Path]:
    """A new folder (mode 700) named after this process, deleted when the block ends."""
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
    try:
        folder.chmod(0o700)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive, and not ours to touch
        return True
    return True


def remove_stale(root: Path | None = None) -> list[Path]:
    """Delete the upload folders of processes that no longer run; return what was deleted.

    Folders of running processes (this one included) are kept; so are folders that do
    not belong to the current user.
    """
    root = Path(root or tempfile.gettempdir())
    removed: list[Path] = []
    for folder in root.glob(f"{PREFIX}*"):
        try:
            if folder.is_symlink() or not folder.is_dir() or folder.stat().st_uid != os.getuid():
                continue
        except OSError:
            continue
        pid_text = folder.name[len(PREFIX) :].split("-", 1)[0]
        if pid_text.isdigit() and _alive(int(pid_text)):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed
