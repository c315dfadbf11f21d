"""The venue inset: a small map of the selected event's place beyond Gaza (Sharm el-Sheikh,
Doha, Jerusalem, Washington ...), over an offline base. Shown only while such an event is
selected: before that it would take a screen's third for nothing.
"""

from __future__ import annotations

from functools import partial

import folium
import geopandas as gpd
import streamlit as st
from shapely.geometry import Point

from dashboard.browser.escaping import escape_markdown
from dashboard.browser.features import feature_id
from dashboard.browser.map_builder import (
    build_base_map,
    context_group,
    highlight_group,
    point_group,
)
from dashboard.browser.serialise import BrowserLayer, browser_geojson
from dashboard.config import INSET_REGIONS, INSET_ZOOM_ELSEWHERE, SHARM_CENTER, SHARM_ZOOM
from dashboard.intake import timeline_data as ev
from dashboard.intake.bundled import CONTEXT_REGIONS_FILE, CONTEXT_SHARM_FILE
from dashboard.ui import data
from dashboard.ui.i18n import language, t
from dashboard.ui.st_folium_cached import GroupSpec, draw_map
from dashboard.ui.timeline import place_name, selected_place, timeline

INSET_HEIGHT = 330
# Credits of the inset's offline bases, shown in its attribution control while they are
# drawn (the full credit is in geodata/SOURCES.md and geodata/CONTEXT.md).
SHARM_CREDIT = "GSHHG (LGPL-3.0+)"
REGIONS_CREDIT = "Natural Earth"


@st.cache_resource(show_spinner=False)
def places_layer(region: str, lang: str = "en") -> BrowserLayer:
    """The places of one region as labelled points for the inset, named in language
    ``lang`` (English where a place has no name in it; serialised once per language)."""
    places = [p for p in timeline().places.values() if p.region == region]
    frame = gpd.GeoDataFrame(
        {
            # Short labels for a small map: the name without its parenthesis.
            "name": [p.name_for(lang).split(" (")[0] for p in places],
            "kind": ["crossing" if p.kind == "venue" else "town" for p in places],
            "fid": [feature_id("place", p.id) for p in places],
        },
        geometry=[Point(p.lon, p.lat) for p in places],
        crs="EPSG:4326",
    )
    return browser_geojson(frame, ["name"])


def inset_region(lat: float, lon: float) -> str | None:
    """The region of the inset's offline base whose box holds a point, if any
    (see ``INSET_REGIONS``)."""
    return next(
        (
            region
            for region, (west, south, east, north) in INSET_REGIONS.items()
            if west <= lon <= east and south <= lat <= north
        ),
        None,
    )


def _credited(group: folium.FeatureGroup, credit: str) -> folium.FeatureGroup:
    """``group`` with ``credit`` in the map's attribution control while it is on the map.

    The credit rides on an empty layer of the group: Leaflet adds a layer's attribution
    when the layer is added and removes it with the layer.
    """
    empty = {"type": "FeatureCollection", "features": []}
    folium.GeoJson(empty, control=False, attribution=credit).add_to(group)
    return group


def _sharm_base() -> folium.FeatureGroup:
    land = context_group(data.context(CONTEXT_SHARM_FILE), None, name="Sinai", lang=language())
    return _credited(land, SHARM_CREDIT)


def _region_base(region: str) -> folium.FeatureGroup:
    land = context_group(
        data.context(CONTEXT_REGIONS_FILE, region), None, name=region.title(), lang=language()
    )
    return _credited(land, REGIONS_CREDIT)


def inset_map(event: ev.Event | None) -> None:
    """The venue inset, while the selected event took place beyond Gaza (an event in Gaza
    is marked on the main map; nothing selected, nothing drawn): Sharm el-Sheikh's venues,
    or the event's place elsewhere.

    Elsewhere the inset is centred on the place over the offline base of its region (land,
    coasts and borders from Natural Earth). The base map itself never changes (that would
    re-mount the map): the view moves through ``center`` and ``zoom``, and the land of the
    region is one more group.
    """
    place = selected_place(event)
    if place is None or ev.place_view(place) != "inset":
        return
    lang = language()
    if place.region != "sharm":
        region, base = place.region, inset_region(place.lat, place.lon)
        venues = partial(point_group, places_layer(region, lang), region.title())
        groups: list[GroupSpec] = [(("venues", region, lang), venues)]
        if base is not None:  # under the venues (the land lies in the offline base's pane)
            groups.insert(0, (("context", "inset", base), partial(_region_base, base)))
        center, zoom, where = (place.lat, place.lon), INSET_ZOOM_ELSEWHERE, place_name(place, lang)
    else:
        venues = partial(point_group, places_layer("sharm", lang), "Venues")
        groups = [(("sinai",), _sharm_base), (("venues", "sharm", lang), venues)]
        center, zoom, where = SHARM_CENTER, SHARM_ZOOM, t("inset.sharm")
    label = place.name_for(lang)
    groups.append(
        (("highlight", place.id, lang), partial(highlight_group, place.lat, place.lon, label))
    )
    st.markdown(t("inset.heading", place=escape_markdown(where)))
    draw_map(
        # No ``fit``: fitting animates the zoom on load, and Leaflet drops a move asked for
        # during that animation, so a shared link's place (``?event=``) was never shown.
        build_base_map(center=SHARM_CENTER, zoom=SHARM_ZOOM, fit=None),
        groups,
        key="inset_map",
        height=INSET_HEIGHT,
        center=center,
        zoom=zoom,
        returned_objects=[],
    )
