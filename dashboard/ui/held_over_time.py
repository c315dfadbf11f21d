"""The held share over time on the page: the chart of the core (browser.held_chart) placed
near the area table, in the page's language. Streamlit draws it with its own bundled
Vega-Lite: no script is fetched from elsewhere."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.browser.held_chart import LABEL_KEYS, held_chart
from dashboard.intake.daily_deaths import CASUALTIES_CREDIT
from dashboard.ui import data
from dashboard.ui.i18n import t


def chart_labels() -> dict[str, str]:
    """Every text of the chart in the page's language (``chart.<key>``)."""
    return {key: t(f"chart.{key}") for key in LABEL_KEYS}


def held_over_time(shown: dt.date) -> None:
    """The chart of the held share over time (and the deaths reported each day), with
    the date shown marked; the table stays for exact figures."""
    with st.container(key="held_chart_box"):
        st.subheader(t("chart.heading"), anchor=False)
        charts = held_chart(
            data.version_areas(),
            data.reported_shares(),
            data.daily_deaths().table,
            shown,
            chart_labels(),
        )
        # Two charts on one time axis (the same dates in both), each as wide as the page.
        shares_panel, deaths_panel = charts.panels()
        st.altair_chart(shares_panel, width="stretch")
        st.altair_chart(deaths_panel, width="stretch")
        deaths = data.daily_deaths().table
        until = deaths["date"].max().isoformat() if not deaths.empty else "—"
        st.caption(t("chart.caption", deaths_credit=CASUALTIES_CREDIT, deaths_until=until))
