"""The held share over time, as a chart: the mapped versions as steps, the reported figures
as points, the date shown marked, and the deaths reported each day on the same time axis.

The frames are tidy (one row per observation, a column for what it counts) and built here,
without Streamlit; the page only places the chart (Streamlit draws Vega-Lite with its own
bundled scripts: nothing is fetched from elsewhere). Every text comes in ``labels``, in the
page's language (see :data:`LABEL_KEYS`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd

from dashboard.config import DRIFT_COLOUR, INK_COLOUR, ORANGE_ZONE_COLOUR, ZONE_COLOURS
from dashboard.zones.currency import ReportedShare

# The texts the chart needs, by key (the page reads them as ``chart.<key>``).
LABEL_KEYS: tuple[str, ...] = (
    "behind_line",
    "with_orange",
    "counts.yellow",
    "counts.yellow+gap",
    "counts.yellow+orange",
    "counts.control",
    "share_axis",
    "date_axis",
    "what",
    "figure",
    "source",
    "reliability",
    "version",
    "shown",
    "deaths_axis",
    "newly_killed",
    "recovered",
    "other_added",
    "killed",
    "category",
    "count",
)
# Mapped steps and reported figures of the same kind share a colour, so that each can be
# compared with its own kind: behind the line ~ "yellow", with the orange zone ~ "yellow+orange".
WHAT_COLOURS: dict[str, str] = {
    "behind_line": ZONE_COLOURS["retained"],
    "with_orange": ORANGE_ZONE_COLOUR,
    "counts.yellow": ZONE_COLOURS["retained"],
    "counts.yellow+gap": "#44AA99",  # teal
    "counts.yellow+orange": ORANGE_ZONE_COLOUR,
    "counts.control": "#777777",
}
WHAT_SHAPES: dict[str, str] = {
    "counts.yellow": "circle",
    "counts.yellow+gap": "diamond",
    "counts.yellow+orange": "square",
    "counts.control": "triangle-up",
}
DEATH_COLOURS: dict[str, str] = {
    "newly_killed": DRIFT_COLOUR,
    "recovered": "#999999",
    "other_added": "#CCCCCC",
}
# Room for the y axes' labels, the same in both panels, so that their dates line up.
Y_AXIS = alt.Axis(minExtent=48)
SHARE_DOMAIN = (0, 80)  # % of the Strip: every mapped and reported figure falls inside
CHART_WIDTH = "container"


def mapped_steps(areas: pd.DataFrame, until: dt.date) -> pd.DataFrame:
    """The ground versions' two held shares as steps, continued to ``until``.

    Parameters
    ----------
    areas : DataFrame
        :func:`dashboard.zones.version_changes.version_areas` (every track: only ``ground``
        is kept).
    until : datetime.date
        The last day drawn (the later of today and the date shown).

    Returns
    -------
    DataFrame
        ``date``, ``what`` (``behind_line`` or ``with_orange``), ``pct``, ``version``: one
        row per version and figure, and one at ``until`` repeating the last.
    """
    ground = areas[areas["track"] == "ground"].sort_values("valid_from")
    rows = []
    for _, version in ground.iterrows():
        for what, column in (("behind_line", "behind_line_pct"), ("with_orange", "held_pct")):
            rows.append(
                {
                    "date": version["valid_from"],
                    "what": what,
                    "pct": round(float(version[column]), 1),
                    "version": version["label"],
                }
            )
    frame = pd.DataFrame(rows, columns=["date", "what", "pct", "version"])
    if not frame.empty:
        last = frame.groupby("what", sort=False).tail(1).copy()
        last["date"] = max(until, *last["date"])
        frame = pd.concat([frame, last], ignore_index=True)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def reported_points(reported: Sequence[ReportedShare]) -> pd.DataFrame:
    """The reported shares as points: ``date``, ``what`` (``counts.<counts>``), ``low_pct``,
    ``high_pct``, ``mid_pct`` (where the point is drawn), ``figure`` (``"53 %"`` or
    ``"64–67 %"``), ``source``, ``reliability``."""
    frame = pd.DataFrame(
        [dataclasses.asdict(report) for report in reported],
        columns=["date", "low_pct", "high_pct", "counts", "source", "reliability"],
    )
    frame["mid_pct"] = (frame["low_pct"] + frame["high_pct"]) / 2
    frame["what"] = "counts." + frame["counts"]
    frame["figure"] = [
        f"{low:g} %" if low == high else f"{low:g}–{high:g} %"
        for low, high in zip(frame["low_pct"], frame["high_pct"], strict=True)
    ]
    frame["date"] = pd.to_datetime(frame["date"])
    return frame[
        ["date", "what", "low_pct", "high_pct", "mid_pct", "figure", "source", "reliability"]
    ]


def deaths_bars(deaths: pd.DataFrame) -> pd.DataFrame:
    """The deaths of each day in the ministry's categories, stacked: ``date``, ``category``
    (``newly_killed``, ``recovered``, ``other_added``: the rest of the day's ``killed``,
    which the report does not break down), ``count``, the day's ``killed``, and ``order``
    (the stacking order, newly killed at the bottom)."""
    rows = []
    for _, day in deaths.iterrows():
        new = 0 if pd.isna(day["killed_truce_new"]) else int(day["killed_truce_new"])
        recovered = int(day["killed_recovered"])
        rest = max(int(day["killed"]) - new - recovered, 0)
        parts = (("newly_killed", new), ("recovered", recovered), ("other_added", rest))
        for order, (category, count) in enumerate(parts):
            if count:
                rows.append(
                    {
                        "date": day["date"],
                        "category": category,
                        "count": count,
                        "killed": int(day["killed"]),
                        "order": order,
                    }
                )
    frame = pd.DataFrame(rows, columns=["date", "category", "count", "killed", "order"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def _named(
    frame: pd.DataFrame, column: str, labels: Mapping[str, str], prefix: str = ""
) -> pd.DataFrame:
    out = frame.copy()
    out[column] = [labels[f"{prefix}{value}"] for value in out[column]]
    return out


@dataclass(frozen=True)
class HeldCharts:
    """The two panels of the chart, on one time axis (the same domain in both): drawn one
    above the other, each as wide as the page (a concatenated chart keeps a fixed width,
    too wide for a phone)."""

    shares: alt.LayerChart
    deaths: alt.LayerChart

    def panels(self) -> tuple[alt.LayerChart, alt.LayerChart]:
        """Each panel sized for a page: as wide as it, as tall as its plot plus its legend
        (a chart fitted in both directions would shrink its plot to make room for the
        legend)."""
        fit = alt.AutoSizeParams(type="fit-x", contains="padding")
        return self.shares.properties(autosize=fit), self.deaths.properties(autosize=fit)

    def combined(self) -> alt.VConcatChart:
        """Both panels as one chart (for a file, or a page of fixed width)."""
        return alt.vconcat(self.shares, self.deaths, spacing=12).resolve_scale(
            x="shared", color="independent", shape="independent"
        )


def held_chart(
    areas: pd.DataFrame,
    reported: Sequence[ReportedShare],
    deaths: pd.DataFrame,
    shown: dt.date,
    labels: Mapping[str, str],
    *,
    today: dt.date | None = None,
) -> HeldCharts:
    """The chart: the held shares over time above, the deaths reported each day below.

    Parameters
    ----------
    areas : DataFrame
        :func:`dashboard.zones.version_changes.version_areas`.
    reported : sequence of ReportedShare
        :func:`dashboard.intake.reported_shares.load_reported_shares`.
    deaths : DataFrame
        ``DailyDeaths.table`` of :func:`dashboard.intake.daily_deaths.load_daily_deaths`.
    shown : datetime.date
        The date shown on the page: marked by a rule on both panels.
    labels : mapping of str to str
        Every text of :data:`LABEL_KEYS`, in the page's language.
    today : datetime.date, optional
        The last day of the time axis (with ``shown``, whichever is later).
    """
    missing = [key for key in LABEL_KEYS if key not in labels]
    if missing:
        raise KeyError(f"held_chart needs the labels {', '.join(missing)}")
    end = max(today or dt.date.today(), shown)
    steps = _named(mapped_steps(areas, end), "what", labels)
    points = _named(reported_points(reported), "what", labels)
    bars = _named(deaths_bars(deaths), "category", labels)
    start = min(steps["date"].min(), points["date"].min(), bars["date"].min())
    x_scale = alt.Scale(domain=[start.isoformat(), pd.Timestamp(end).isoformat()])
    x = alt.X("date:T", scale=x_scale, title=None, axis=alt.Axis(format="%m/%Y", labelAngle=0))
    what_keys = list(WHAT_COLOURS)
    colour = alt.Color(
        "what:N",
        scale=alt.Scale(
            domain=[labels[k] for k in what_keys], range=[WHAT_COLOURS[k] for k in what_keys]
        ),
        legend=alt.Legend(title=labels["what"], orient="bottom", columns=1, labelLimit=320),
    )
    shape = alt.Shape(
        "what:N",
        scale=alt.Scale(
            domain=[labels[k] for k in what_keys],
            range=["stroke", "stroke", *(WHAT_SHAPES[k] for k in what_keys[2:])],
        ),
        legend=None,
    )

    def share_y(field: str, **title) -> alt.Y:
        """The share axis, the same scale for the steps, the ranges and the dots."""
        return alt.Y(field, scale=alt.Scale(domain=list(SHARE_DOMAIN)), axis=Y_AXIS, **title)

    y = share_y("pct:Q", title=labels["share_axis"])
    date_tip = alt.Tooltip("date:T", title=labels["date_axis"], format="%Y-%m-%d")
    step_line = (
        alt.Chart(steps)
        .mark_line(interpolate="step-after", strokeWidth=2.5)
        .encode(
            x=x,
            y=y,
            color=colour,
            tooltip=[
                date_tip,
                alt.Tooltip("what:N", title=labels["what"]),
                alt.Tooltip("pct:Q", title=labels["figure"], format=".0f"),
                alt.Tooltip("version:N", title=labels["version"]),
            ],
        )
    )
    ranges = (
        alt.Chart(points[points["low_pct"] != points["high_pct"]])
        .mark_rule(strokeWidth=2)
        .encode(
            x=x,
            y=share_y("low_pct:Q"),
            y2="high_pct:Q",
            color=colour,
        )
    )
    dots = (
        alt.Chart(points)
        .mark_point(filled=True, size=80, opacity=0.95, stroke=INK_COLOUR, strokeWidth=0.6)
        .encode(
            x=x,
            y=share_y("mid_pct:Q", title=labels["share_axis"]),
            color=colour,
            shape=shape,
            tooltip=[
                date_tip,
                alt.Tooltip("what:N", title=labels["what"]),
                alt.Tooltip("figure:N", title=labels["figure"]),
                alt.Tooltip("source:N", title=labels["source"]),
                alt.Tooltip("reliability:N", title=labels["reliability"]),
            ],
        )
    )
    marker = pd.DataFrame({"date": [pd.Timestamp(shown)], "text": [labels["shown"]]})
    rule = (
        alt.Chart(marker)
        .mark_rule(color=INK_COLOUR, strokeDash=[5, 3], strokeWidth=1.5)
        .encode(x=x, tooltip=[alt.Tooltip("text:N", title=labels["shown"]), date_tip])
    )
    # The label on the side of the rule with room: beyond the plot it would widen the panel's
    # padding, and the two panels' time axes would no longer line up.
    late = pd.Timestamp(shown) > pd.Timestamp(start) + (pd.Timestamp(end) - pd.Timestamp(start)) / 2
    rule_text = (
        alt.Chart(marker)
        .mark_text(
            align="right" if late else "left",
            dx=-4 if late else 4,
            dy=-4,
            baseline="bottom",
            color=INK_COLOUR,
            fontSize=11,
        )
        .encode(x=x, y=alt.value(12), text="text:N")
    )
    shares = alt.layer(step_line, ranges, dots, rule, rule_text).properties(
        width=CHART_WIDTH, height=230
    )
    death_keys = list(DEATH_COLOURS)
    stacked = (
        alt.Chart(bars)
        .mark_bar(width=2)
        .encode(
            x=x,
            y=alt.Y("sum(count):Q", title=labels["deaths_axis"], stack="zero", axis=Y_AXIS),
            color=alt.Color(
                "category:N",
                scale=alt.Scale(
                    domain=[labels[k] for k in death_keys],
                    range=[DEATH_COLOURS[k] for k in death_keys],
                ),
                legend=alt.Legend(
                    title=labels["category"], orient="bottom", columns=1, labelLimit=320
                ),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                date_tip,
                alt.Tooltip("category:N", title=labels["category"]),
                alt.Tooltip("count:Q", title=labels["count"]),
                alt.Tooltip("killed:Q", title=labels["killed"]),
            ],
        )
    )
    deaths_panel = alt.layer(stacked, rule).properties(width=CHART_WIDTH, height=130)
    return HeldCharts(shares, deaths_panel)
