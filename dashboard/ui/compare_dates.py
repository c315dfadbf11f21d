"""Compare two dates: a toggle right under the map, two dates picked, the version in force on
each named, the earlier line drawn dashed beside the line of the date shown and the changed
areas shaded; below, the km² per category and per municipality, and the chart of the km²
the held side gained and lost at each version.

The later date is the map's own: changing one changes the other, so the map always shows
the later of the two dates, and the earlier one is drawn over it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.browser.change_chart import LABEL_KEYS, change_chart
from dashboard.browser.escaping import escape_markdown
from dashboard.browser.features import format_area, with_fids
from dashboard.browser.map_builder import line_group, polygon_group
from dashboard.browser.map_legend import LegendEntry
from dashboard.browser.styles import LINE_STYLES, ORANGE_KIND, TooltipSpec, change_style
from dashboard.messages import isolate, without_isolates
from dashboard.ui import data
from dashboard.ui.dates import DATE_KEY, DateChoice, version_label
from dashboard.ui.i18n import category_label, format_day, is_rtl, language, t, word
from dashboard.ui.panels import comparison_table
from dashboard.ui.st_folium_cached import GroupSpec
from dashboard.zones import series, version_changes

TOGGLE_KEY = "cmp_show"
FROM_KEY = "cmp_from"
TO_KEY = "cmp_to"
CHANGES_KEY = "dates-changes"  # layer key of the changed areas' feature ids
EARLIER_LINE_COLOUR = str(LINE_STYLES["earlier_line"]["color"])


def _no_tables() -> None:
    """Nothing to draw below the map: the dates are not compared."""


@dataclass(frozen=True)
class DateComparison:
    """Two dates compared, for the page: the map's layers (the earlier line, the changed
    areas), their clickable features by layer key, their legend rows, and ``show_tables``,
    which the page calls after the map (the browser gets the map before the tables, which
    are slow to lay out)."""

    specs: tuple[GroupSpec, ...] = ()
    lookup: Mapping[str, gpd.GeoDataFrame] = field(default_factory=dict)
    legend: tuple[LegendEntry, ...] = ()
    show_tables: Callable[[], None] = _no_tables


def no_date_comparison() -> DateComparison:
    """No comparison of dates: nothing on the map, nothing to draw."""
    return DateComparison()


def version_name(version: series.Version) -> str:
    """A version's name in the page's language without the date its label starts with (the
    texts around it give the date: "19 Oct 2025 → version of 19 Oct 2025: 19 Oct 2025: ..."
    said it three times)."""
    name = series.label_without_date(without_isolates(version_label(version)))
    return isolate(name) if is_rtl() else name


def in_force_text(day: dt.date, version: series.Version) -> str:
    """ "15 Apr 2026 → version of 15 Mar 2026 (orange restricted zone)", as Markdown."""
    return t(
        "compare_dates.in_force",
        day=format_day(day),
        start=format_day(version.valid_from),
        label=escape_markdown(version_name(version)),
    )


def _date_range() -> tuple[dt.date, dt.date]:
    """The days that can be compared: from the first ground version's to today, as the date
    control above the map."""
    ground = [v for v in data.versions() if v.track == series.GROUND_TRACK]
    return min(v.valid_from for v in ground), dt.date.today()


def _move_the_map() -> None:
    """The later date was changed: the map (the date control above it) follows."""
    later = st.session_state.get(TO_KEY)
    if isinstance(later, dt.date):
        st.session_state[DATE_KEY] = later


def compare_dates_panel(shown: DateChoice) -> DateComparison:
    """The toggle, and when it is on: the two dates, the version in force on each, and what
    the held side gained and lost between them. Returns what the map and the page below it
    draw (see :class:`DateComparison`)."""
    on = st.toggle(t("compare_dates.toggle"), key=TOGGLE_KEY, help=t("compare_dates.help"))
    if not on:
        return no_date_comparison()
    if shown.version.planned:
        st.caption(t("compare_dates.ground_only"))
        return no_date_comparison()
    first, last = _date_range()
    # The later date is the map's (set before its widget is drawn, so no default is given).
    later = st.session_state[TO_KEY] = min(max(shown.day, first), last)
    # The earlier date stays on or before the later one (the map shows the later date).
    earlier = st.session_state.get(FROM_KEY)
    if not isinstance(earlier, dt.date) or not first <= earlier <= later:
        st.session_state[FROM_KEY] = first
    left, right = st.columns(2)
    picked = left.date_input(
        t("compare_dates.from"), key=FROM_KEY, min_value=first, max_value=later
    )
    right.date_input(
        t("compare_dates.to"),
        key=TO_KEY,
        min_value=first,
        max_value=last,
        on_change=_move_the_map,
        help=t("compare_dates.to_help"),
    )
    if not isinstance(picked, dt.date):  # the box was emptied
        st.caption(t("compare_dates.pick"))
        return no_date_comparison()
    compared = version_changes.compare_dates(data.zone_versions(), picked, shown.day)
    st.markdown(
        "  \n".join(
            in_force_text(day, version)
            for day, version in (
                (compared.earlier_day, compared.earlier),
                (compared.later_day, compared.later),
            )
        )
    )
    tables = partial(_below_the_map, compared)
    if compared.same_version:
        st.info(
            t(
                "compare_dates.same_version",
                earlier=format_day(compared.earlier_day),
                later=format_day(compared.later_day),
            )
        )
        return DateComparison(show_tables=tables)
    return _on_the_map(compared, tables)


def _on_the_map(
    compared: version_changes.DatesCompared, tables: Callable[[], None]
) -> DateComparison:
    """The earlier line and the changed areas on the map, and what changed in km²."""
    earlier_day = format_day(compared.earlier_day)
    lang, name = language(), t("legend.earlier_line", day=earlier_day)
    line_spec: GroupSpec = (
        ("bundled", "earlier-line", compared.earlier.id, lang, name),
        partial(line_group, data.earlier_line_geojson(compared.earlier.id, lang), name),
    )
    legend = (LegendEntry("dashed", EARLIER_LINE_COLOUR, name),)
    lookup = {data.EARLIER_LINE_KEY: data.earlier_line(compared.earlier.id)}
    changes = data.version_comparison(compared.earlier.id, compared.later.id).changes
    if changes.empty:
        st.caption(t("compare_dates.no_change"))
        return DateComparison((line_spec,), lookup, legend, tables)
    gained, lost = version_changes.held_moves(changes)
    st.caption(
        t(
            "compare_dates.held_change",
            gained=format_area(gained, word=word),
            lost=format_area(lost, word=word),
        )
    )
    changes = _named_changes(with_fids(changes, CHANGES_KEY))
    st.caption(
        t(
            "compare_dates.changes_caption",
            day=earlier_day,
            area=format_area(changes["area_km2"].sum(), word=word),
        )
    )
    aliases = (t("compare_dates.tooltip_change"), t("tooltip.area_text"))
    tooltip = TooltipSpec(
        ("name", "area_text"), tuple(map(isolate, aliases)) if is_rtl() else aliases
    )
    change_spec: GroupSpec = (
        ("bundled", "date-changes", compared.earlier.id, compared.later.id, lang),
        partial(polygon_group, changes, t("compare_dates.toggle"), change_style, tooltip),
    )
    return DateComparison(
        (change_spec, line_spec), {**lookup, CHANGES_KEY: changes}, legend, tables
    )


def _named_changes(changes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The changed areas as the map shows them: named "from → to" in the page's language,
    their area in words, and the orange restricted zone's own colour (its ``kind``)."""
    orange = changes["restriction"] == series.RESTRICTED_BEYOND_LINE
    later = [
        t("legend.orange_zone") if beyond else category_label(zone)
        for zone, beyond in zip(changes["to_zone"], orange, strict=True)
    ]
    names = [
        f"{category_label(f)} → {to}" for f, to in zip(changes["from_zone"], later, strict=True)
    ]
    return changes.assign(
        name=[isolate(n) for n in names] if is_rtl() else names,
        kind=[ORANGE_KIND if beyond else None for beyond in orange],
        area_text=[format_area(a, word=word) for a in changes["area_km2"]],
    )


def _below_the_map(compared: version_changes.DatesCompared) -> None:
    """Under the map's row: km² per category and per municipality on the two dates (when
    their versions differ), and the chart of the km² changed at each version."""
    earlier, later = format_day(compared.earlier_day), format_day(compared.later_day)
    st.subheader(t("compare_dates.heading", earlier=earlier, later=later), anchor=False)
    if not compared.same_version:
        first, second = compared.earlier.id, compared.later.id
        comparison_table(data.version_comparison(first, second).table, earlier, later)
        by_town = data.municipality_changes(first, second)
        if not by_town.empty:
            with st.expander(t("compare_dates.by_municipality")):
                st.dataframe(_municipality_table(by_town, earlier, later), hide_index=True)
    changes_chart((compared.earlier_day, compared.later_day))


def changes_chart(between: tuple[dt.date, dt.date]) -> None:
    """The chart of the km² the held side gained and lost at each ground version, the
    versions between the two dates ``between`` drawn solid."""
    changes = data.held_changes()
    if changes.empty:
        return
    by_id = {v.id: v for v in data.versions()}
    versions = [by_id[v] for v in changes["version"]]
    st.markdown(f"**{escape_markdown(t('change_chart.heading'))}**")
    chart = change_chart(
        changes,
        {v.id: format_day(v.valid_from) for v in versions},
        {v.id: version_name(v) for v in versions},
        {key: t(f"change_chart.{key}") for key in LABEL_KEYS},
        between,
    )
    st.altair_chart(chart, width="stretch")
    st.caption(t("change_chart.caption"))


def _municipality_table(by_town: pd.DataFrame, first: str, second: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("municipalities.col_name"): by_town["name"],
            t("municipalities.col_name_ar"): by_town["name_ar"],
            t("compare.col_km2", name=first): by_town["first_held_km2"].round(1),
            t("compare.col_km2", name=second): by_town["second_held_km2"].round(1),
            t("compare.col_change"): by_town["change_km2"].round(1),
        }
    )
