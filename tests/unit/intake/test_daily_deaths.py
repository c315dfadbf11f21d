"""dashboard.intake.daily_deaths: the deaths reported each day, as bundled."""

from __future__ import annotations

import pytest

from dashboard.intake import daily_deaths as dd


def test_daily_deaths_start_at_the_ceasefire_in_the_ministrys_categories():
    deaths = dd.load_daily_deaths()
    table = deaths.table
    assert table["date"].min() == dd.CEASEFIRE_DAY
    assert list(table.columns) == ["date", *dd.DEATH_COLUMNS]
    first = table.iloc[1]  # 11 Oct 2025: the ministry's own three figures
    assert (first["killed"], first["killed_truce_new"], first["killed_recovered"]) == (
        471,
        35,
        116,
    )
    assert "Ministry of Health" in deaths.source


def test_a_missing_deaths_file_is_named(tmp_path):
    with pytest.raises(dd.DailyDeathsError, match=dd.CASUALTIES_FILE):
        dd.load_daily_deaths(tmp_path)
