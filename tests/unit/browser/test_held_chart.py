"""dashboard.browser.held_chart: the held share over time (steps, reported points, the date
shown) and the deaths reported each day, on one time axis."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from dashboard.browser import held_chart as hc
from dashboard.zones.currency import ReportedShare

AREAS = pd.DataFrame(
    {
        "version": ["a", "b", "plan"],
        "label": ["A", "B", "Plan"],
        "track": ["ground", "ground", "plan-phase-1"],
        "valid_from": [dt.date(2025, 10, 10), dt.date(2026, 3, 15), dt.date(2025, 9, 29)],
        "held_pct": [55.2, 67.0, 55.2],
        "behind_line_pct": [55.2, 56.0, 55.2],
    }
)
REPORTED = [
    ReportedShare(dt.date(2025, 10, 10), 53.0, 53.0, "yellow", "ISW", "A"),
    ReportedShare(dt.date(2026, 3, 15), 64.0, 67.0, "yellow+orange", "Reuters", "A"),
]
DEATHS = pd.DataFrame(
    {
        "date": [dt.date(2025, 10, 11), dt.date(2025, 10, 12)],
        "killed": [471, 20],
        "killed_truce_new": pd.array([35, pd.NA], dtype="Int64"),
        "killed_recovered": [116, 0],
    }
)
LABELS = {key: f"<{key}>" for key in hc.LABEL_KEYS}


def test_mapped_steps_give_both_figures_for_the_ground_only_up_to_the_end():
    steps = hc.mapped_steps(AREAS, dt.date(2026, 12, 7))
    assert set(steps["version"]) == {"A", "B"}
    last = steps.groupby("what").tail(1).set_index("what")["pct"].to_dict()
    assert last == {"behind_line": 56.0, "with_orange": 67.0}
    assert steps["date"].max() == pd.Timestamp("2026-12-07")


def test_reported_points_say_what_they_count_and_their_range():
    points = hc.reported_points(REPORTED)
    assert list(points["what"]) == ["counts.yellow", "counts.yellow+orange"]
    assert list(points["figure"]) == ["53 %", "64–67 %"]
    assert list(points["mid_pct"]) == [53.0, 65.5]  # a range drawn at its middle


def test_deaths_keep_the_ministrys_categories_and_add_up_to_the_day():
    bars = hc.deaths_bars(DEATHS)
    day = bars[bars["date"] == pd.Timestamp("2025-10-11")].set_index("category")["count"]
    assert day.to_dict() == {"newly_killed": 35, "recovered": 116, "other_added": 320}
    # A report without newly killed: the whole toll is "not broken down", nothing invented.
    other = bars[bars["date"] == pd.Timestamp("2025-10-12")]
    assert other[["category", "count"]].values.tolist() == [["other_added", 20]]


def test_the_chart_marks_the_date_shown_and_names_everything_in_the_labels():
    chart = hc.held_chart(
        AREAS, REPORTED, DEATHS, dt.date(2026, 5, 1), LABELS, today=dt.date(2026, 12, 7)
    )
    spec = chart.combined().to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert len(spec["vconcat"]) == 2  # shares above, deaths below
    # One time axis: the same dates in both panels.
    shares, deaths = chart.shares.to_dict(), chart.deaths.to_dict()
    domains = [
        json.dumps(layer["encoding"]["x"]["scale"]["domain"])
        for panel in (shares, deaths)
        for layer in panel["layer"]
    ]
    assert len(set(domains)) == 1 and "2026-12-07" in domains[0]
    # On the page, each panel keeps its plot's height under its legend.
    assert all(panel.to_dict()["autosize"]["type"] == "fit-x" for panel in chart.panels())
    for key in ("behind_line", "with_orange", "counts.yellow", "source", "reliability", "shown"):
        assert f"<{key}>" in text
    assert '"interpolate": "step-after"' in text
    assert "2026-05-01" in text  # the rule at the date shown
    assert "http" not in text.replace("https://vega.github.io/schema", "")  # nothing fetched


def test_a_missing_label_is_named():
    labels = dict(LABELS)
    del labels["shown"]
    with pytest.raises(KeyError, match="shown"):
        hc.held_chart(AREAS, REPORTED, DEATHS, dt.date(2026, 5, 1), labels)
