"""Sidebar timeline of the talks, the selected event's details, and the venue inset map.

The selection lives in ``st.session_state`` and in the page URL (``?event=<id>``),
so it survives reruns and a copied link opens the same event.
"""

from __future__ import annotations

from functools import partial

import folium
import geopandas as gpd
import streamlit as st
from shapely.geometry import Point

from dashboard.browser.escaping import escape_markdown
from dashboard.browser.features import feature_id
from dashboard.browser.map_builder import (
    build_base_map,
    context_group,
    highlight_group,
    point_group,
)
from dashboard.browser.serialise import BrowserLayer, browser_geojson
from dashboard.browser.source_links import linked_markdown
from dashboard.config import INSET_REGIONS, INSET_ZOOM_ELSEWHERE, SHARM_CENTER, SHARM_ZOOM
from dashboard.intake import timeline_data as ev
from dashboard.intake.bundled import CONTEXT_REGIONS_FILE, CONTEXT_SHARM_FILE
from dashboard.ui import data
from dashboard.ui.i18n import embed, format_day, format_weekday, language, t, translate
from dashboard.ui.st_folium_cached import GroupSpec, draw_map

SELECTED = "selected_event"
QUERY_KEY = "event"
STEPS_KEY = "_timeline_steps"  # (previous, next) event ids under the timeline's filters
INSET_HEIGHT = 330
# Credits of the inset's offline bases, shown in its attribution control while they are
# drawn (the full credit is in geodata/SOURCES.md and geodata/CONTEXT.md).
SHARM_CREDIT = "GSHHG (LGPL-3.0+)"
REGIONS_CREDIT = "Natural Earth"


@st.cache_resource(show_spinner=False)
def timeline() -> ev.Timeline:
    """Events, people and places, read and validated once per process."""
    return ev.load_timeline()


@st.cache_resource(show_spinner=False)
def places_layer(region: str, lang: str = "en") -> BrowserLayer:
    """The places of one region as labelled points for the inset, named in language
    ``lang`` (English where a place has no name in it; serialised once per language)."""
    places = [p for p in timeline().places.values() if p.region == region]
    frame = gpd.GeoDataFrame(
        {
            # Short labels for a small map: the name without its parenthesis.
            "name": [p.name_for(lang).split(" (")[0] for p in places],
            "kind": ["crossing" if p.kind == "venue" else "town" for p in places],
            "fid": [feature_id("place", p.id) for p in places],
        },
        geometry=[Point(p.lon, p.lat) for p in places],
        crs="EPSG:4326",
    )
    return browser_geojson(frame, ["name"])


def time_words(lang: str) -> ev.TimeWords:
    """How the events' dates and times are written in language ``lang`` (the locale's
    ``time.*`` and ``date.*`` texts, with its month names)."""

    def text(key: str) -> str:
        return translate(lang, key)

    def month(day) -> str:
        return translate(lang, f"month.{day.month}")

    return ev.TimeWords(
        day=partial(format_day, lang=lang),
        day_month=lambda day: translate(lang, "date.day_month", day=day.day, month=month(day)),
        month=lambda day: translate(lang, "date.month_year", month=month(day), year=day.year),
        day_only=text("time.day_only"),
        around=text("time.around"),
        month_only=text("time.month_only"),
        period=text("time.period"),
        clock=text("time.clock"),
        approximate=text("time.approximate"),
        around_clock=text("time.around_clock"),
        month_clock=text("time.month_clock"),
    )


def _in_page_language(text: str, english: str) -> str:
    """A data text in the page's language; the English one, when no translation stands in
    for it, isolated so it reads in its own direction on a right-to-left page."""
    return embed(text) if text == english else text


def event_title(event: ev.Event, lang: str) -> str:
    """The event's title in ``lang`` (English where it is not translated)."""
    return _in_page_language(event.title_for(lang), event.title)


def _person(person: ev.Person, lang: str) -> str:
    return _in_page_language(person.name_for(lang), person.name)


def place_name(place: ev.Place, lang: str) -> str:
    """A place's name in ``lang`` (the English one, isolated, where it is not translated)."""
    return _in_page_language(place.name_for(lang), place.name)


def _actor_label(person_id: str, lang: str) -> str:
    """An actor in the filter: name and side, in ``lang``."""
    person = timeline().people[person_id]
    side = translate(lang, f"side.{person.side}")
    return translate(lang, "timeline.actor", name=_person(person, lang), side=side)


def _category(category: str, lang: str) -> str:
    return translate(lang, f"event.category.{category}")


def _select(event_id: str | None) -> None:
    st.session_state[SELECTED] = event_id
    if event_id:
        st.query_params[QUERY_KEY] = event_id
    elif QUERY_KEY in st.query_params:
        del st.query_params[QUERY_KEY]


def selected_event() -> ev.Event | None:
    """The selected event: from the session, else from the URL (a shared link)."""
    events = {e.id: e for e in timeline().events}
    if SELECTED not in st.session_state:
        st.session_state[SELECTED] = st.query_params.get(QUERY_KEY)
    event_id = st.session_state.get(SELECTED)
    return events.get(event_id) if event_id else None


def _actor_names(event: ev.Event, lang: str) -> str:
    people = timeline().people
    names = [_person(people[a], lang) for a in event.actors if a in people]
    return translate(lang, "list.comma").join(names)


def timeline_panel() -> ev.Event | None:
    """Filters, the events grouped by day, previous/next; return the selected event."""
    tl = timeline()
    current = selected_event()
    lang = language()
    st.sidebar.subheader(t("timeline.heading"))
    with st.sidebar.expander(t("timeline.filter"), expanded=False):
        days = sorted({e.start.date() for e in tl.events})
        # Options are values (days, ids): a choice survives a change of language.
        chosen_days = st.multiselect(
            t("timeline.days"),
            days,
            format_func=partial(format_weekday, lang=lang),
            key="tl_days",
        )
        actors = st.multiselect(
            t("timeline.actors"),
            sorted(tl.people, key=lambda p: tl.people[p].name_for(lang)),
            format_func=partial(_actor_label, lang=lang),
            key="tl_actors",
        )
        categories = st.multiselect(
            t("timeline.categories"),
            sorted({e.category for e in tl.events}),
            format_func=partial(_category, lang=lang),
            key="tl_categories",
        )
        include_context = st.checkbox(
            t("timeline.include_context"),
            value=True,
            key="tl_context",
            help=t("timeline.include_context_help"),
        )
    shown = ev.filter_events(
        tl.events,
        days=set(chosen_days) or None,
        actors=set(actors) or None,
        categories=set(categories) or None,
        include_context=include_context,
    )
    prev_id, next_id = ev.neighbours(shown, current.id if current else None)
    st.session_state[STEPS_KEY] = (prev_id, next_id)
    left, right = st.sidebar.columns(2)
    if left.button(
        t("timeline.previous"),
        key="tl_prev",
        disabled=prev_id is None,
        width="stretch",
        shortcut="P",
    ):
        _select(prev_id)
        st.rerun()
    if right.button(
        t("timeline.next"), key="tl_next", disabled=next_id is None, width="stretch", shortcut="N"
    ):
        _select(next_id)
        st.rerun()
    words = time_words(lang)
    for day, day_events in ev.group_by_day(shown).items():
        st.sidebar.markdown(f"**{format_weekday(day, lang)}**")
        for event in day_events:
            marker = "★ " if event.single_source else ""
            clock = ev.format_clock(event, words)
            label = f"{clock + ' · ' if clock else ''}{marker}{event_title(event, lang)}"
            is_current = current is not None and event.id == current.id
            if st.sidebar.button(
                label,
                key=f"tl_{event.id}",
                type="primary" if is_current else "secondary",
                help=_actor_names(event, lang) or None,
                width="stretch",
            ):
                _select(None if is_current else event.id)
                st.rerun()
    if not shown:
        st.sidebar.caption(t("timeline.no_match"))
    st.sidebar.caption(t("timeline.single_source_key"))
    _nothing_after(tl.events, lang)
    return current


def _nothing_after(events: tuple[ev.Event, ...], lang: str) -> None:
    """Say where the events found end (the day comes from the data), so that the last one
    is not read as the state of things today."""
    last = ev.last_day(events)
    if last is not None:
        st.sidebar.info(translate(lang, "timeline.nothing_after", day=format_day(last, lang)))


def step_buttons() -> None:
    """Previous and next event under the map, for a thumb: shown on narrow screens only
    (the page's style hides them on wider ones, where the sidebar's buttons and the keys
    P and N do the same). Call after :func:`timeline_panel`."""
    prev_id, next_id = st.session_state.get(STEPS_KEY, (None, None))
    with st.container(horizontal=True, key="narrow_steps"):
        if st.button(
            t("timeline.previous"), key="step_prev", disabled=prev_id is None, width="stretch"
        ):
            _select(prev_id)
            st.rerun()
        if st.button(
            t("timeline.next"), key="step_next", disabled=next_id is None, width="stretch"
        ):
            _select(next_id)
            st.rerun()


def event_details(event: ev.Event | None) -> None:
    """The selected event's description, actors, place and source."""
    if event is None:
        st.caption(t("event.empty"))
        return
    tl = timeline()
    lang = language()
    st.markdown(f"#### {escape_markdown(event_title(event, lang))}")
    when = ev.format_time(event, time_words(lang))
    st.caption(
        f"{escape_markdown(when)} · {escape_markdown(_category(event.category, lang))}"
        + (t("event.background") if event.context else "")
    )
    if event.single_source:
        second_hand = event.reliability == ev.SECOND_HAND
        st.warning(t("event.second_hand" if second_hand else "event.single_source"), icon="⚠️")
    description = _in_page_language(event.description_for(lang), event.description)
    st.markdown(escape_markdown(description))
    if event.actors:
        st.markdown(t("event.actors", actors=escape_markdown(_actor_names(event, lang))))
    place = tl.places.get(event.place) if event.place else None
    if place is not None:
        located = "" if place.located else t("event.approximate")
        st.markdown(t("event.place", place=escape_markdown(place_name(place, lang)) + located))
    # Sources are citations: they stay in the language they were written in.
    st.markdown(t("event.source", source=linked_markdown(embed(event.source))))


def selected_place(event: ev.Event | None):
    """The place of the selected event, or None."""
    if event is None or not event.place:
        return None
    return timeline().places.get(event.place)


def main_map_highlight(event: ev.Event | None) -> list[GroupSpec]:
    """A marker on the main map when the selected event happened in Gaza."""
    place = selected_place(event)
    if place is None or ev.place_view(place) != "main":
        return []
    lang = language()
    label = place.name_for(lang)
    return [(("highlight", place.id, lang), partial(highlight_group, place.lat, place.lon, label))]


def inset_region(lat: float, lon: float) -> str | None:
    """The region of the inset's offline base whose box holds a point, if any
    (see ``INSET_REGIONS``)."""
    return next(
        (
            region
            for region, (west, south, east, north) in INSET_REGIONS.items()
            if west <= lon <= east and south <= lat <= north
        ),
        None,
    )


def _credited(group: folium.FeatureGroup, credit: str) -> folium.FeatureGroup:
    """``group`` with ``credit`` in the map's attribution control while it is on the map.

    The credit rides on an empty layer of the group: Leaflet adds a layer's attribution
    when the layer is added and removes it with the layer.
    """
    empty = {"type": "FeatureCollection", "features": []}
    folium.GeoJson(empty, control=False, attribution=credit).add_to(group)
    return group


def _sharm_base() -> folium.FeatureGroup:
    land = context_group(data.context(CONTEXT_SHARM_FILE), None, name="Sinai", lang=language())
    return _credited(land, SHARM_CREDIT)


def _region_base(region: str) -> folium.FeatureGroup:
    land = context_group(
        data.context(CONTEXT_REGIONS_FILE, region), None, name=region.title(), lang=language()
    )
    return _credited(land, REGIONS_CREDIT)


def inset_map(event: ev.Event | None) -> None:
    """The venue inset: Sharm el-Sheikh, or the selected event's place elsewhere.

    Elsewhere the inset is centred on the place over the offline base of its region (land,
    coasts and borders from Natural Earth). The base map itself never changes (that would
    re-mount the map): the view moves through ``center`` and ``zoom``, and the land of the
    region is one more group.
    """
    place = selected_place(event)
    lang = language()
    elsewhere = place is not None and ev.place_view(place) == "inset" and place.region != "sharm"
    if place is not None and elsewhere:
        region, base = place.region, inset_region(place.lat, place.lon)
        venues = partial(point_group, places_layer(region, lang), region.title())
        groups: list[GroupSpec] = [(("venues", region, lang), venues)]
        if base is not None:  # under the venues (the land lies in the offline base's pane)
            groups.insert(0, (("context", "inset", base), partial(_region_base, base)))
        center, zoom, where = (place.lat, place.lon), INSET_ZOOM_ELSEWHERE, place_name(place, lang)
    else:
        venues = partial(point_group, places_layer("sharm", lang), "Venues")
        groups = [(("sinai",), _sharm_base), (("venues", "sharm", lang), venues)]
        center, zoom, where = SHARM_CENTER, SHARM_ZOOM, t("inset.sharm")
    if place is not None and ev.place_view(place) == "inset":
        label = place.name_for(lang)
        highlight = partial(highlight_group, place.lat, place.lon, label)
        groups.append((("highlight", place.id, lang), highlight))
    st.markdown(t("inset.heading", place=escape_markdown(where)))
    draw_map(
        # No ``fit``: fitting animates the zoom on load, and Leaflet drops a move asked for
        # during that animation, so a shared link's place (``?event=``) was never shown.
        build_base_map(center=SHARM_CENTER, zoom=SHARM_ZOOM, fit=None),
        groups,
        key="inset_map",
        height=INSET_HEIGHT,
        center=center,
        zoom=zoom,
        returned_objects=[],
    )
