"""The shares of the Strip reported held, read from ``geodata/reported-held-shares.csv``.

One row per figure as its source gave it: ``date``, ``low_pct``, ``high_pct`` (equal for a
single figure), ``counts`` (what it counts), ``source`` and ``reliability`` (see
``geodata/README.md``). Every row is checked; a broken one stops the read with a message
naming the file, the line and the fix. Knows nothing of Streamlit.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from dashboard.config import GEODATA_DIR
from dashboard.intake.bundled import REPORTED_SHARES_FILE
from dashboard.zones.contract import parse_date
from dashboard.zones.currency import COUNTS, RELIABILITIES, ReportedShare

COLUMNS = ("date", "low_pct", "high_pct", "counts", "source", "reliability")


class ReportedSharesError(ValueError):
    """The file breaks its contract; the message names the file, the line and the fix."""


def _percent(text: str, column: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 <= value <= 100:
        raise ReportedSharesError(
            f"{where}: {column} '{text}' is not a share of the Strip: give a number from 0 to 100."
        )
    return value


def _row(row: dict[str, str], where: str) -> ReportedShare:
    try:
        day = parse_date(row["date"])
    except (TypeError, ValueError):
        day = None
    if day is None:
        raise ReportedSharesError(
            f"{where}: date '{row['date']}' is not a date: give it as YYYY-MM-DD."
        )
    low = _percent(row["low_pct"], "low_pct", where)
    high = _percent(row["high_pct"], "high_pct", where)
    if low > high:
        raise ReportedSharesError(f"{where}: low_pct {low:g} is above high_pct {high:g}.")
    for column, allowed in (("counts", COUNTS), ("reliability", RELIABILITIES)):
        if row[column] not in allowed:
            raise ReportedSharesError(
                f"{where}: {column} '{row[column]}' is not one of {', '.join(allowed)}."
            )
    if not row["source"].strip():
        raise ReportedSharesError(f"{where}: the source is empty: say who reported the figure.")
    return ReportedShare(day, low, high, row["counts"], row["source"].strip(), row["reliability"])


def parse_reported_shares(text: str, name: str = REPORTED_SHARES_FILE) -> list[ReportedShare]:
    """The figures of a reported-shares CSV text, in date order.

    Raises
    ------
    ReportedSharesError
        When a column is missing or a row breaks the contract (the message names it).
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise ReportedSharesError(f"{name}: the header lacks {', '.join(missing)}.")
    rows = [_row(row, f"{name}, line {reader.line_num}") for row in reader]
    return sorted(rows, key=lambda r: r.date)


def load_reported_shares(path: Path | None = None) -> list[ReportedShare]:
    """The bundled reported shares (``geodata/reported-held-shares.csv`` by default)."""
    path = GEODATA_DIR / REPORTED_SHARES_FILE if path is None else path
    return parse_reported_shares(path.read_text(encoding="utf-8"), path.name)
