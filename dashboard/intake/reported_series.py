"""The figures reported over time beside the mapped versions: held shares and daily deaths.

``reported-held-shares.csv``: one row per reported share of the Strip held, with what it
counts (``counts``: ``yellow`` the area behind the yellow line; ``yellow+gap`` with the
ground up to the blocks; ``yellow+orange`` with the orange restricted zone; ``control`` a
claim of control), its source and its reliability (A: named and primary; B: single-source
or second-hand; C: an aggregator). ``casualties-daily-2025-09-onward.json``: the Gaza
Ministry of Health's daily reports as compiled by Tech for Palestine (public domain), in
the ministry's own categories. Both are documented in ``geodata/SOURCES.md``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.config import GEODATA_DIR

REPORTED_SHARES_FILE = "reported-held-shares.csv"
CASUALTIES_FILE = "casualties-daily-2025-09-onward.json"
# What a reported share counts, in the order the chart's legend lists them.
SHARE_COUNTS: tuple[str, ...] = ("yellow", "yellow+gap", "yellow+orange", "control")
SHARE_COLUMNS = ("date", "low_pct", "high_pct", "counts", "source", "reliability")
# The ministry's categories kept from each day's report (``killed`` includes the bodies
# recovered that day and other additions to the toll; ``killed_truce_new`` does not).
DEATH_COLUMNS = ("killed", "killed_truce_new", "killed_recovered")
# The first day of the ceasefire: the chart's deaths start here.
CEASEFIRE_DAY = dt.date(2025, 10, 10)
CASUALTIES_CREDIT = "Gaza Ministry of Health, via Tech for Palestine (public domain)"


class ReportedDataError(ValueError):
    """A bundled file of reported figures that cannot be read; the message says which."""


def load_reported_shares(directory: Path = GEODATA_DIR) -> pd.DataFrame:
    """The reported held shares, oldest first.

    Returns
    -------
    DataFrame
        ``date`` (datetime.date), ``low_pct``, ``high_pct`` (equal for a single figure),
        ``mid_pct``, ``counts`` (one of :data:`SHARE_COUNTS`), ``source``, ``reliability``.

    Raises
    ------
    ReportedDataError
        When the file lacks a column, a date or a number, or a row counts something unknown.
    """
    path = directory / REPORTED_SHARES_FILE
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in SHARE_COLUMNS if c not in table.columns]
    if missing:
        raise ReportedDataError(f"{path.name} lacks the columns {', '.join(missing)}.")
    unknown = sorted(set(table["counts"]) - set(SHARE_COUNTS))
    if unknown:
        raise ReportedDataError(
            f"{path.name}: unknown 'counts' {', '.join(unknown)}; use one of "
            f"{', '.join(SHARE_COUNTS)}."
        )
    try:
        table["date"] = [dt.date.fromisoformat(day) for day in table["date"]]
        table["low_pct"] = table["low_pct"].astype(float)
        table["high_pct"] = table["high_pct"].astype(float)
    except ValueError as exc:
        raise ReportedDataError(f"{path.name}: a date or a share is malformed ({exc}).") from None
    table["mid_pct"] = (table["low_pct"] + table["high_pct"]) / 2
    return table.sort_values("date", kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class DailyDeaths:
    """The deaths reported each day (see :func:`load_daily_deaths`) and their credit."""

    table: pd.DataFrame
    source: str


def load_daily_deaths(directory: Path = GEODATA_DIR, since: dt.date = CEASEFIRE_DAY) -> DailyDeaths:
    """The deaths the ministry reported each day from ``since`` on, in its own categories.

    Returns
    -------
    DailyDeaths
        ``table``: ``date`` (datetime.date) and :data:`DEATH_COLUMNS` (integers; a category
        the day's report does not give is 0 in ``killed_recovered``, missing otherwise; days
        with no report at all are left out). ``source``: the file's own credit line.
    """
    path = directory / CASUALTIES_FILE
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        records = document["records"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReportedDataError(f"{path.name} cannot be read: {exc}.") from None
    rows = []
    for record in records:
        day = dt.date.fromisoformat(record["report_date"])
        if day < since or "killed" not in record:
            continue
        rows.append(
            {
                "date": day,
                "killed": int(record["killed"]),
                "killed_truce_new": record.get("killed_truce_new"),
                "killed_recovered": int(record.get("killed_recovered", 0)),
            }
        )
    table = pd.DataFrame(rows, columns=["date", *DEATH_COLUMNS])
    table["killed_truce_new"] = table["killed_truce_new"].astype("Int64")
    return DailyDeaths(table, str(document.get("source", CASUALTIES_CREDIT)))


def latest_of_kind(reported: pd.DataFrame, counts: str, on: dt.date) -> pd.Series | None:
    """The latest reported share that counts ``counts``, dated on or before ``on``."""
    rows = reported[(reported["counts"] == counts) & (reported["date"] <= on)]
    return None if rows.empty else rows.iloc[-1]
