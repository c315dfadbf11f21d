"""dashboard.intake.reported_series: reported held shares and daily deaths, as bundled."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from dashboard.config import GEODATA_DIR
from dashboard.intake import reported_series as rs


def test_reported_shares_keep_what_each_counts_and_its_source():
    table = rs.load_reported_shares()
    assert list(table["date"]) == sorted(table["date"])
    assert set(table["counts"]) == set(rs.SHARE_COUNTS)
    reuters = table[table["source"].str.startswith("Reuters")].iloc[0]
    assert (reuters["low_pct"], reuters["high_pct"], reuters["mid_pct"]) == (64, 67, 65.5)
    assert reuters["counts"] == "yellow+orange" and reuters["reliability"] == "A"


def test_the_latest_figure_of_a_kind_on_a_date():
    table = rs.load_reported_shares()
    row = rs.latest_of_kind(table, "yellow+orange", dt.date(2026, 5, 1))
    assert row["date"] == dt.date(2026, 4, 30) and row["mid_pct"] == 64
    assert rs.latest_of_kind(table, "yellow+orange", dt.date(2026, 1, 1)) is None


def test_an_unknown_kind_is_refused(tmp_path):
    text = (GEODATA_DIR / rs.REPORTED_SHARES_FILE).read_text(encoding="utf-8")
    (tmp_path / rs.REPORTED_SHARES_FILE).write_text(
        text.replace(",control,", ",rumour,", 1), encoding="utf-8"
    )
    with pytest.raises(rs.ReportedDataError, match="rumour"):
        rs.load_reported_shares(tmp_path)


def test_daily_deaths_start_at_the_ceasefire_in_the_ministrys_categories():
    deaths = rs.load_daily_deaths()
    table = deaths.table
    assert table["date"].min() == rs.CEASEFIRE_DAY
    assert list(table.columns) == ["date", *rs.DEATH_COLUMNS]
    first = table.iloc[1]  # 11 Oct 2025: the ministry's own three figures
    assert (first["killed"], first["killed_truce_new"], first["killed_recovered"]) == (
        471,
        35,
        116,
    )
    assert "Ministry of Health" in deaths.source


def test_a_missing_deaths_file_is_named(tmp_path):
    shutil.copy(GEODATA_DIR / rs.REPORTED_SHARES_FILE, tmp_path)
    with pytest.raises(rs.ReportedDataError, match=rs.CASUALTIES_FILE):
        rs.load_daily_deaths(tmp_path)
