"""The one place box: a town, camp, crossing or municipality, or coordinates, to measure.

Its options are listed in the page's language only; typing a name in the other language,
or coordinates in either order, finds the place too (the typed text is resolved when it is
committed, then the box shows the place found). The point to measure is kept in
``st.session_state`` (:data:`POINT_KEY`); a click on the map replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import streamlit as st

from dashboard.browser.escaping import escape_markdown
from dashboard.intake.gazetteer import NamedPlace, best_match
from dashboard.ui import data
from dashboard.ui.i18n import kept, language, t, translate
from dashboard.zones.coordinates import read_coordinates

PLACE_KEY = "place_choice"
POINT_KEY = "distance_point"
SEEN_CLICK_KEY = "_distance_seen_click"
PROBLEM_KEY = "_place_problem"  # (locale key, values) of what the box could not read
MAX_QUOTED = 80  # of a typed name found nowhere, the characters quoted back
MOVE_KEY = "_place_move"  # a point picked in the box: the map goes there once measured


@dataclass(frozen=True)
class PointToMeasure:
    """A point to measure and where it came from: a named place, typed coordinates (no
    place, ``typed``) or a click on the map."""

    lat: float
    lon: float
    place: NamedPlace | None = None
    typed: bool = False

    def label(self, lang: str) -> str:
        """How the answer names the point, in language ``lang``."""
        if self.place is not None:
            return self.place.name_in(lang)
        key = "distance.typed_point" if self.typed else "distance.clicked_point"
        return translate(lang, key)


def option_id(place: NamedPlace) -> str:
    """A place's option in the box: the same in every language (its label is not)."""
    return f"{place.kind}:{place.name}"


def places_by_option() -> dict[str, NamedPlace]:
    """Every place of the gazetteer by its option (the first of two with the same)."""
    options: dict[str, NamedPlace] = {}
    for place in data.gazetteer():
        options.setdefault(option_id(place), place)
    return options


def option_label(lang: str, option: str) -> str:
    """How ``option`` is listed in language ``lang``: the name and what it is (a crossing
    whose name says so is not called a crossing twice). Typed text is shown as typed."""
    place = places_by_option().get(option)
    if place is None:
        return option
    name = place.name_in(lang)
    kind = translate(lang, f"place.kind_{place.kind}")
    return name if kind.casefold() in name.casefold() else f"{name} ({kind})"


def _sorted_options(lang: str) -> list[str]:
    options = places_by_option()
    return sorted(options, key=lambda option: option_label(lang, option).casefold())


def _pick(lang: str) -> None:
    """What was committed in the box (an option, or typed text) becomes the point."""
    st.session_state[PROBLEM_KEY] = None
    value = st.session_state.get(PLACE_KEY)
    if value is None:  # the box emptied: so is the answer, unless it is a click's
        point = st.session_state.get(POINT_KEY)
        if point is not None and (point.place is not None or point.typed):
            st.session_state[POINT_KEY] = None
        return
    options = places_by_option()
    place = options.get(value)
    if place is None:
        typed = str(value)
        point = read_coordinates(typed, data.in_strip)
        if point is not None:
            if not data.in_strip(*point):
                values = {"lat": f"{point[0]:g}", "lon": f"{point[1]:g}"}
                st.session_state[PROBLEM_KEY] = ("place.outside", values)
                return
            st.session_state[POINT_KEY] = PointToMeasure(*point, typed=True)
            st.session_state[MOVE_KEY] = True
            return
        place = best_match(list(options.values()), typed)
        if place is None:
            quoted = escape_markdown(typed[:MAX_QUOTED])
            st.session_state[PROBLEM_KEY] = ("place.not_found", {"text": quoted})
            return
        st.session_state[PLACE_KEY] = option_id(place)  # the box shows the place found
    st.session_state[POINT_KEY] = PointToMeasure(place.lat, place.lon, place)
    st.session_state[MOVE_KEY] = True


def place_box(clicked: tuple[float, float] | None) -> PointToMeasure | None:
    """The box; return the point to measure, if any.

    ``clicked`` is the last point clicked on the main map (lat, lon), if any: a new click
    becomes the point, and the box is emptied (it no longer names the point).
    """
    if clicked is not None and clicked != st.session_state.get(SEEN_CLICK_KEY):
        st.session_state[SEEN_CLICK_KEY] = clicked
        st.session_state[POINT_KEY] = PointToMeasure(*clicked)
        st.session_state[PLACE_KEY] = None
        st.session_state[PROBLEM_KEY] = None
    lang = language()
    st.selectbox(
        t("place.label"),
        _sorted_options(lang),
        index=None,
        format_func=partial(option_label, lang),
        key=kept(PLACE_KEY),
        placeholder=t("place.placeholder"),
        help=t("place.help"),
        accept_new_options=True,
        filter_mode="contains",
        on_change=_pick,
        args=(lang,),
    )
    problem = st.session_state.get(PROBLEM_KEY)
    if problem:
        key, values = problem
        st.warning(t(key, **values))
    return st.session_state.get(POINT_KEY)


def take_move() -> bool:
    """Whether the point was just picked in the box (asked once: the map moves once)."""
    return bool(st.session_state.pop(MOVE_KEY, False))
