"""The main Gaza map: assembles the feature groups and reports clicks."""

from __future__ import annotations

from collections.abc import Sequence

import folium
from streamlit_folium import st_folium

from dashboard.bundled import REFERENCE_LAYERS
from dashboard.config import ZONE_CATEGORIES, ZONE_LABELS
from dashboard.map_builder import (
    BrowserLayer,
    build_base_map,
    context_group,
    governorate_style,
    line_group,
    outline_style,
    point_group,
    polygon_group,
    tile_group,
    zone_group,
)
from dashboard.ui import data
from dashboard.ui.layers_panel import LayerChoice

MAP_HEIGHT = 640
MAP_KEY = "main_map"


def reference_groups(keys: Sequence[str]) -> list[folium.FeatureGroup]:
    """Feature groups of the chosen reference layers, in registry order."""
    groups = []
    for spec in REFERENCE_LAYERS:
        if spec.key not in keys:
            continue
        gdf = data.reference_geojson(spec.key)
        if spec.key == "outline":
            groups.append(polygon_group(gdf, spec.label, outline_style, None, interactive=False))
        elif spec.kind == "polygons":
            groups.append(polygon_group(gdf, spec.label, governorate_style))
        elif spec.kind == "lines":
            groups.append(line_group(gdf, spec.label))
        else:
            groups.append(point_group(gdf, spec.label))
    return groups


def zone_groups(
    categories: Sequence[str], zones: dict[str, BrowserLayer] | None = None
) -> list[folium.FeatureGroup]:
    """One feature group per shown zone category, so each toggles on its own.

    ``zones`` (category -> prepared layer) replaces the bundled zones with a user's file.
    """
    groups = []
    for c in ZONE_CATEGORIES:
        if c not in categories:
            continue
        layer = data.zone_geojson(c) if zones is None else zones[c]
        groups.append(zone_group(layer, ZONE_LABELS[c]))
    return groups


def draw_main_map(
    choice: LayerChoice,
    *,
    zones=None,
    overlays: Sequence[folium.FeatureGroup] = (),
    on_top: Sequence[folium.FeatureGroup] = (),
) -> str | None:
    """Draw the map; return the feature id (``fid``) of the last clicked feature, if any."""
    base = tile_group(choice.base)
    groups: list[folium.FeatureGroup] = [
        base if base is not None else context_group(data.context(), data.outline_geojson()),
        *zone_groups(choice.zones, zones),
        *overlays,
        *reference_groups(choice.references),
        *on_top,
    ]
    result = st_folium(
        build_base_map(),
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=groups,
        returned_objects=["last_active_drawing"],
    )
    drawing = (result or {}).get("last_active_drawing") or {}
    fid = (drawing.get("properties") or {}).get("fid")
    return fid if isinstance(fid, str) else None
