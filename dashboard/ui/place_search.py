"""Map tools beside the map: find a place by name (English or Arabic), and the map's view.

The view the page asks the map for (a place found, a layer to zoom to) is kept in
``st.session_state``; the map moves there once and stays free to pan afterwards.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard.browser.map_builder import highlight_group
from dashboard.browser.view_link import VIEW_PARAM, parse_view
from dashboard.ui import data
from dashboard.ui.i18n import t
from dashboard.ui.st_folium_cached import GroupSpec

VIEW_KEY = "map_view"
SEEN_KEY = "_place_search_seen"


def ask_view(lat: float, lon: float, zoom: float) -> None:
    """Move the main map to (lat, lon) at ``zoom`` on this run.

    The component moves the map only when the centre it is given changes, so each request
    is nudged by a different, invisible amount: asking twice for one place moves it twice.
    """
    count = st.session_state.get("_view_requests", 0) + 1
    st.session_state["_view_requests"] = count
    st.session_state[VIEW_KEY] = (lat + count * 1e-9, lon, zoom)


def requested_view() -> tuple[float, float, float] | None:
    """The view asked for last (lat, lon, zoom), if any.

    On a session's first run that is the view in the address (``?view=``, written by the
    map itself: see :mod:`dashboard.browser.view_link`), so a shared link opens there.
    """
    if "_view_from_address" not in st.session_state:
        st.session_state["_view_from_address"] = True
        asked = parse_view(st.query_params.get(VIEW_PARAM))
        if asked is not None:
            ask_view(*asked)
    return st.session_state.get(VIEW_KEY)


def place_search() -> list[GroupSpec]:
    """A searchable list of the bundled places; the one picked is shown on the map."""
    places = data.gazetteer()
    labels = [p.label for p in places]
    picked = st.selectbox(
        t("find.label"),
        labels,
        index=None,
        placeholder=t("find.placeholder"),
        key="find_place",
        help=t("find.help"),
    )
    if picked is None:
        st.session_state[SEEN_KEY] = None
        return []
    place = places[labels.index(picked)]
    if picked != st.session_state.get(SEEN_KEY):
        st.session_state[SEEN_KEY] = picked
        ask_view(place.lat, place.lon, place.zoom)
    label = place.name + (f" · {place.name_ar}" if place.name_ar else "")
    key = ("highlight", "found", place.name, place.kind)
    return [(key, partial(highlight_group, place.lat, place.lon, label))]
