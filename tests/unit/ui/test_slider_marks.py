"""dashboard.ui.slider_marks: the versions' numbered ticks and the event days' dots on the
date slider, placed by date and told apart."""

from __future__ import annotations

import datetime as dt
import re

from dashboard.ui.slider_marks import marks_html, tick_labels

FIRST = dt.date(2025, 10, 10)
DAYS = [FIRST + dt.timedelta(days=n) for n in range(401)]  # a span of 400 days


def test_ticks_closer_than_the_gap_share_one_label():
    starts = [FIRST, FIRST + dt.timedelta(days=9), FIRST + dt.timedelta(days=100)]
    assert tick_labels(starts, DAYS) == [(starts[0], "1,2"), (starts[2], "3")]
    far = [FIRST, FIRST + dt.timedelta(days=200)]
    assert tick_labels(far, DAYS) == [(far[0], "1"), (far[1], "2")]


def test_versions_are_ticks_and_event_days_are_dots_at_their_place():
    starts = [FIRST, FIRST + dt.timedelta(days=100)]
    events = [FIRST - dt.timedelta(days=30), FIRST + dt.timedelta(days=200)]  # one before
    html = marks_html(DAYS, starts, "Versions", events, "Events <b>", "1–2 & •", "1: 10 Oct")
    ticks = re.search(r'class="gcm-version-marks"[^>]*>(.*?)</div>', html).group(1)
    assert re.findall(r"left:([\d.]+)%", ticks) == ["0.000", "25.000"]
    dots = re.findall(r'<i style="left:([\d.]+)%"></i>', html)
    assert dots == ["50.000"], "a day before the slider's first has no dot"
    assert re.findall(r'<b style="left:([\d.]+)%">(.*?)</b>', html) == [
        ("0.000", "1"),
        ("25.000", "2"),
    ]
    # Labels are text, escaped; the marks read left to right in every language.
    assert 'aria-label="Events &lt;b&gt;"' in html
    assert '<div dir="ltr">' in html
    # What the marks mean, in their own row, with the versions' days on hover.
    assert '<small dir="auto" title="1: 10 Oct">1–2 &amp; •</small>' in html
