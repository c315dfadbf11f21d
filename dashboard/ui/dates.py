"""The date control above the map, and the comparison of two dates below it.

The chosen date lives in ``st.session_state`` and in the page address (``?at=2025-10-19``),
so a copied link opens the same date; a plan phase is chosen with ``?plan=<track>``.
Selecting a timeline event moves the date to the event's day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.browser.escaping import escape_markdown
from dashboard.browser.features import format_area, with_fids
from dashboard.browser.map_builder import change_group
from dashboard.intake import timeline_data as ev
from dashboard.ui import data
from dashboard.ui.panels import comparison_table
from dashboard.ui.st_folium_cached import GroupSpec
from dashboard.zones import series
from dashboard.zones.municipalities import compare_sides

AT_PARAM = "at"
PLAN_PARAM = "plan"
DATE_KEY = "zone_date"
TRACK_KEY = "zone_track"
SEEN_EVENT_KEY = "_date_follows_event"
GROUND_LABEL = "On the ground"
# What the buffer category holds, by the ``restriction`` of its features (see geodata/README.md).
BUFFER_HOLDS = {
    "perimeter": "the perimeter band along the fence, inside the held side",
    "orange": "the orange restricted zone beyond the line",
}
KIND_SHORT = {"planned": "planned", "published": "published map", "reported": "reported"}
KIND_TEXT = {
    "planned": "planned: a published plan, never in force",
    "published": "published: drawn from an official map",
    "reported": "reported: drawn by hand from press and satellite reporting",
}


def _day(when: dt.date) -> str:
    return f"{when.day} {when:%b %Y}"


def _track_label(track: str, versions: Sequence[series.Version]) -> str:
    if track == series.GROUND_TRACK:
        return GROUND_LABEL
    first = next(v for v in versions if v.track == track)
    return f"Plan: {first.label}"


def _dates(versions: Sequence[series.Version], events: Sequence[ev.Event]) -> list[dt.date]:
    """The stops of the slider: every ground version's first day and every event day after
    the first version, up to today."""
    ground = [v for v in versions if v.track == series.GROUND_TRACK]
    first, today = ground[0].valid_from, dt.date.today()
    days = {v.valid_from for v in ground} | {
        e.start.date() for e in events if first <= e.start.date() <= today
    }
    return sorted(d for d in days if d <= today) or [first]


def _latest_on_or_before(days: Sequence[dt.date], when: dt.date) -> dt.date:
    earlier = [d for d in days if d <= when]
    return earlier[-1] if earlier else days[0]


def _initial_date(days: Sequence[dt.date]) -> dt.date:
    """From the address (``?at=``) when it names a date, else the latest stop."""
    asked = st.query_params.get(AT_PARAM)
    if asked:
        try:
            return _latest_on_or_before(days, series.as_date(asked))
        except series.SeriesError as exc:
            st.warning(f"{escape_markdown(str(exc))} Showing the latest version instead.")
    return days[-1]


@dataclass(frozen=True)
class DateChoice:
    """What the date control shows: the version, and the day chosen (for a plan phase,
    the day it was published)."""

    version: series.Version
    day: dt.date


def date_control(zones: gpd.GeoDataFrame, event: ev.Event | None) -> DateChoice:
    """The track (the ground, or a plan phase) and the date; return what is shown."""
    versions = series.versions(zones)
    tracks = series.tracks(zones)
    if TRACK_KEY not in st.session_state:
        asked = st.query_params.get(PLAN_PARAM)
        st.session_state[TRACK_KEY] = asked if asked in tracks else series.GROUND_TRACK
    days = _dates(versions, data.timeline_events())
    if DATE_KEY not in st.session_state or st.session_state[DATE_KEY] not in days:
        st.session_state[DATE_KEY] = _initial_date(days)
    # A newly selected event moves the map to its day (once, so the slider stays free).
    event_id = event.id if event else None
    if event_id != st.session_state.get(SEEN_EVENT_KEY, event_id):
        st.session_state[TRACK_KEY] = series.GROUND_TRACK
        st.session_state[DATE_KEY] = _latest_on_or_before(days, event.start.date())
    st.session_state[SEEN_EVENT_KEY] = event_id

    left, right = st.columns([3, 1], vertical_alignment="bottom")
    track = right.selectbox(
        "Show",
        tracks,
        label_visibility="collapsed",
        key=TRACK_KEY,
        format_func=lambda t: _track_label(t, versions),
        help="The zones on the ground over time, or one phase of the plan published on "
        "29 Sep 2025 (never in force).",
    )
    if track == series.GROUND_TRACK:
        when = left.select_slider(
            "Date",
            options=days,
            label_visibility="collapsed",
            key=DATE_KEY,
            format_func=_day,
            help="Versions of the zones and the days of timeline events. The address "
            "(?at=…) follows, so a link opens this date.",
        )
        version = series.version_at(zones, when)
        st.query_params[AT_PARAM] = when.isoformat()
        if PLAN_PARAM in st.query_params:
            del st.query_params[PLAN_PARAM]
        until = f"to {_day(version.valid_to)}" if version.valid_to else "still in force"
        st.caption(
            f"**In force on {_day(when)}:** {escape_markdown(version.label)} "
            f"({_day(version.valid_from)} {until}) · {KIND_SHORT.get(version.kind, version.kind)}",
            help=KIND_TEXT.get(version.kind, version.kind),
        )
        return DateChoice(version, when)
        version = next(v for v in versions if v.track == track)
        left.caption(f"Published on {_day(version.valid_from)}.")
        st.query_params[PLAN_PARAM] = track
        if AT_PARAM in st.query_params:
            del st.query_params[AT_PARAM]
        st.caption(
            f"**{escape_markdown(version.label)}** · {KIND_TEXT['planned']}. "
            "What this phase would leave to each side, as the plan drew it."
        )
    return DateChoice(version, version.valid_from)


def buffer_note(version: series.Version) -> None:
    """Say what "Buffer / off-limits" holds in the version shown (it changed over time)."""
    features = data.zones(version.id)
    if "restriction" not in features.columns:
        return
    held = features.loc[features["zone"] == "buffer", "restriction"].dropna().astype(str)
    parts = [BUFFER_HOLDS.get(r, r) for r in dict.fromkeys(sorted(held))]
    if parts:
        st.caption("Buffer / off-limits on this date: " + escape_markdown("; ".join(parts)) + ".")


@dataclass(frozen=True)
class DateComparison:
    """The comparison of two versions on the page: its map layer and clickable features."""

    key: str  # layer key of the changed areas' feature ids
    gdf: gpd.GeoDataFrame
    spec: GroupSpec | None


def compare_dates_panel(zones: gpd.GeoDataFrame, shown: series.Version) -> DateComparison:
    """Pick two versions: km² per category, municipalities, and the changes on the map."""
    empty = DateComparison("dates-changes", zones.iloc[:0], None)
    versions = series.versions(zones)
    if len(versions) < 2:
        return empty
    st.subheader("Compare two dates", anchor=False)
    ids = [v.id for v in versions]
    labels = {v.id: f"{_day(v.valid_from)}: {v.label}" for v in versions}
    ground = [v.id for v in versions if v.track == series.GROUND_TRACK]
    default_first = ground[0] if ground[0] != shown.id else ids[0]
    left, right = st.columns(2)
    first = left.selectbox(
        "From", ids, index=ids.index(default_first), format_func=labels.get, key="cmp_from"
    )
    second = right.selectbox(
        "To", ids, index=ids.index(shown.id), format_func=labels.get, key="cmp_to"
    )
    if first == second:
        st.caption("Pick two different versions.")
        return empty
    comparison = data.version_comparison(first, second)
    comparison_table(comparison.table, "From", "To")
    by_town = compare_sides(
        data.municipalities(),
        series.zones_of(zones, first),
        series.zones_of(zones, second),
    )
    if not by_town.empty:
        with st.expander("By municipality (Israeli-held side, km²)"):
            st.dataframe(_municipality_table(by_town, "From", "To"), hide_index=True)
    changes = comparison.changes
    if changes.empty:
        st.caption("No area changed category between these versions.")
        return empty
    if not st.toggle("Show the changes on the map", value=False, key="cmp_show"):
        return empty
    key = "dates-changes"
    changes = with_fids(changes, key)
    changes["area_text"] = [format_area(a) for a in changes["area_km2"]]
    st.caption(
        "Dashed outlines: areas whose category changed, filled with the category of the "
        f"second version ({format_area(changes['area_km2'].sum())} in all)."
    )
    spec = (("bundled", "date-changes", first, second), partial(change_group, changes, "Changes"))
    return DateComparison(key, changes, spec)


def _municipality_table(by_town: pd.DataFrame, first: str, second: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Municipality": by_town["name"],
            "بلدية": by_town["name_ar"],
            f"{first} (km²)": by_town["first_held_km2"].round(1),
            f"{second} (km²)": by_town["second_held_km2"].round(1),
            "Change (km²)": by_town["change_km2"].round(1),
        }
    )


def bundled_for(shown: series.Version):
    """How a user's zone file finds the bundled version it is compared with: the one in
    force on the file's date on the ground, else the one on the map."""

    def pick(layer) -> tuple[str, gpd.GeoDataFrame, str]:
        version = shown
        if layer.dated is not None:
            try:
                version = series.version_at(data.zone_versions(), layer.dated)
            except series.SeriesError:
                version = shown
        return version.id, data.zones(version.id), version.label

    return pick
