"""Reading a file of the server's disk that somebody else may have placed there.

Drop-in files and the command line's ``validate`` read paths that an untrusted person may
control. The path is opened without following a link (it could point at any file of the
server) and without waiting (a FIFO would block the open for ever); what was opened must be
a regular file (not a device such as ``/dev/zero``, a FIFO or a folder), and no more than
the limit plus one byte is read, so a huge file costs no more memory than an allowed one.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from dashboard.messages import GeodataError, megabytes, say, token

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def read_regular_file(path: Path, limit: int, *, missing: str = "local_file.missing") -> bytes:
    """The content of ``path``: a regular file, not reached through a link, at most ``limit``
    bytes.

    Parameters
    ----------
    path : Path
        The file to read.
    limit : int
        The largest size accepted, in bytes.
    missing : str
        The message key for a file that does not exist (a drop-in says it was removed).

    Raises
    ------
    GeodataError
        When the file does not exist, is a link or not a regular file, cannot be read or is
        over ``limit``; the message names the file (not its folder).
    """
    name = token(path.name)  # isolated in a translation, like every name from a file
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise GeodataError(say(missing, name=name)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW on a link
            raise GeodataError(say("local_file.link", name=name)) from None
        raise GeodataError(
            say("local_file.cannot_open", name=name, error=token(exc.strerror))
        ) from None
    # Checked on the descriptor, not the path: the check must hold for what was opened.
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise GeodataError(say("local_file.not_a_file", name=name))
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise GeodataError(
                say("local_file.cannot_read", name=name, error=token(exc.strerror))
            ) from None
    if len(data) > limit:
        raise GeodataError(say("local_file.too_large", name=name, limit=megabytes(limit)))
    return data
