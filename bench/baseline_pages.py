"""The baselines of the in-app browser figures: two bare Streamlit pages, no app around them.

Run by :mod:`bench.in_app` (never by hand): it copies this script into
``bench/out/pages/`` beside a ``static`` link to ``dashboard/static`` (Streamlit serves
``static/`` next to the main script, and Leaflet comes from there, as in the app) and
starts it with ``BENCH_PAGE`` set to one of:

``naive``
    the naive upload page: ``st.file_uploader``, ``geopandas.read_file`` of the file,
    ``folium.GeoJson`` with a tooltip (folium's defaults: SVG) and ``st_folium``;
``zones``
    the bare streamlit-folium page drawing the bundled zones the app shows first (the
    latest version), one ``folium.GeoJson`` per category in the app's colours;
``in-process``
    the app itself, reading uploads in its own process as it did before issue 19 (the
    worker process replaced by a direct call of ``read_geodata``): the baseline of the
    cost of reading in a worker.
"""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]  # bench/out/pages/<this file>
sys.path.insert(0, str(REPO))

import folium  # noqa: E402
import geopandas as gpd  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from dashboard.browser.offline_assets import use_local_assets  # noqa: E402
from dashboard.config import GAZA_CENTER, GAZA_ZOOM, ZONE_CATEGORIES, ZONE_COLOURS  # noqa: E402

MAP_HEIGHT = 700
UPLOAD_TYPES = ["geojson", "json", "gpkg", "fgb", "parquet"]


def _text_dates(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Dates as text, or folium cannot serialise them (the one change a naive page needs)."""
    dated = [c for c in gdf.columns if str(gdf[c].dtype).startswith("datetime")]
    return gdf.astype({c: str for c in dated})


def naive_page() -> folium.Map:
    fmap = folium.Map(location=GAZA_CENTER, zoom_start=round(GAZA_ZOOM), tiles=None)
    file = st.file_uploader("File", type=UPLOAD_TYPES)
    if file is not None:
        gdf = _text_dates(gpd.read_file(file))
        fields = [c for c in gdf.columns if c != "geometry"][:4]
        folium.GeoJson(gdf, tooltip=folium.GeoJsonTooltip(fields)).add_to(fmap)
    return fmap


def zones_page() -> folium.Map:
    from dashboard.ui import data

    fmap = folium.Map(location=GAZA_CENTER, zoom_start=round(GAZA_ZOOM), tiles=None)
    zones = _text_dates(data.zones())
    for category in ZONE_CATEGORIES:
        colour = ZONE_COLOURS[category]
        folium.GeoJson(
            zones[zones["zone"] == category],
            style_function=lambda _f, c=colour: {"color": c, "fillColor": c, "weight": 1},
        ).add_to(fmap)
    return fmap


def in_process_app() -> None:
    from dashboard.intake.user_files import read_geodata
    from dashboard.ui import uploads

    uploads.read_isolated = read_geodata  # same signature and outcome, in this process
    runpy.run_path(str(REPO / "dashboard" / "app.py"), run_name="__main__")


page = os.environ.get("BENCH_PAGE", "naive")
if page == "in-process":
    in_process_app()
    st.stop()
use_local_assets()
st.set_page_config(layout="wide")
st_folium(naive_page() if page == "naive" else zones_page(), height=MAP_HEIGHT, returned_objects=[])
