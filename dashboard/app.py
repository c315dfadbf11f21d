"""Gaza Ceasefire Map: the Streamlit page. Run with ``streamlit run dashboard/app.py``.

This script only lays out widgets and calls the core (``dashboard/*.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run dashboard/app.py` puts dashboard/ (not the repo) on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.browser.features import lookup_feature  # noqa: E402
from dashboard.ui import data  # noqa: E402
from dashboard.ui.layers_panel import layers_panel  # noqa: E402
from dashboard.ui.main_map import MapState, draw_main_map, map_layers  # noqa: E402
from dashboard.ui.panels import details_panel, notice, sources_expander, stats_table  # noqa: E402
from dashboard.ui.timeline import (  # noqa: E402
    event_details,
    inset_map,
    main_map_highlight,
    timeline_panel,
)
from dashboard.ui.uploads import uploads_panel  # noqa: E402
from dashboard.ui.user_layers import (  # noqa: E402
    change_layers_lookup,
    compare_panel,
    downloads,
    overlay_groups,
    replacement,
    replacement_notice,
)
from dashboard.zones.areas import area_by_category  # noqa: E402

st.set_page_config(page_title="Gaza Ceasefire Map", page_icon="🗺️", layout="wide")
data.offline_assets_ready()

st.title("Gaza Ceasefire Map")
st.markdown(
    "Which areas of the Gaza Strip Israel retains, withdraws from, or keeps as a buffer under "
    "the first phase of the October 2025 ceasefire, as reported."
)
notice()

choice = layers_panel()
event = timeline_panel()
strip_km2 = data.strip_area()
shown = uploads_panel(strip_km2)
replacing = replacement(shown)
replacement_notice(shown)
bundled_zones = data.zones()
zones = replacing.gdf if replacing else bundled_zones

map_col, side_col = st.columns([5, 3], gap="medium")
below = st.container()
with below:
    changes = compare_panel(bundled_zones, shown, strip_km2)
map_state = MapState(
    choice,
    zones=replacing.prepared.browser if replacing else None,  # None: the bundled zones
    zones_version=replacing.version if replacing else None,
    overlays=[*overlay_groups(shown), *(change.spec for change in changes)],
    on_top=main_map_highlight(event),
)
layers = map_layers(map_state)
with map_col:
    clicked = draw_main_map(layers)
if clicked:
    st.session_state["selected_fid"] = clicked
# Every layer whose features can be clicked, by layer key (see browser.features).
clickable = {"zones": bundled_zones, "outline": data.outline()}
clickable.update({key: data.reference_layer(key) for key in choice.references})
clickable.update({layer.key: layer.gdf for layer in shown})
clickable.update(change_layers_lookup(changes))
with side_col:
    details_panel(lookup_feature(clickable, st.session_state.get("selected_fid")))
    inset_map(event)
    event_details(event)

stats_table(
    area_by_category(zones, strip_km2),
    title="Area by category" + (" (your file)" if replacing else ""),
)
downloads(zones, layers)
sources_expander()
