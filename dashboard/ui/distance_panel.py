"""How far a place is from the line: the place box, and the answer right under it.

The answer follows the date shown (it is measured against the version on the map) and is
drawn on the map as a dashed segment; a place picked in the box moves the map so that the
segment is in view. Every distance of one answer is in one unit (see :func:`in_one_unit`).
On a phone the panel comes right under the map, and the page scrolls to a new answer
(see :mod:`dashboard.ui.phone_layout`).
"""

from __future__ import annotations

from functools import partial

import geopandas as gpd
import streamlit as st

from dashboard.browser.escaping import escape_markdown
from dashboard.browser.map_builder import distance_group
from dashboard.intake.gazetteer import segment_view
from dashboard.ui import data
from dashboard.ui.i18n import language, t
from dashboard.ui.place_box import PointToMeasure, place_box, take_move
from dashboard.ui.place_search import ask_view
from dashboard.ui.st_folium_cached import GroupSpec
from dashboard.zones import distance, drift

ANSWER_KEY = "place_answer"  # the answer's container, for the page's script and CSS
KM = 1000
# A place picked in the box is shown at least this close when it cannot be measured.
PLACE_ZOOM = 14.0


def in_one_unit(*metres: int | None) -> list[str | None]:
    """Distances of one answer in one unit: metres when all are under 1 km, else km with
    one decimal (so never "2.5 km" beside "1,600 m"); None stays None."""
    known = [m for m in metres if m is not None]
    in_km = bool(known) and max(known) >= KM

    def word(m: int) -> str:
        if in_km:
            return t("distance.kilometres", value=f"{m / KM:,.1f}")
        return t("distance.metres", value=f"{m:,}")

    return [None if m is None else word(m) for m in metres]


def _answer_marker(point: PointToMeasure) -> None:
    # An empty element carrying the point: the page's script scrolls a phone to the answer
    # when it changes (see phone_layout).
    where = f"{point.lat:.6f},{point.lon:.6f}"
    st.html(f'<span class="place-answer-marker" data-point="{where}"></span>')


def distance_panel(zones: gpd.GeoDataFrame, clicked: tuple[float, float] | None) -> list[GroupSpec]:
    """The place box and where its point stands against the line of ``zones`` (one version).

    ``clicked`` is the last point clicked on the main map (lat, lon), if any; a new click
    becomes the point. Returns the map layer that draws the answer (or nothing).
    """
    st.subheader(t("distance.heading"), anchor=False)
    point = place_box(clicked)
    moved = take_move()
    with st.container(key=ANSWER_KEY):
        if point is None:
            st.caption(t("distance.empty"))
            return []
        return _answer(zones, point, moved)


def _answer(zones: gpd.GeoDataFrame, point: PointToMeasure, moved: bool) -> list[GroupSpec]:
    label = point.label(language())
    try:
        answer = distance.line_distance(zones, point.lat, point.lon, outline=data.outline())
    except distance.DistanceError as exc:
        if moved:
            ask_view(point.lat, point.lon, PLACE_ZOOM)
        st.warning(escape_markdown(str(exc)))
        _answer_marker(point)
        return []
    if moved:  # the place and the nearest point of the line, both in view
        ask_view(*segment_view(answer.lat, answer.lon, answer.nearest_lat, answer.nearest_lon))
    reports = data.line_drift_reports()
    warn = drift.needs_warning(answer, reports)
    shown, orange, furthest = in_one_unit(
        answer.distance_m,
        answer.orange_distance_m or None,
        reports.furthest.metres if warn else None,
    )
    side = t("distance.held_side" if answer.side == distance.HELD_SIDE else "distance.other_side")
    st.markdown(
        t(
            "distance.answer",
            label=escape_markdown(label),
            lat=f"{answer.lat:.4f}",
            lon=f"{answer.lon:.4f}",
            side=side,
            distance=shown,
            nearest_lat=answer.nearest_lat,
            nearest_lon=answer.nearest_lon,
        )
    )
    if answer.orange_distance_m is not None:
        st.markdown(t("distance.orange", distance=orange or t("distance.inside")))
    if warn:
        st.warning(
            t(
                "distance.drift_warning",
                distance=furthest,
                sources=escape_markdown(t("list.separator").join(reports.sources)),
            ),
            icon="⚠️",
        )
    st.caption(t("distance.caption"))
    # The point's coordinates, with Streamlit's copy button (latitude, longitude).
    st.code(f"{answer.lat:.5f}, {answer.lon:.5f}", language=None)
    _answer_marker(point)  # last: the answer is whole when the page scrolls to it
    text = t("distance.map_label", label=label, distance=shown)
    key = ("distance", answer.lat, answer.lon, answer.version_id, text)
    build = partial(
        distance_group, answer.lat, answer.lon, answer.nearest_lat, answer.nearest_lon, text
    )
    return [(key, build)]
