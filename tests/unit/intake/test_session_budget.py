"""One session's uploads are bounded in number and in bytes together."""

from __future__ import annotations

from dashboard.intake.session_budget import SessionBudget, refusal

BUDGET = SessionBudget(max_files=3, max_bytes=100)


def test_a_file_that_fits_is_accepted():
    assert refusal("a.geojson", 40, [30, 30], BUDGET) is None


def test_one_file_more_than_the_session_may_hold_is_refused():
    said = refusal("d.geojson", 1, [1, 1, 1], BUDGET)
    assert said is not None and "3 uploaded files" in said and "d.geojson" in said


def test_bytes_beyond_the_session_total_are_refused():
    said = refusal("big.geojson", 41, [30, 30], BUDGET)
    assert said is not None and "big.geojson" in said


def test_removing_a_file_frees_its_share():
    assert refusal("big.geojson", 41, [30], BUDGET) is None
