"""dashboard.browser.change_chart: the km² the held side gained and lost at each version."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.browser import change_chart as cc

CHANGES = pd.DataFrame(
    {
        "version": ["b", "c", "d"],
        "label": ["B", "C", "D"],
        "valid_from": [dt.date(2025, 10, 19), dt.date(2025, 11, 20), dt.date(2026, 3, 15)],
        "gained_km2": [15.1, 2.7, 40.1],
        "lost_km2": [17.8, 0.0003, 0.0],
        "net_km2": [-2.7, 2.7, 40.1],
    }
)
DAYS = {"b": "19 أكتوبر 2025", "c": "20 نوفمبر 2025", "d": "15 مارس 2026"}
NAMES = {"b": "خريطة", "c": "تحركات", "d": "المنطقة البرتقالية"}
LABELS = {key: f"<{key}>" for key in cc.LABEL_KEYS}


def test_bars_gain_above_loss_below_without_slivers_and_in_the_pages_words():
    bars = cc.change_bars(CHANGES, DAYS, NAMES)
    # One bar per direction that moved at least MIN_BAR_KM2: c's 0.0003 km² and d's 0 are left out.
    assert list(zip(bars["version"], bars["direction"], strict=True)) == [
        ("b", "gained"),
        ("b", "lost"),
        ("c", "gained"),
        ("d", "gained"),
    ]
    assert list(bars["km2"]) == pytest.approx([15.1, -17.8, 2.7, 40.1])
    assert list(bars["size_km2"]) == [15.1, 17.8, 2.7, 40.1]
    assert bars.loc[bars["version"] == "d", "day"].item() == "15 مارس 2026"
    assert bars.loc[bars["version"] == "d", "name"].item() == "المنطقة البرتقالية"
    assert bars["between"].all()  # no dates compared: every version drawn solid


def test_only_the_versions_between_two_dates_are_solid():
    bars = cc.change_bars(CHANGES, DAYS, NAMES, (dt.date(2025, 11, 1), dt.date(2026, 3, 15)))
    solid = dict(zip(bars["version"], bars["between"], strict=False))
    # b came into force before the earlier date; d on the later date itself counts.
    assert solid == {"b": False, "c": True, "d": True}


def test_the_chart_orders_days_as_the_versions_and_names_everything_from_the_labels():
    spec = cc.change_chart(CHANGES, DAYS, NAMES, LABELS).to_dict()
    encoding = spec["encoding"]
    assert encoding["x"]["sort"] == list(DAYS.values())  # in version order, not alphabetical
    assert encoding["y"]["title"] == "<axis>"
    assert encoding["color"]["scale"]["domain"] == ["<gained>", "<lost>"]
    assert encoding["color"]["scale"]["range"] == list(cc.DIRECTION_COLOURS.values())
    assert {t["title"] for t in encoding["tooltip"]} >= {"<day>", "<version>", "<change>"}
    with pytest.raises(KeyError, match="gained"):
        cc.change_chart(CHANGES, DAYS, NAMES, {})
