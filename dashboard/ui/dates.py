"""The date control above the map (two dates are compared in ``ui/compare_dates.py``).

The slider runs over every day from the first version on the ground to today (the clock's),
with a tick on each version's first day; the caption under it names the version in force on
the day chosen.

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
from dashboard.intake import timeline_data as ev
from dashboard.messages import isolate
from dashboard.ui import data
from dashboard.ui.i18n import RTL_LANGUAGES, format_day, kept, language, t, translate
from dashboard.ui.last_mapped import last_mapped, last_mapped_notice
from dashboard.ui.slider_marks import version_marks
from dashboard.zones import series
from dashboard.zones.currency import LastMapped

AT_PARAM = "at"
PLAN_PARAM = "plan"
DATE_KEY = "zone_date"
TRACK_KEY = "zone_track"
SEEN_EVENT_KEY = "_date_follows_event"
ADDRESS_NOTE_KEY = "_date_address_note"  # (what was wrong with ?at=, the date shown for it)
# What the buffer category holds, by the ``restriction`` of its features (see geodata/README.md):
# the text is in the locale files, under ``buffer.<restriction>``.
BUFFER_HOLDS = ("perimeter", "orange")
# A version's kind, short and explained: ``kind.<kind>.short``, ``kind.<kind>.text``.
KINDS = ("planned", "published", "reported")


def _day(when: dt.date, lang: str | None = None) -> str:
    return format_day(when, lang)


def version_label(version: series.Version, lang: str | None = None) -> str:
    """A version's label in language ``lang`` (the page's by default): its ``label_<lang>``
    in the bundled zones (``label_ar``), else its English ``label``, isolated on a
    right-to-left page so it reads in its own direction."""
    code = lang or language()
    if code != "en":
        column = f"label_{code}"
        zones = data.zone_versions()
        if column in zones.columns:
            texts = zones.loc[zones["version"] == version.id, column].dropna().astype(str)
            found = [text.strip() for text in texts if text.strip()]
            if found:
                return found[0]
    return isolate(version.label) if code in RTL_LANGUAGES else version.label


def _kind(kind: str, form: str) -> str:
    return t(f"kind.{kind}.{form}") if kind in KINDS else kind


def _track_label(track: str, versions: Sequence[series.Version], lang: str) -> str:
    if track == series.GROUND_TRACK:
        return translate(lang, "dates.ground")
    first = next(v for v in versions if v.track == track)
    return translate(lang, "dates.plan", label=version_label(first, lang))


def _dates(versions: Sequence[series.Version], today: dt.date) -> list[dt.date]:
    """The stops of the slider: every day from the first ground version's to ``today``
    (the clock's: the date control reaches it whatever the data holds)."""
    first = min(v.valid_from for v in versions if v.track == series.GROUND_TRACK)
    return [first + dt.timedelta(days=n) for n in range(max((today - first).days, 0) + 1)]


def _latest_on_or_before(days: Sequence[dt.date], when: dt.date) -> dt.date:
    earlier = [d for d in days if d <= when]
    return earlier[-1] if earlier else days[0]


def _initial_date(days: Sequence[dt.date]) -> dt.date:
    """From the address (``?at=``) when it names a day of the control, else the latest
    (today).

    What was wrong with the address is kept (:data:`ADDRESS_NOTE_KEY`) and said on every
    run while that date is shown: a first visit's page is drawn twice (see
    ``ui/map_first.py``), and the message must not go with the first drawing.
    """
    asked = st.query_params.get(AT_PARAM)
    note = None
    day = days[-1]
    if asked:
        try:
            wanted = series.as_date(asked)
            if wanted < days[0]:
                note = t("dates.before_first", asked=wanted.isoformat(), first=_day(days[0]))
            elif wanted > days[-1]:
                note = t("dates.after_today", asked=wanted.isoformat(), today=_day(days[-1]))
            day = _latest_on_or_before(days, wanted)
        except series.SeriesError as exc:
            note = f"{escape_markdown(str(exc))} {t('dates.bad_address')}"
    st.session_state[ADDRESS_NOTE_KEY] = (note, day) if note else None
    return day


def _address_note() -> None:
    """Say what was wrong with the address's date while the date it led to is shown."""
    kept_note = st.session_state.get(ADDRESS_NOTE_KEY)
    ground = st.session_state.get(TRACK_KEY) == series.GROUND_TRACK
    if kept_note and ground and st.session_state.get(DATE_KEY) == kept_note[1]:
        st.warning(kept_note[0])


def _version_starts(versions: Sequence[series.Version]) -> list[dt.date]:
    return sorted({v.valid_from for v in versions if v.track == series.GROUND_TRACK})


def _before_the_line(event: ev.Event | None, when: dt.date, first: dt.date) -> None:
    """Say that the line did not exist yet on the selected event's day, when that day is
    before the first version on the ground (the map shows the first line instead)."""
    if event is not None and event.start.date() < first and when == first:
        st.info(t("dates.before_line", day=_day(event.start.date()), first=_day(first)), icon="🕓")


@dataclass(frozen=True)
class DateChoice:
    """What the date control shows: the version, and the day chosen (for a plan phase,
    the day it was published)."""

    version: series.Version
    day: dt.date
    note: LastMapped | None = None  # "last mapped", when the version is old on ``day``


def bundled_versions() -> list[series.Version]:
    """The versions, bundled and added to the data directory (see ``data.versions``)."""
    return data.versions()


def _tracks() -> list[str]:
    """The tracks: the ground, then the plan's phases."""
    return data.tracks()


def date_control(event: ev.Event | None, *, track_choice: bool = True) -> DateChoice:
    """The track (the ground, or a plan phase) and the date of the bundled zones; return
    what is shown.

    ``track_choice=False`` (a visitor's map-only first run, ``ui/map_first.py``) leaves
    the track's select box out, and its place empty: its frontend code is 60 KB that a
    phone on a slow link would fetch before the map (bench/slow_link.py). The track is
    the address's then, and the box comes with the whole page.
    """
    versions, tracks = bundled_versions(), _tracks()
    if TRACK_KEY not in st.session_state:
        asked = st.query_params.get(PLAN_PARAM)
        st.session_state[TRACK_KEY] = asked if asked in tracks else series.GROUND_TRACK
    days = _dates(versions, dt.date.today())
    if DATE_KEY not in st.session_state or st.session_state[DATE_KEY] not in days:
        st.session_state[DATE_KEY] = _initial_date(days)
    # A newly selected event moves the map to its day (once, so the slider stays free).
    event_id = event.id if event else None
    if event_id != st.session_state.get(SEEN_EVENT_KEY, event_id):
        st.session_state[TRACK_KEY] = series.GROUND_TRACK
        st.session_state[DATE_KEY] = _latest_on_or_before(days, event.start.date())
    st.session_state[SEEN_EVENT_KEY] = event_id
    _address_note()

    lang = language()
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    track = st.session_state[TRACK_KEY]
    if track_choice:
        track = right.selectbox(
            t("dates.track_label"),
            tracks,
            label_visibility="collapsed",
            key=kept(TRACK_KEY),
            format_func=partial(_track_label, versions=versions, lang=lang),
            help=t("dates.track_help"),
        )
    if track == series.GROUND_TRACK:
        when = left.select_slider(
            t("dates.date_label"),
            options=days,
            label_visibility="collapsed",
            key=kept(DATE_KEY),
            format_func=partial(_day, lang=lang),
            help=t("dates.date_help"),
        )
        version_marks(left, _version_starts(versions), days, lang)
        _before_the_line(event, when, days[0])
        version = series.version_at(data.zone_versions(), when)
        st.query_params[AT_PARAM] = when.isoformat()
        if PLAN_PARAM in st.query_params:
            del st.query_params[PLAN_PARAM]
        until = (
            t("dates.until", day=_day(version.valid_to))
            if version.valid_to
            else t("dates.latest_mapped")
        )
        label = escape_markdown(version_label(version, lang))
        note = last_mapped(version, when, versions)
        if note is not None:  # in place of the caption, which it says too
            last_mapped_notice(note, t("dates.in_force_short", day=_day(when), label=label))
            return DateChoice(version, when, note)
        st.caption(
            t(
                "dates.in_force",
                day=_day(when),
                label=label,
                start=_day(version.valid_from),
                until=until,
                kind=_kind(version.kind, "short"),
            ),
            help=_kind(version.kind, "text"),
        )
        return DateChoice(version, when)
    version = next(v for v in versions if v.track == track)
    left.caption(t("dates.published_on", day=_day(version.valid_from)))
    st.query_params[PLAN_PARAM] = track
    if AT_PARAM in st.query_params:
        del st.query_params[AT_PARAM]
    st.caption(
        t(
            "dates.plan_caption",
            label=escape_markdown(version_label(version, lang)),
            kind=_kind("planned", "text"),
        )
    )
    return DateChoice(version, version.valid_from)


def bundled_areas(version_id: str) -> pd.DataFrame:
    """Area and share per category of a version (see ``data.category_areas``)."""
    return data.category_areas(version_id)


def buffer_note(version: series.Version) -> None:
    """Say what "Buffer / off-limits" holds in the version shown (it changed over time)."""
    features = data.zones(version.id)
    if "restriction" not in features.columns:
        return
    held = features.loc[features["zone"] == "buffer", "restriction"].dropna().astype(str)
    parts = [t(f"buffer.{r}") if r in BUFFER_HOLDS else r for r in dict.fromkeys(sorted(held))]
    if parts:
        st.caption(t("buffer.note", holds=escape_markdown(t("list.separator").join(parts))))


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
        return version.id, data.zones(version.id), version_label(version)

    return pick
