"""dashboard.zones.currency: a version's age on the date shown, and the "last mapped" note."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.config import LAST_MAPPED_AFTER_DAYS
from dashboard.messages import language_of
from dashboard.zones.currency import (
    LastMapped,
    ReportedShare,
    ShareRange,
    last_mapped,
    last_public_map,
    note_sentences,
    note_text,
    reported_between,
    share_ranges,
    silent_months,
    version_age_days,
)
from dashboard.zones.series import Version

D = dt.date
PUBLISHED = Version("2025-10-19-map", D(2025, 10, 19), D(2026, 3, 15), "published", "Map", "ground")
ORANGE = Version("2026-03-15-orange", D(2026, 3, 15), None, "reported", "Orange", "ground")
PLAN = Version("2025-09-29-plan", D(2025, 9, 29), None, "planned", "Plan", "plan-phase-1")
VERSIONS = [PLAN, PUBLISHED, ORANGE]


def share(day: dt.date, low: float, high: float | None = None, counts: str = "yellow"):
    return ReportedShare(day, low, low if high is None else high, counts, "an outlet", "B")


REPORTS = [
    share(D(2025, 10, 19), 53.1),
    share(D(2026, 3, 15), 64, 67, "yellow+orange"),
    share(D(2026, 3, 31), 50, 60, "control"),
    share(D(2026, 7, 15), 70, counts="control"),
    share(D(2026, 10, 8), 63, 65, "yellow+orange"),
]


def test_the_age_is_counted_in_days_from_the_first_day():
    assert version_age_days(ORANGE, D(2026, 3, 15)) == 0
    assert version_age_days(ORANGE, D(2026, 12, 7)) == 267


@pytest.mark.parametrize(
    ("age", "said"),
    [(0, False), (LAST_MAPPED_AFTER_DAYS, False), (LAST_MAPPED_AFTER_DAYS + 1, True)],
)
def test_the_note_comes_only_more_than_30_days_after_the_version_began(age, said):
    day = ORANGE.valid_from + dt.timedelta(days=age)
    assert (last_mapped(ORANGE, day, VERSIONS, REPORTS) is not None) is said


def test_a_phase_of_the_plan_gets_no_note():
    assert last_mapped(PLAN, D(2026, 12, 7), VERSIONS, REPORTS) is None


def test_the_last_public_map_is_the_latest_published_ground_version_begun_by_then():
    assert last_public_map(VERSIONS, D(2026, 12, 7)) == D(2025, 10, 19)
    assert last_public_map(VERSIONS, D(2025, 10, 18)) is None


def test_the_ranges_are_those_reported_since_the_version_began_up_to_the_day_shown():
    since = reported_between(REPORTS, ORANGE.valid_from, D(2026, 8, 1))
    assert [r.date for r in since] == [D(2026, 3, 15), D(2026, 3, 31), D(2026, 7, 15)]
    assert share_ranges(since) == (
        ShareRange("yellow+orange", 64, 67, 1),
        ShareRange("control", 50, 70, 2),
    )


def test_the_months_after_the_latest_report_are_those_with_nothing_found():
    assert silent_months(REPORTS, D(2026, 12, 7)) == (D(2026, 11, 1), D(2026, 12, 1))
    assert silent_months(REPORTS, D(2027, 1, 3)) == (D(2026, 11, 1), D(2027, 1, 1))
    assert silent_months(REPORTS, D(2026, 10, 30)) is None  # the latest report's month
    # A month with no share reported before the latest report is not said to be empty:
    # other news of it may exist.
    assert silent_months(REPORTS, D(2025, 11, 25)) is None
    assert silent_months([], D(2026, 12, 7)) is None


def test_the_note_on_7_dec_2026_says_when_how_and_what_was_reported():
    note = last_mapped(ORANGE, D(2026, 12, 7), VERSIONS, REPORTS)
    assert isinstance(note, LastMapped) and note.age_days == 267
    assert note_sentences(note) == [
        "Last mapped 15 Mar 2026, drawn from reports: 267 days before 7 Dec 2026.",
        "No public map of the line exists after 19 Oct 2025.",
        "Shares of the Strip reported held since: 63–67 % with the orange restricted zone "
        "(2 reports); 50–70 % in claims of “control” (2 reports).",
        "Nothing was found for November–December 2026.",
    ]
    assert note_text(note) == " ".join(note_sentences(note))
    assert note_text(None) is None


def test_a_published_version_with_a_single_figure_since():
    note = last_mapped(PUBLISHED, D(2025, 11, 25), VERSIONS, REPORTS)
    sentences = note_sentences(note)
    assert sentences[0].startswith("Last mapped 19 Oct 2025, from a published map: 37 days")
    assert (
        sentences[2]
        == "Shares of the Strip reported held since: 53.1 % behind the yellow line (1 report)."
    )
    assert len(sentences) == 3  # November 2025 is before the latest report: nothing more


def test_no_report_since_is_said():
    note = last_mapped(ORANGE, D(2026, 5, 1), VERSIONS, REPORTS[:1])
    assert "No share of the Strip held was reported since." in note_sentences(note)


def test_the_note_in_arabic():
    note = last_mapped(ORANGE, D(2026, 12, 7), VERSIONS, REPORTS)
    with language_of("ar"):
        text = note_text(note)
    assert "15 مارس 2026" in text and "مرسوم من التقارير" in text
    assert "19 أكتوبر 2025" in text and "نوفمبر–ديسمبر 2026" in text
    assert "63–67 %" in text and "ادعاءات «السيطرة»" in text
    assert not any("a" <= c.lower() <= "z" for c in text)  # no English left in it
