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
