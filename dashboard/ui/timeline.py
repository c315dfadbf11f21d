"""The timeline of the talks and after, a section of its own under the map: a day picker
with that day's events, previous/next (keys P and N), filters; and the selected event's
details beside the map.

The selection lives in ``st.session_state`` and in the page URL (``?event=<id>``),
so it survives reruns and a copied link opens the same event.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import streamlit as st

from dashboard.browser.escaping import escape_markdown, escape_text
from dashboard.browser.map_builder import highlight_group
from dashboard.browser.source_links import linked_markdown
from dashboard.intake import event_times
from dashboard.intake import timeline_data as ev
from dashboard.ui.i18n import embed, format_day, format_weekday, kept, language, t, translate
from dashboard.ui.st_folium_cached import GroupSpec

SELECTED = "selected_event"
QUERY_KEY = "event"
STEPS_KEY = "_timeline_steps"  # (previous, next) event ids under the timeline's filters
DAY_KEY = "tl_day"  # the day picked in the timeline
DAY_OF_KEY = "_tl_day_of"  # the event the day picker last followed
ANCHOR = "timeline"  # the section's anchor: the link at the top of the page jumps to it


@st.cache_resource(show_spinner=False)
def timeline() -> ev.Timeline:
    """Events, people and places, read and validated once per process."""
    return ev.load_timeline()


def time_words(lang: str) -> event_times.TimeWords:
    """How the events' dates and times are written in language ``lang`` (the locale's
    ``time.*`` and ``date.*`` texts, with its month names)."""

    def text(key: str) -> str:
        return translate(lang, key)

    def month(day) -> str:
        return translate(lang, f"month.{day.month}")

    return event_times.TimeWords(
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


# The filters' widgets are drawn only while their section is open (fewer controls on the
# page); their choices are kept here in between, as Streamlit forgets an undrawn widget's.
FILTERS = {"tl_actors": [], "tl_categories": [], "tl_context": True}
FILTERS_KEPT = "_tl_filters"


def _filters(lang: str) -> list[ev.Event]:
    """The filters (actors, categories, background events), folded; the events they keep."""
    tl = timeline()
    state = st.session_state
    kept_choices = state.setdefault(FILTERS_KEPT, dict(FILTERS))
    section = st.expander(t("timeline.filter"), key="tl_filters", on_change="rerun")
    if section.open:
        for key, value in kept_choices.items():
            state.setdefault(key, value)
        with section:
            # Options are values (ids): a choice survives a change of language.
            st.multiselect(
                t("timeline.actors"),
                sorted(tl.people, key=lambda p: tl.people[p].name_for(lang)),
                format_func=partial(_actor_label, lang=lang),
                key="tl_actors",
            )
            st.multiselect(
                t("timeline.categories"),
                sorted({e.category for e in tl.events}),
                format_func=partial(_category, lang=lang),
                key="tl_categories",
            )
            st.checkbox(
                t("timeline.include_context"),
                key="tl_context",
                help=t("timeline.include_context_help"),
            )
        kept_choices.update({key: state[key] for key in FILTERS})
    return ev.filter_events(
        tl.events,
        actors=set(kept_choices["tl_actors"]) or None,
        categories=set(kept_choices["tl_categories"]) or None,
        include_context=kept_choices["tl_context"],
    )


def _follow_selection(days: list[dt.date], current: ev.Event | None) -> None:
    """Point the day picker at the selected event's day when the selection changes (a
    click, a step, a link); keep the user's own pick otherwise. A day the filters left
    out gives way to the latest day before it (the first day if none)."""
    state = st.session_state
    current_id = current.id if current else None
    if current is not None and state.get(DAY_OF_KEY) != current_id:
        state[DAY_KEY] = current.start.date()
    state[DAY_OF_KEY] = current_id
    wanted = state.get(DAY_KEY)
    if wanted not in days:
        earlier = [d for d in days if wanted is not None and d <= wanted]
        state[DAY_KEY] = earlier[-1] if earlier else (days[-1] if wanted is None else days[0])


def _steps(place, prev_id: str | None, next_id: str | None) -> None:
    """Previous and next event under the filters (keys P and N, anywhere on the page)."""
    # Side by side on a phone too (columns would stack there).
    row = place.container(horizontal=True)
    if row.button(
        t("timeline.previous"),
        key="tl_prev",
        disabled=prev_id is None,
        width="stretch",
        shortcut="P",
    ):
        _select(prev_id)
        st.rerun()
    if row.button(
        t("timeline.next"), key="tl_next", disabled=next_id is None, width="stretch", shortcut="N"
    ):
        _select(next_id)
        st.rerun()


def _event_buttons(day_events: list[ev.Event], current: ev.Event | None, lang: str) -> None:
    """The picked day's events, one button each: a click selects (or unselects) it."""
    words = time_words(lang)
    for event in day_events:
        marker = "★ " if event.single_source else ""
        clock = event_times.format_clock(event, words)
        label = f"{clock + ' · ' if clock else ''}{marker}{event_title(event, lang)}"
        is_current = current is not None and event.id == current.id
        if st.button(
            label,
            key=f"tl_{event.id}",
            type="primary" if is_current else "secondary",
            help=_actor_names(event, lang) or None,
            width="stretch",
            wrap=True,  # a title is read whole
        ):
            _select(None if is_current else event.id)
            st.rerun()


# The link to the timeline sits in the page's top margin, at its right end (clear of the
# title and of the sidebar's button on a phone): it takes no room from the first screen.
JUMP_CSS = """<style>
[data-testid="stMainBlockContainer"] { position: relative; }
[data-testid="stElementContainer"]:has(.gcm-timeline-jump) {
  position: absolute; top: 0.2rem; right: 1rem; width: auto !important; z-index: 1000001; }
.gcm-timeline-jump { font-size: 0.9rem; display: inline-block; padding: 0.6rem 0.25rem; }
@media (max-width: 900px) {
  [data-testid="stElementContainer"]:has(.gcm-timeline-jump) { top: 0.3rem; }
}
@media (min-width: 641px) {  /* right to left: the title takes the right end */
  html[dir="rtl"] [data-testid="stElementContainer"]:has(.gcm-timeline-jump) {
    right: auto; left: 1rem; }
}
@media (max-width: 640px) {  /* clear of the sidebar's button at the left, in any language */
  [data-testid="stElementContainer"]:has(.gcm-timeline-jump) {
    left: 3.25rem; right: 0.75rem; text-align: end; }
}
</style>"""


def timeline_link() -> None:
    """A link at the top of the page to the timeline's section: one tap on a phone, where
    the sidebar is closed and the section lies screens down. Draw it on every run, before
    the map (it is laid out of the flow, but keeps the elements after it in place)."""
    text = escape_text(t("timeline.jump"))
    st.html(f'{JUMP_CSS}<a class="gcm-timeline-jump" href="#{ANCHOR}">{text}</a>')


def timeline_panel() -> ev.Event | None:
    """The timeline's section: a day picker with that day's events, previous/next, the
    filters; return the selected event. Draw it where the section goes."""
    tl = timeline()
    current = selected_event()
    lang = language()
    st.subheader(t("timeline.heading"), anchor=ANCHOR)
    pick, notes = st.columns([3, 2], gap="medium")
    with notes:
        shown = _filters(lang)
        st.caption(t("timeline.single_source_key"))
        _nothing_after(tl.events, lang)
    prev_id, next_id = ev.neighbours(shown, current.id if current else None)
    st.session_state[STEPS_KEY] = (prev_id, next_id)
    by_day = ev.group_by_day(shown)
    with pick:
        if not by_day:
            st.caption(t("timeline.no_match"))
            _steps(st.container(), prev_id, next_id)
            return current
        days = list(by_day)
        _follow_selection(days, current)
        day = st.selectbox(
            t("timeline.day"),
            days,
            key=kept(DAY_KEY),
            format_func=lambda d: t(
                "timeline.day_option", day=format_weekday(d, lang), count=len(by_day[d])
            ),
        )
        _steps(st.container(), prev_id, next_id)
        st.caption(t("timeline.day_help"))
        _event_buttons(by_day[day], current, lang)
    return current


def _nothing_after(events: tuple[ev.Event, ...], lang: str) -> None:
    """Say where the events found end (the day comes from the data), so that the last one
    is not read as the state of things today."""
    last = ev.last_day(events)
    if last is not None:
        st.info(translate(lang, "timeline.nothing_after", day=format_day(last, lang)))


def step_buttons() -> None:
    """Previous and next event under the map, for a thumb: shown on narrow screens only
    (the page's style hides them on wider ones, where the timeline's buttons and the keys
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
    when = event_times.format_time(event, time_words(lang))
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
