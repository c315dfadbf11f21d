"""The map's view asked by the page: a place picked in the place box, a layer to zoom to,
or the view in the address.

The view the page asks the map for (a place found, a layer to zoom to) is kept in
``st.session_state``; the map moves there once and stays free to pan afterwards.
"""

from __future__ import annotations

import streamlit as st

from dashboard.browser.view_link import VIEW_PARAM, parse_view

VIEW_KEY = "map_view"


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
