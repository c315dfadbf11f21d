"""dashboard.intake.event_times: the events' dates and times, at every precision, in the
words of a language."""

from __future__ import annotations

import pytest

from dashboard.intake import event_times as et
from dashboard.intake import timeline_data as ev


@pytest.fixture(scope="module")
def timeline() -> ev.Timeline:
    return ev.load_timeline()


def test_format_time_shows_precision(timeline):
    by_id = {e.id: e for e in timeline.events}
    assert et.format_time(by_id["ceasefire-in-effect"]) == "10 Oct 2025, 12:00 (UTC+3)"
    assert et.format_time(by_id["signing"]) == "9 Oct 2025, ≈ 01:00 (UTC+3)"
    assert et.format_time(by_id["wh-plan"]) == "29 Sep 2025 (time not reported)"
    assert et.format_clock(by_id["signing"]) == "≈ 01:00"
    assert et.format_clock(by_id["wh-plan"]) == ""
    # Coarser precisions of the later events: about a day, a month, a period.
    assert et.format_time(by_id["bani-suhaila-blocks"]) == (
        "about 8 Dec 2025 (exact day not reported)"
    )
    assert et.format_time(by_id["orange-line"]) == "Mar 2026 (day not reported)"
    assert et.format_clock(by_id["orange-line"]) == "Mar 2026, day not reported"
    assert et.format_time(by_id["tuffah-blocks"]) == "2 Dec – 13 Dec 2025"
    assert et.format_clock(by_id["tuffah-blocks"]) == "2 Dec – 13 Dec"


def test_times_are_written_with_the_words_of_a_language(timeline):
    by_id = {e.id: e for e in timeline.events}
    words = et.TimeWords(
        day=lambda d: f"{d.day}/{d.month}/{d.year}",
        day_month=lambda d: f"{d.day}/{d.month}",
        month=lambda d: f"{d.month}/{d.year}",
        day_only="{day} (بلا وقت)",
        clock="{day}، {clock} ({offset})",
        month_clock="{month}، بلا يوم",
    )
    assert et.format_time(by_id["wh-plan"], words) == "29/9/2025 (بلا وقت)"
    assert et.format_time(by_id["ceasefire-in-effect"], words) == "10/10/2025، 12:00 (UTC+3)"
    assert et.format_time(by_id["tuffah-blocks"], words) == "2/12 – 13/12/2025"
    assert et.format_clock(by_id["orange-line"], words) == "3/2026، بلا يوم"


def test_the_last_event_is_written_about_its_day(timeline):
    assert et.format_time(timeline.events[-1]) == "about 8 Oct 2026 (exact day not reported)"
