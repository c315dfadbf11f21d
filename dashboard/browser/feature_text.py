"""A user's feature in words: its title (the first name-like property) and its values as
people read them (whole numbers whole, numbers since 1970 as dates).

Files name their features in many ways (``name``, ``NAME``, ``name_en``, ``Title``,
``label``...); ArcGIS exports write whole numbers as floats (``118.0``) and dates as
milliseconds since 1970 (``1744373160000``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable

import pandas as pd

from dashboard.intake.property_dates import epoch_date, epoch_unit

# Name-like properties, the most telling first (compared without regard to case); the
# page's language's own (``name_ar``) comes before them all.
NAME_FIELDS = ("name", "name_en", "title", "label", "name_ar", "shape_name", "nom", "nombre")
DATE_TIME_TEXT = "{day}, {time} UTC"


def title_field(names: Iterable[str], lang: str = "en") -> str | None:
    """The property that names a file's features: the first of ``name_<lang>`` and
    :data:`NAME_FIELDS` among ``names`` (any case); None when none is name-like."""
    by_lower: dict[str, str] = {}
    for name in names:
        by_lower.setdefault(str(name).lower(), str(name))
    for wanted in (f"name_{lang}", *NAME_FIELDS):
        if wanted in by_lower:
            return by_lower[wanted]
    return None


def feature_title(record: dict, lang: str = "en") -> str | None:
    """A feature's title: the value of its first name-like property that has one."""
    by_lower: dict[str, str] = {}
    for key in record:
        by_lower.setdefault(str(key).lower(), key)
    for wanted in (f"name_{lang}", *NAME_FIELDS):
        key = by_lower.get(wanted)
        value = record.get(key) if key is not None else None
        if isinstance(value, float) and math.isnan(value):
            continue
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def readable_value(key: str, value: object, day: Callable[[dt.date], str] | None = None) -> str:
    """A property's value as the details panel shows it: a whole float as a whole number
    (``118``), a number of milliseconds (or seconds, under a time-like ``key``) since 1970
    as a date and time (``day`` writes the day, "11 Apr 2025" by default), anything else
    as it is."""
    when = epoch_date(value, key)
    if when is not None:
        written = day(when.date()) if day is not None else f"{when:%d %b %Y}".lstrip("0")
        if when.time() == dt.time(0, 0):
            return written
        return DATE_TIME_TEXT.format(day=written, time=f"{when:%H:%M}")
    if isinstance(value, float) and math.isfinite(value) and value == round(value):
        return str(int(value))
    return str(value)


def readable_dates(values: pd.Series, name: str) -> pd.Series | None:
    """A column of numbers since 1970 (see :func:`~dashboard.intake.property_dates.epoch_unit`)
    as dates and times in English, as the hover shows them ("11 Apr 2025, 12:06 UTC");
    None when the column is not one."""
    unit = epoch_unit(values, name)
    if unit is None:
        return None
    when = pd.to_datetime(pd.to_numeric(values, errors="coerce"), unit=unit, utc=True)
    day = when.dt.strftime("%d %b %Y").str.lstrip("0")
    timed = day + ", " + when.dt.strftime("%H:%M") + " UTC"
    text = timed.where(when.dt.normalize() != when, day)
    return text.astype(object).where(when.notna(), None)
