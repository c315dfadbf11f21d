"""Memory that a large file's reading freed, given back to the system between its steps."""

from __future__ import annotations

import ctypes


def give_back_memory() -> None:
    """Return to the system the memory a file's reading or preparation freed.

    glibc keeps freed blocks for reuse, each thread's in its own arena, and Streamlit runs
    each rerun of the page in a new thread: after a 150,000-polygon file, a few hundred
    megabytes that the next large file would stack its own peak on (its copies do not
    fit in the holes, nor in another thread's arena). Elsewhere than glibc, nothing is
    done.
    """
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        return
