"""How current the version shown is: its age on the date shown, and what was reported since.

A version of the zones is the line as it was last mapped. Shown many days later (today,
say), it may be far from the ground: this module says so, with the version's date and
kind, the last public map of the line, the shares of the Strip reported since (from
``geodata/reported-held-shares.csv``, read by :mod:`dashboard.intake.reported_shares`)
grouped by what they count, and the months for which no report was found.

The page, the command line and the downloads use the same :class:`LastMapped` and the same
words (:func:`note_sentences`, in the language of the run, see :mod:`dashboard.messages`).
Nothing here reads files or draws maps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dashboard.config import LAST_MAPPED_AFTER_DAYS
from dashboard.messages import say
from dashboard.zones.series import GROUND_TRACK, Version

# What a reported share counts, in the order the note names them (see geodata/README.md).
COUNTS: tuple[str, ...] = ("yellow", "yellow+gap", "yellow+orange", "control")
RELIABILITIES: tuple[str, ...] = ("A", "B", "C")


@dataclass(frozen=True)
class ReportedShare:
    """One reported share of the Strip held, as its source gave it.

    Attributes
    ----------
    date : datetime.date
        The day the figure describes (or was reported, when it does not say).
    low_pct, high_pct : float
        The figure, or its range (equal for a single figure).
    counts : str
        What it counts: one of :data:`COUNTS`.
    source : str
        Who reported it, where.
    reliability : str
        ``A`` read directly from a major outlet or a primary document, ``B`` second-hand,
        ``C`` a lead only.
    """

    date: dt.date
    low_pct: float
    high_pct: float
    counts: str
    source: str
    reliability: str


@dataclass(frozen=True)
class ShareRange:
    """The reported shares of one kind of count, lowest and highest, and how many."""

    counts: str
    low_pct: float
    high_pct: float
    reports: int


@dataclass(frozen=True)
class LastMapped:
    """What to say when the version shown began long before the date shown.

    Attributes
    ----------
    version : Version
        The version in force on ``day``.
    day : datetime.date
        The date shown.
    age_days : int
        Days from the version's first day to ``day``.
    last_public_map : datetime.date or None
        The first day of the latest published version on or before ``day``.
    ranges : tuple of ShareRange
        The shares reported from the version's first day to ``day``, by what they count.
    silent_months : tuple of (datetime.date, datetime.date) or None
        The first days of the first and last months, up to ``day``'s, after the month of
        the latest report of all: nothing was found for them.
    """

    version: Version
    day: dt.date
    age_days: int
    last_public_map: dt.date | None
    ranges: tuple[ShareRange, ...]
    silent_months: tuple[dt.date, dt.date] | None


def version_age_days(version: Version, day: dt.date) -> int:
    """Days from ``version``'s first day to ``day`` (negative before it began)."""
    return (day - version.valid_from).days


def last_public_map(versions: Iterable[Version], day: dt.date) -> dt.date | None:
    """The first day of the latest ``published`` ground version begun on or before ``day``."""
    days = [
        v.valid_from
        for v in versions
        if v.kind == "published" and v.track == GROUND_TRACK and v.valid_from <= day
    ]
    return max(days, default=None)


def reported_between(
    reports: Iterable[ReportedShare], first: dt.date, last: dt.date
) -> list[ReportedShare]:
    """The reports dated from ``first`` to ``last`` (both included), in date order."""
    return sorted((r for r in reports if first <= r.date <= last), key=lambda r: r.date)


def share_ranges(reports: Iterable[ReportedShare]) -> tuple[ShareRange, ...]:
    """The lowest and highest figure of each kind of count, in :data:`COUNTS` order (an
    unknown kind after them)."""
    by_counts: dict[str, list[ReportedShare]] = {}
    for report in reports:
        by_counts.setdefault(report.counts, []).append(report)
    order = [c for c in COUNTS if c in by_counts] + sorted(set(by_counts) - set(COUNTS))
    return tuple(
        ShareRange(
            counts,
            min(r.low_pct for r in by_counts[counts]),
            max(r.high_pct for r in by_counts[counts]),
            len(by_counts[counts]),
        )
        for counts in order
    )


def _month_after(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def silent_months(reports: Iterable[ReportedShare], day: dt.date) -> tuple[dt.date, dt.date] | None:
    """The whole months after the month of the latest report of all, through ``day``'s
    month, as the first days of the first and last of them; None when ``day`` is in or
    before the latest report's month, or there is no report.

    Only the months after everything gathered count: a month without a share reported
    between two reports may have other news (the timeline's).
    """
    dates = [r.date for r in reports]
    if not dates:
        return None
    first = _month_after(max(dates))
    last = day.replace(day=1)
    return (first, last) if first <= last else None


def last_mapped(
    version: Version,
    day: dt.date,
    versions: Sequence[Version],
    reports: Sequence[ReportedShare],
) -> LastMapped | None:
    """What to say about ``version`` shown on ``day``: None while it is recent enough
    (at most :data:`~dashboard.config.LAST_MAPPED_AFTER_DAYS` days old) or a plan's.

    Parameters
    ----------
    version : Version
        The version in force on ``day``.
    day : datetime.date
        The date shown.
    versions : sequence of Version
        Every version (for the last published map).
    reports : sequence of ReportedShare
        Every reported share.
    """
    age = version_age_days(version, day)
    if version.planned or age <= LAST_MAPPED_AFTER_DAYS:
        return None
    return LastMapped(
        version=version,
        day=day,
        age_days=age,
        last_public_map=last_public_map(versions, day),
        ranges=share_ranges(reported_between(reports, version.valid_from, day)),
        silent_months=silent_months(reports, day),
    )


# --- the words -----------------------------------------------------------------------------

# The catalogue's keys (see dashboard/locales), written out so that each can be found.
COUNT_KEYS: dict[str, str] = {
    "yellow": "last_mapped.counts.yellow",
    "yellow+gap": "last_mapped.counts.yellow+gap",
    "yellow+orange": "last_mapped.counts.yellow+orange",
    "control": "last_mapped.counts.control",
}
KIND_KEYS: dict[str, str] = {
    "published": "last_mapped.kind.published",
    "reported": "last_mapped.kind.reported",
}
MONTH_KEYS = (  # short names, in a day: "15 Mar 2026"
    *("month.1", "month.2", "month.3", "month.4", "month.5", "month.6"),
    *("month.7", "month.8", "month.9", "month.10", "month.11", "month.12"),
)
MONTH_NAME_KEYS = (  # full names, alone: "November 2026"
    *("month_name.1", "month_name.2", "month_name.3", "month_name.4"),
    *("month_name.5", "month_name.6", "month_name.7", "month_name.8"),
    *("month_name.9", "month_name.10", "month_name.11", "month_name.12"),
)


def _day(day: dt.date) -> str:
    return say("date.day", day=day.day, month=say(MONTH_KEYS[day.month - 1]), year=day.year)


def _percent(value: float) -> str:
    return f"{value:g}"


def _range(share: ShareRange) -> str:
    counts = say(COUNT_KEYS[share.counts]) if share.counts in COUNT_KEYS else share.counts
    reports = (
        say("last_mapped.reports.one")
        if share.reports == 1
        else say("last_mapped.reports.other", count=share.reports)
    )
    if share.low_pct == share.high_pct:
        figure = say("last_mapped.percent", value=_percent(share.low_pct))
    else:
        figure = say(
            "last_mapped.percent_range", low=_percent(share.low_pct), high=_percent(share.high_pct)
        )
    return say("last_mapped.range", figure=figure, counts=counts, reports=reports)


def _months(first: dt.date, last: dt.date) -> str:
    def name(month: dt.date) -> str:
        return say(MONTH_NAME_KEYS[month.month - 1])

    if first == last:
        return say("last_mapped.month", month=name(first), year=first.year)
    if first.year == last.year:
        return say("last_mapped.months", first=name(first), last=name(last), year=last.year)
    return say(
        "last_mapped.months_years",
        first=name(first),
        first_year=first.year,
        last=name(last),
        last_year=last.year,
    )


def note_sentences(note: LastMapped) -> list[str]:
    """The note in the language of the run, one sentence per item: when and how the
    version was mapped, the last public map, the shares reported since, the months
    without reports."""
    version = note.version
    kind = say(KIND_KEYS[version.kind]) if version.kind in KIND_KEYS else version.kind
    sentences = [
        say(
            "last_mapped.when",
            day=_day(version.valid_from),
            kind=kind,
            age=note.age_days,
            shown=_day(note.day),
        )
    ]
    if note.last_public_map is not None:
        sentences.append(say("last_mapped.no_public_map", day=_day(note.last_public_map)))
    if note.ranges:
        ranges = say("last_mapped.separator").join(_range(r) for r in note.ranges)
        sentences.append(say("last_mapped.reported_since", ranges=ranges))
    else:
        sentences.append(say("last_mapped.none_reported"))
    if note.silent_months is not None:
        sentences.append(say("last_mapped.nothing_found", months=_months(*note.silent_months)))
    return sentences


def reported_text(reports: Iterable[ReportedShare], day: dt.date) -> str:
    """The shares reported up to ``day``, by what they count, in the language of the run
    ("Shares reported up to 7 Dec 2026: 53–63 % behind the yellow line (7 reports); ..."):
    what to compare a version's own figures with. Empty when none was."""
    ranges = share_ranges(r for r in reports if r.date <= day)
    if not ranges:
        return ""
    joined = say("last_mapped.separator").join(_range(r) for r in ranges)
    return say("reported.up_to", day=_day(day), ranges=joined)


def note_text(note: LastMapped | None) -> str | None:
    """The whole note as one paragraph (None when there is nothing to say)."""
    return None if note is None else " ".join(note_sentences(note))
