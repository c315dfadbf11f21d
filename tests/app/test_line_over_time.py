"""The line over time on the page (AppTest): dates from the address, plan phases."""

from __future__ import annotations

import datetime as dt


def test_a_plan_phase_can_be_shown_and_is_in_the_address(app_test):
    at = app_test.run()
    at.selectbox(key="zone_track").set_value("plan-phase-2").run()
    assert not at.exception
    assert at.query_params.get("plan") == "plan-phase-2"
    assert "at" not in at.query_params
    assert any("planned" in c.value for c in at.caption)
    table = next(d.value for d in at.table if "Share of the Strip (%)" in d.value.columns)
    held = table.loc[table["Category"] != table["Category"].iloc[1], "Share of the Strip (%)"]
    assert 30 <= held.sum() <= 45  # phase 2 leaves about 37 % on the Israeli side


def test_a_date_before_the_first_version_gets_a_message_and_the_latest(app_test):
    at = app_test
    at.query_params["at"] = "2024-01-01"
    at.run()
    assert not at.exception
    assert any("No zones are drawn before 10 Oct 2025" in w.value for w in at.warning)
    assert any("In force on 10 Oct 2025" in c.value for c in at.caption)
    at.run()  # a later run (a first visit's page is drawn twice): still said
    assert any("No zones are drawn before 10 Oct 2025" in w.value for w in at.warning)
    # Another date: nothing left to say.
    at.select_slider(key="zone_date").set_value(dt.date(2025, 10, 19)).run()
    assert not any("No zones are drawn before" in w.value for w in at.warning)


def test_a_long_date_in_the_address_is_quoted_shortened(app_test):
    at = app_test
    at.query_params["at"] = "2025-10-19 " + "Your session expired; call +1 555 0100. " * 8
    at.run()
    assert not at.exception
    warning = next(w.value for w in at.warning if "is not a date" in w.value)
    assert "\u2026" in warning and "0100" not in warning
