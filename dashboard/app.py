"""Gaza Ceasefire Map: the Streamlit page. Run with ``streamlit run dashboard/app.py``.

This script only lays out widgets and calls the core (``dashboard/*.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run dashboard/app.py` puts dashboard/ (not the repo) on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.browser.features import lookup_feature
from dashboard.ui import data  # noqa: E402
from dashboard.ui.layers_panel import layers_panel  # noqa: E402
from dashboard.ui.main_map import (  # noqa: E402
    base_groups,
    draw_main_map,
    reference_groups,
    zone_groups,
)
from dashboard.ui.panels import details_panel, notice, sources_expander, stats_table  # noqa: E402
from dashboard.ui.st_folium_cached import build_groups  # noqa: E402
from dashboard.ui.timeline import (  # noqa: E402
    event_details,
    inset_map,
    main_map_highlight,
    timeline_panel,
)
from dashboard.ui.uploads import uploads_panel  # noqa: E402
from dashboard.ui.user_layers import (  # noqa: E402
    compare_panel,
    downloads,
    overlay_groups,
    replacement,
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
bundled_zones = data.zones()
zones = replacing.gdf if replacing else bundled_zones
zones_display = replacing.prepared.browser if replacing else None  # None: bundled, cached
zones_version = id(replacing.prepared) if replacing else None
if replacing:
    st.warning(
        "The zones on the map and in the table come from your file, not the bundled data.",
        icon="⚠️",
    )

map_col, side_col = st.columns([5, 3], gap="medium")
below = st.container()
with below:
    change_layers = compare_panel(bundled_zones, shown, strip_km2)
overlays = overlay_groups(shown) + change_layers
with map_col:
    clicked = draw_main_map(
        choice,
        zones=zones_display,
        zones_version=zones_version,
        overlays=overlays,
        on_top=main_map_highlight(event),
    )
if clicked:
    st.session_state["selected_fid"] = clicked
layers = {"zones": bundled_zones, "outline": data.outline()}
layers.update({key: data.reference_layer(key) for key in choice.references})
layers.update({layer.key: layer.gdf for layer in shown})
with side_col:
    details_panel(lookup_feature(layers, st.session_state.get("selected_fid")))
    inset_map(event)
    event_details(event)

stats_table(
    area_by_category(zones, strip_km2),
    title="Area by category" + (" (your file)" if replacing else ""),
)
downloads(
    zones,
    lambda: build_groups(
        [
            *base_groups(choice.base),
            *zone_groups(choice.zones, zones_display, zones_version),
            *overlay_groups(shown),
            *reference_groups(choice.references),
        ]
    ),
)
sources_expander()
