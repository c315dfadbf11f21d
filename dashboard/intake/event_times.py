"""How the events of the timeline write their dates and times: exact, approximate (≈),
the day only, about a day, the month only, or a period, in the words of a language
(:class:`TimeWords`, English by default). Knows nothing of Streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from dashboard.intake.timeline_data import Event


def _offset(event: Event) -> str:
    offset = event.start.utcoffset() or dt.timedelta(0)
    hours = offset.total_seconds() / 3600
    return f"UTC{hours:+g}"


def _day(moment: dt.date, *, year: bool = True) -> str:
    text = f"{moment.day} {moment.strftime('%b')}"
    return f"{text} {moment.year}" if year else text


def _day_month(moment: dt.date) -> str:
    return _day(moment, year=False)


def _month(moment: dt.date) -> str:
    return moment.strftime("%b %Y")


@dataclass(frozen=True)
class TimeWords:
    """How the times of events are written in one language (English by default).

    ``day``, ``day_month`` and ``month`` write a date ("9 Oct 2025", "9 Oct", "Oct 2025");
    the texts are templates whose ``{placeholders}`` take those and the clock time.
    """

    day: Callable[[dt.date], str] = _day
    day_month: Callable[[dt.date], str] = _day_month
    month: Callable[[dt.date], str] = _month
    day_only: str = "{day} (time not reported)"
    around: str = "about {day} (exact day not reported)"
    month_only: str = "{month} (day not reported)"
    period: str = "{first} – {last}"
    clock: str = "{day}, {clock} ({offset})"
    approximate: str = "≈ {clock}"
    around_clock: str = "about this day"
    month_clock: str = "{month}, day not reported"


ENGLISH_TIMES = TimeWords()


def _period(event: Event, words: TimeWords, *, year: bool = True) -> str:
    start, end = event.start.date(), (event.end or event.start).date()
    with_year = year and end.year != start.year  # the first day's year, when it differs
    first = words.day(start) if with_year else words.day_month(start)
    last = words.day(end) if year else words.day_month(end)
    return words.period.format(first=first, last=last)


def _clock(event: Event, words: TimeWords) -> str:
    clock = event.start.strftime("%H:%M")
    return words.approximate.format(clock=clock) if event.precision == "approximate" else clock


def format_time(event: Event, words: TimeWords = ENGLISH_TIMES) -> str:
    """The date and time as reported: exact, approximate (≈), the day only, about a day,
    the month only, or a period."""
    day = words.day(event.start.date())
    if event.precision == "day-only":
        return words.day_only.format(day=day)
    if event.precision == "around":
        return words.around.format(day=day)
    if event.precision == "month":
        return words.month_only.format(month=words.month(event.start.date()))
    if event.precision == "period":
        return _period(event, words)
    return words.clock.format(day=day, clock=_clock(event, words), offset=_offset(event))


def format_clock(event: Event, words: TimeWords = ENGLISH_TIMES) -> str:
    """What a list already grouped by day adds to the day: the clock time ("" when only
    the day was reported), or what the day heading cannot say for coarser precisions."""
    if event.precision == "day-only":
        return ""
    if event.precision == "around":
        return words.around_clock
    if event.precision == "month":
        return words.month_clock.format(month=words.month(event.start.date()))
    if event.precision == "period":
        return _period(event, words, year=False)
    return _clock(event, words)
