"""The deaths reported each day since the ceasefire, drawn under the held share over time.

``casualties-daily-2025-09-onward.json``: the Gaza Ministry of Health's daily reports as
compiled by Tech for Palestine (public domain), in the ministry's own categories;
documented in ``geodata/SOURCES.md``. (The reported held shares drawn above them are read
by :mod:`dashboard.intake.reported_shares`.)
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.config import GEODATA_DIR

CASUALTIES_FILE = "casualties-daily-2025-09-onward.json"
# The ministry's categories kept from each day's report (``killed`` includes the bodies
# recovered that day and other additions to the toll; ``killed_truce_new`` does not).
DEATH_COLUMNS = ("killed", "killed_truce_new", "killed_recovered")
# The first day of the ceasefire: the chart's deaths start here.
CEASEFIRE_DAY = dt.date(2025, 10, 10)
CASUALTIES_CREDIT = "Gaza Ministry of Health, via Tech for Palestine (public domain)"


class DailyDeathsError(ValueError):
    """The bundled file of daily deaths cannot be read; the message says why."""


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
        raise DailyDeathsError(f"{path.name} cannot be read: {exc}.") from None
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
