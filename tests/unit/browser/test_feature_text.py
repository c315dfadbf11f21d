"""dashboard.browser.feature_text: a user's feature titled and its values readable."""

from __future__ import annotations

import datetime as dt

from dashboard.browser.feature_text import feature_title, readable_value, title_field


def test_the_first_name_like_property_is_the_title():
    assert title_field(["OBJECTID", "NAME", "Block"]) == "NAME"
    assert title_field(["label", "Title"]) == "Title"
    assert title_field(["name_ar", "name_en"], lang="ar") == "name_ar"
    assert title_field(["OBJECTID", "value"]) is None
    assert feature_title({"OBJECTID": 1, "NAME": "Block 118"}) == "Block 118"
    assert feature_title({"name": None, "label": "  ", "title": "A title"}) == "A title"
    assert feature_title({"name": float("nan"), "Name_EN": "Rafah"}) == "Rafah"
    assert feature_title({"value": 3}) is None


def test_whole_numbers_are_whole_and_dates_are_dates():
    assert readable_value("Block", 118.0) == "118"
    assert readable_value("value", 0.25) == "0.25"
    assert readable_value("note", "text") == "text"
    assert readable_value("EFFECTIVE_DATE", 1744373160000.0) == "11 Apr 2025, 12:06 UTC"
    assert readable_value("date", 1744329600000) == "11 Apr 2025"  # midnight: the day alone
    assert readable_value("created_at", 1744373160) == "11 Apr 2025, 12:06 UTC"  # seconds
    assert readable_value("population", 1744373160) == "1744373160"


def test_the_day_is_written_in_the_pages_words():
    def arabic(day: dt.date) -> str:
        return f"{day.day} أبريل {day.year}"

    assert readable_value("date", 1744329600000, arabic) == "11 أبريل 2025"


def test_a_column_of_dates_since_1970_is_written_as_dates_for_the_hover():
    import pandas as pd

    from dashboard.browser.feature_text import readable_dates

    values = pd.Series([1744373160000.0, None, 1744329600000], dtype=object)
    assert readable_dates(values, "EFFECTIVE_DATE").tolist() == [
        "11 Apr 2025, 12:06 UTC",
        None,
        "11 Apr 2025",
    ]
    assert readable_dates(pd.Series([118, 119]), "Block") is None
