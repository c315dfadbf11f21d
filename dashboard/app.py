"""Gaza Ceasefire Map: the Streamlit page. Run with ``streamlit run dashboard/app.py``.

This script only lays out widgets and calls the core (``dashboard/*.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run dashboard/app.py` puts dashboard/ (not the repo) on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.display import lookup_feature  # noqa: E402
from dashboard.stats import area_by_category  # noqa: E402
from dashboard.ui import data  # noqa: E402
from dashboard.ui.layers_panel import layers_panel  # noqa: E402
from dashboard.ui.main_map import draw_main_map  # noqa: E402
from dashboard.ui.panels import details_panel, notice, sources_expander, stats_table  # noqa: E402

st.set_page_config(page_title="Gaza Ceasefire Map", page_icon="🗺️", layout="wide")
data.offline_assets_ready()

st.title("Gaza Ceasefire Map")
st.markdown(
    "Which areas of the Gaza Strip Israel retains, withdraws from, or keeps as a buffer under "
    "the first phase of the October 2025 ceasefire, as reported."
)
notice()

choice = layers_panel()
zones = data.zones()

map_col, side_col = st.columns([3, 1], gap="medium")
with map_col:
    clicked = draw_main_map(choice)
if clicked:
    st.session_state["selected_fid"] = clicked
layers = {"zones": zones, "outline": data.outline()}
layers.update({key: data.reference_layer(key) for key in choice.references})
with side_col:
    details_panel(lookup_feature(layers, st.session_state.get("selected_fid")))

stats_table(area_by_category(zones, data.strip_area()))
sources_expander()
