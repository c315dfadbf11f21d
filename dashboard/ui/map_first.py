"""A visitor's first run draws the map alone; the rest of the page follows once it has painted.

The whole page is about 180 Streamlit elements (the timeline alone is some 90 buttons and
headings). A browser renders them in long tasks on the thread the map's frame shares, so
on a first visit the map could not start drawing until most of a second after the
script had sent it. Now a session's first run sends the header, the language switch, the
date control and the map, and stops. The map tells the page when it has painted its first
frame (:class:`dashboard.browser.map_painted.MapPainted`, which sets the map's value and so
reruns the page), and that run draws everything. If that word never comes (the map's
script failed, say), a timer asks for the rest after :data:`FALLBACK_S` seconds.

Later runs draw the whole page as before. A session with no browser behind it (Streamlit's
``AppTest``) has nobody to paint the map, so it gets the whole page on its first run.
"""

from __future__ import annotations

import streamlit as st

STARTED_KEY = "_page_started"
ARMED_KEY = "_page_fallback_armed"  # set while the map-only run draws the timer
FALLBACK_S = 4.0


def map_only_run() -> bool:
    """True on a browser session's first run: draw the map alone and stop (see above)."""
    if st.session_state.get(STARTED_KEY):
        return False
    st.session_state[STARTED_KEY] = True
    # A browser sends its request headers; AppTest's session has none.
    return bool(st.context.headers)


@st.fragment(run_every=FALLBACK_S)
def rest_of_page_later() -> None:
    """Ask for the whole page in ``FALLBACK_S`` seconds, in case the map never says it
    painted. Drawn only on the first run: once the whole page has been drawn, Streamlit
    drops this timer (a timer of a fragment no longer drawn is skipped)."""
    if st.session_state.pop(ARMED_KEY, False):
        return  # the map-only run drawing it; a later call is the timer's
    st.rerun(scope="app")


def wait_for_map() -> None:
    """End a map-only run: arm the fallback timer and stop the script."""
    st.session_state[ARMED_KEY] = True
    rest_of_page_later()
    st.stop()
