"""A first visit's map is drawn before the widgets it depends on (see ui/map_first.py)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def _compare_choices() -> None:
    import streamlit as st

    from dashboard.ui.layers_panel import choice_before_widgets, layers_panel

    before = choice_before_widgets()
    st.session_state["before"] = before
    st.session_state["drawn"] = layers_panel()


@pytest.mark.parametrize(
    "address",
    [{}, {"layers": "buffer,outline,municipalities", "base": "OpenStreetMap"}, {"layers": ""}],
)
def test_the_choice_read_before_the_widgets_is_the_one_they_show(address):
    at = AppTest.from_function(_compare_choices, default_timeout=60)
    for key, value in address.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    assert at.session_state["before"] == at.session_state["drawn"]


def test_without_a_browser_the_first_run_draws_the_whole_page(app_test):
    # AppTest sends no request headers: nobody would paint the map and ask for the rest.
    at = app_test.run()
    assert not at.exception
    assert at.button(key="tl_next") is not None  # the timeline, under the map
    assert any("Details" in h.value for h in at.subheader)


def _date_control_without_track_choice() -> None:
    import streamlit as st

    from dashboard.ui.dates import date_control

    st.session_state["shown"] = date_control(None, track_choice=False)


@pytest.mark.parametrize(("address", "track"), [({}, "ground"), ({"plan": "plan-phase-2"}, None)])
def test_the_map_only_run_s_date_control_has_no_track_box_and_keeps_the_address_s_track(
    address, track
):
    # The track's select box costs a phone 60 KB of frontend code before the map: the
    # map-only run leaves it out, and shows the track the address names.
    at = AppTest.from_function(_date_control_without_track_choice, default_timeout=60)
    for key, value in address.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    assert len(at.selectbox) == 0
    shown = at.session_state["shown"]
    if track == "ground":
        assert len(at.select_slider) == 1 and shown.version.track == "ground"
    else:
        assert len(at.select_slider) == 0 and shown.version.id.endswith(address["plan"])
