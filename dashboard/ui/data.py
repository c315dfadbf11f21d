"""Cached access to the bundled data, for the page (the core stays cache-free).

The bundled frames are read once per process and shared, never copied: callers treat
them as read-only (every transformation in the core returns a new frame).
"""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

from dashboard.browser.features import describe_zones, with_fids
from dashboard.browser.map_builder import ContextData, prepare_context
from dashboard.browser.offline_assets import prepare_offline_assets
from dashboard.browser.serialise import BrowserLayer, browser_geojson
from dashboard.browser.styles import NAME_TOOLTIP, ZONE_TOOLTIP
from dashboard.config import GEODATA_DIR
from dashboard.intake import bundled, scratch
from dashboard.zones.areas import total_area_km2, with_areas


@st.cache_resource(show_spinner=False)
def offline_assets_ready() -> bool:
    """Once per process: copy Leaflet into the served folder and point folium at it, and
    delete upload folders left behind by processes that were killed mid-read."""
    prepare_offline_assets()
    scratch.remove_stale()
    return True


@st.cache_resource(show_spinner="Reading the bundled map data…")
def strip_area() -> float:
    """Area of the Strip outline in km² (EPSG:32636)."""
    return total_area_km2(bundled.load_outline())


@st.cache_resource(show_spinner=False)
def zones() -> gpd.GeoDataFrame:
    """Bundled zones with areas, tooltip columns and feature ids."""
    return describe_zones(with_areas(bundled.load_zones(), strip_area()), "zones")


@st.cache_resource(show_spinner=False)
def outline() -> gpd.GeoDataFrame:
    """The Strip outline with feature ids."""
    return with_fids(bundled.load_outline(), "outline")


@st.cache_resource(show_spinner=False)
def context(filename: str = bundled.CONTEXT_FILE) -> ContextData:
    """The offline base around Gaza (or Sharm el-Sheikh), serialised once."""
    path = GEODATA_DIR / filename
    return prepare_context(bundled.read_bundled(filename) if path.exists() else None)


@st.cache_resource(show_spinner=False)
def reference_layer(key: str) -> gpd.GeoDataFrame:
    """A bundled reference layer (see ``REFERENCE_LAYERS``) with feature ids."""
    spec = next(s for s in bundled.REFERENCE_LAYERS if s.key == key)
    return with_fids(bundled.load_reference_layer(spec), key)


@st.cache_resource(show_spinner=False)
def zone_geojson(category: str) -> BrowserLayer:
    """The bundled zones of one category as the browser gets them (built once)."""
    frame = zones()
    return browser_geojson(frame[frame["zone"] == category], ZONE_TOOLTIP.fields)


@st.cache_resource(show_spinner=False)
def reference_geojson(key: str) -> BrowserLayer:
    """A bundled reference layer as the browser gets it (built once)."""
    return browser_geojson(reference_layer(key), NAME_TOOLTIP.fields)


@st.cache_resource(show_spinner=False)
def outline_geojson() -> BrowserLayer:
    """The Strip outline as the browser gets it (drawn as the Strip's land)."""
    return browser_geojson(outline(), ())
