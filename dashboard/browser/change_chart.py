"""The km² the held side gained and lost at each version, as a small bar chart: gained
above the axis, lost below it, one pair of bars per version, the versions between two
dates compared drawn solid and the others faded.

The frame is tidy (one row per version and direction) and built here, without Streamlit;
the page only places the chart (Streamlit draws Vega-Lite with its own bundled scripts).
Every text comes in ``labels`` and the days come already written in the page's language,
so the axis never shows Vega's English month names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import altair as alt
import pandas as pd

from dashboard.config import ZONE_COLOURS

# The texts the chart needs, by key (the page reads them as ``change_chart.<key>``).
LABEL_KEYS: tuple[str, ...] = ("gained", "lost", "axis", "version", "day", "change")
# Newly held in the held side's colour, no longer held in the colour of land handed back.
DIRECTION_COLOURS: dict[str, str] = {
    "gained": ZONE_COLOURS["retained"],
    "lost": ZONE_COLOURS["withdrawal"],
}
FADED_OPACITY = 0.35  # a version outside the two dates compared
CHART_HEIGHT = 170
# Below this many km², a bar is not drawn: slivers where two versions' edges differ by a
# rounding, not a move of the line.
MIN_BAR_KM2 = 0.01


def change_bars(
    changes: pd.DataFrame,
    day_texts: Mapping[str, str],
    names: Mapping[str, str],
    between: tuple[dt.date, dt.date] | None = None,
) -> pd.DataFrame:
    """The bars of the chart.

    Parameters
    ----------
    changes : DataFrame
        :func:`dashboard.zones.version_changes.held_changes`.
    day_texts, names : mapping of version id to str
        Each version's first day and its name, in the page's language.
    between : (date, date), optional
        Two dates compared: the versions that came into force after the first and on or
        before the second are marked ``between``.

    Returns
    -------
    DataFrame
        ``version``, ``day`` (text), ``name``, ``direction`` (``gained`` or ``lost``),
        ``km2`` (signed: lost below zero), ``size_km2`` (its size, for the tooltip),
        ``between`` (bool), one row per version and direction with at least
        :data:`MIN_BAR_KM2`.
    """
    rows = []
    for _, change in changes.iterrows():
        inside = between is None or between[0] < change["valid_from"] <= between[1]
        for direction, sign in (("gained", 1), ("lost", -1)):
            size = float(change[f"{direction}_km2"])
            if size < MIN_BAR_KM2:
                continue
            rows.append(
                {
                    "version": change["version"],
                    "day": day_texts[change["version"]],
                    "name": names[change["version"]],
                    "direction": direction,
                    "km2": sign * size,
                    "size_km2": round(size, 1),
                    "between": bool(inside),
                }
            )
    columns = ["version", "day", "name", "direction", "km2", "size_km2", "between"]
    return pd.DataFrame(rows, columns=columns)


def change_chart(
    changes: pd.DataFrame,
    day_texts: Mapping[str, str],
    names: Mapping[str, str],
    labels: Mapping[str, str],
    between: tuple[dt.date, dt.date] | None = None,
) -> alt.Chart:
    """The chart of :func:`change_bars`, its texts from ``labels`` (every key of
    :data:`LABEL_KEYS`, in the page's language), as wide as its container."""
    missing = [key for key in LABEL_KEYS if key not in labels]
    if missing:
        raise KeyError(f"change_chart needs the labels {', '.join(missing)}")
    bars = change_bars(changes, day_texts, names, between)
    bars["direction"] = [labels[d] for d in bars["direction"]]
    days = [day_texts[v] for v in changes["version"]]  # in version order
    directions = list(DIRECTION_COLOURS)
    colour = alt.Color(
        "direction:N",
        scale=alt.Scale(
            domain=[labels[d] for d in directions],
            range=[DIRECTION_COLOURS[d] for d in directions],
        ),
        legend=alt.Legend(title=None, orient="bottom"),
    )
    return (
        alt.Chart(bars)
        .mark_bar()
        .encode(
            x=alt.X("day:N", sort=days, title=None, axis=alt.Axis(labelAngle=-35)),
            y=alt.Y("km2:Q", title=labels["axis"]),
            color=colour,
            opacity=alt.condition(alt.datum.between, alt.value(1.0), alt.value(FADED_OPACITY)),
            tooltip=[
                alt.Tooltip("day:N", title=labels["day"]),
                alt.Tooltip("name:N", title=labels["version"]),
                alt.Tooltip("direction:N", title=labels["change"]),
                alt.Tooltip("size_km2:Q", title="km²", format=".1f"),
            ],
        )
        # As wide as the page, as tall as its plot plus the days and the legend (fitted in
        # both directions, the plot would shrink to make room for them).
        .properties(
            width="container",
            height=CHART_HEIGHT,
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
    )
