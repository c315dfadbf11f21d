"""dashboard.intake.reported_shares: the bundled figures read and checked; broken rows named."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.intake.reported_shares import (
    ReportedSharesError,
    load_reported_shares,
    parse_reported_shares,
)
from dashboard.zones.currency import COUNTS, RELIABILITIES

HEADER = "date,low_pct,high_pct,counts,source,reliability\n"


def test_the_bundled_figures_are_read_in_date_order_with_what_they_count():
    reports = load_reported_shares()
    assert len(reports) >= 17
    assert [r.date for r in reports] == sorted(r.date for r in reports)
    assert reports[0].date == dt.date(2025, 10, 10)
    assert {r.counts for r in reports} == set(COUNTS)
    assert all(r.reliability in RELIABILITIES and r.source for r in reports)
    assert all(0 <= r.low_pct <= r.high_pct <= 100 for r in reports)
    reuters = next(r for r in reports if r.source.startswith("Reuters"))
    assert (reuters.date, reuters.low_pct, reuters.high_pct) == (dt.date(2026, 3, 15), 64, 67)
    assert reuters.counts == "yellow+orange" and reuters.reliability == "A"


def test_a_quoted_source_with_commas_is_one_field():
    [report] = parse_reported_shares(HEADER + '2026-01-26,58,58,yellow,"Al Jazeera, from maps",B\n')
    assert report.source == "Al Jazeera, from maps" and report.low_pct == 58


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2026-13-01,58,58,yellow,x,B", "line 2: date '2026-13-01' is not a date"),
        ("2026-01-26,about 58,58,yellow,x,B", "low_pct 'about 58' is not a share"),
        ("2026-01-26,58,158,yellow,x,B", "high_pct '158' is not a share"),
        ("2026-01-26,60,58,yellow,x,B", "low_pct 60 is above high_pct 58"),
        ("2026-01-26,58,58,held,x,B", "counts 'held' is not one of yellow, yellow+gap"),
        ("2026-01-26,58,58,yellow,x,D", "reliability 'D' is not one of A, B, C"),
        ("2026-01-26,58,58,yellow, ,B", "the source is empty"),
    ],
)
def test_a_broken_row_is_named_with_its_line_and_the_fix(row, message):
    with pytest.raises(ReportedSharesError, match="shares.csv, line 2") as caught:
        parse_reported_shares(HEADER + row + "\n", "shares.csv")
    assert message in str(caught.value)


def test_a_missing_column_is_named():
    with pytest.raises(ReportedSharesError, match="the header lacks reliability"):
        parse_reported_shares("date,low_pct,high_pct,counts,source\n", "shares.csv")
