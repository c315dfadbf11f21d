"""How far a place is from the line: a click on the map, a town, or typed coordinates.

The point is kept in ``st.session_state``; the answer follows the date shown (it is
measured against the version on the map) and is drawn on the map as a dashed segment.
"""

from __future__ import annotations

from functools import partial

import geopandas as gpd
import streamlit as st

from dashboard.browser.escaping import escape_markdown
from dashboard.browser.map_builder import distance_group
from dashboard.ui import data
from dashboard.ui.i18n import t
from dashboard.ui.st_folium_cached import GroupSpec
from dashboard.zones import distance, drift

POINT_KEY = "distance_point"
SEEN_CLICK_KEY = "_distance_seen_click"
NO_TOWN = "—"


def _set_point(lat: float, lon: float, label: str) -> None:
    st.session_state[POINT_KEY] = (lat, lon, label)


def _town_choice() -> None:
    towns = data.reference_layer("towns")
    names = [NO_TOWN, *towns["name"].astype(str)]
    picked = st.session_state.get("distance_town", NO_TOWN)
    if picked != NO_TOWN:
        row = towns[towns["name"].astype(str) == picked].iloc[0]
        _set_point(row.geometry.y, row.geometry.x, picked)
        st.session_state["distance_town"] = NO_TOWN  # one-shot: a later click still counts
    return names


def distance_panel(zones: gpd.GeoDataFrame, clicked: tuple[float, float] | None) -> list[GroupSpec]:
    """Where the chosen point stands against the line of ``zones`` (one version).

    ``clicked`` is the last point clicked on the main map (lat, lon), if any; a new click
    becomes the point. Returns the map layer that draws the answer (or nothing).
    """
    if clicked is not None and clicked != st.session_state.get(SEEN_CLICK_KEY):
        st.session_state[SEEN_CLICK_KEY] = clicked
        _set_point(clicked[0], clicked[1], t("distance.clicked_point"))
    st.subheader(t("distance.heading"), anchor=False)
    names = _town_choice()
    left, right = st.columns(2)
    left.selectbox(t("distance.town"), names, key="distance_town")
    typed = right.text_input(
        t("distance.coordinates"),
        key="distance_typed",
        placeholder="31.42, 34.38",
        help=t("distance.coordinates_help"),
    )
    if typed and typed != st.session_state.get("_distance_seen_typed"):
        st.session_state["_distance_seen_typed"] = typed
        parts = (
            typed.replace(";", ",").split(",") if "," in typed or ";" in typed else typed.split()
        )
        if len(parts) != 2:
            st.error(t("distance.two_numbers"))
        else:
            _set_point(parts[0].strip(), parts[1].strip(), t("distance.typed_point"))
    point = st.session_state.get(POINT_KEY)
    if point is None:
        st.caption(t("distance.empty"))
        return []
    lat, lon, label = point
    try:
        answer = distance.line_distance(zones, lat, lon, outline=data.outline())
    except distance.DistanceError as exc:
        st.warning(escape_markdown(str(exc)))
        return []
    metres = (
        t("distance.metres", value=f"{answer.distance_m:,}")
        if answer.distance_m < 1000
        else t("distance.kilometres", value=f"{answer.distance_m / 1000:.1f}")
    )
    side = t("distance.held_side" if answer.side == distance.HELD_SIDE else "distance.other_side")
    st.markdown(
        t(
            "distance.answer",
            label=escape_markdown(label),
            lat=f"{answer.lat:.4f}",
            lon=f"{answer.lon:.4f}",
            side=side,
            distance=metres,
            nearest_lat=answer.nearest_lat,
            nearest_lon=answer.nearest_lon,
        )
    )
    if answer.orange_distance_m is not None:
        orange = (
            t("distance.inside")
            if answer.orange_distance_m == 0
            else t("distance.metres", value=f"{answer.orange_distance_m:,}")
        )
        st.markdown(t("distance.orange", distance=orange))
    reports = data.line_drift_reports()
    if drift.needs_warning(answer, reports):
        st.warning(
            t(
                "distance.drift_warning",
                metres=f"{reports.furthest.metres:,}",
                sources=escape_markdown(t("list.separator").join(reports.sources)),
            ),
            icon="⚠️",
        )
    st.caption(t("distance.caption"))
    # The point's coordinates, with Streamlit's copy button (latitude, longitude).
    st.code(f"{answer.lat:.5f}, {answer.lon:.5f}", language=None)
    text = t("distance.map_label", label=label, distance=metres)
    key = ("distance", answer.lat, answer.lon, answer.version_id, text)
    build = partial(
        distance_group, answer.lat, answer.lon, answer.nearest_lat, answer.nearest_lon, text
    )
    return [(key, build)]
