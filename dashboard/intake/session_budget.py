"""What one browser session may hold: a number of uploaded files and a total of their bytes.

Each upload is checked on its own (size, features, memory in its worker), but nothing
else stops one visitor from uploading file after file until the server's memory is gone.
The session's layers are kept until the visitor removes them or the session expires, so
the budget counts what the session holds now: removing a file frees its share.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.config import SESSION_MAX_BYTES, SESSION_MAX_FILES
from dashboard.messages import isolate, megabytes, say


@dataclass(frozen=True)
class SessionBudget:
    """How many uploads, and how many of their bytes, one session may hold at once."""

    max_files: int = SESSION_MAX_FILES
    max_bytes: int = SESSION_MAX_BYTES


DEFAULT_BUDGET = SessionBudget()


def refusal(
    filename: str, size: int, held: list[int], budget: SessionBudget = DEFAULT_BUDGET
) -> str | None:
    """Why ``filename`` (``size`` bytes) cannot be added to a session that holds files of
    the sizes ``held``; ``None`` when it fits."""
    if len(held) >= budget.max_files:
        return say("session.too_many_files", name=isolate(filename), limit=budget.max_files)
    if sum(held) + size > budget.max_bytes:
        return say(
            "session.too_many_bytes",
            name=isolate(filename),
            held=megabytes(sum(held)),
            limit=megabytes(budget.max_bytes),
        )
    return None
