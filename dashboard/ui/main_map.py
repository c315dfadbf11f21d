"""The main Gaza map on the page: the list of its layers (also downloaded), drawing, clicks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import folium

from dashboard.browser.map_builder import (
    TILE_LAYERS,
    build_base_map,
    context_group,
    line_group,
    point_group,
    polygon_group,
    tile_group,
    zone_group,
)
from dashboard.browser.serialise import BrowserLayer
from dashboard.browser.styles import governorate_style, outline_style
from dashboard.browser.view_link import ViewInAddress
from dashboard.config import ZONE_CATEGORIES, ZONE_LABELS
from dashboard.intake.bundled import REFERENCE_LAYERS, LayerSpec
from dashboard.ui import data
from dashboard.ui.i18n import language
from dashboard.ui.layers_panel import LayerChoice
from dashboard.ui.served_layers import served
from dashboard.ui.st_folium_cached import GroupSpec, draw_map

MAP_HEIGHT = 600  # with the header and the date control: the first screen at 1400 x 900
MAP_KEY = "main_map"


def reference_groups(keys: Sequence[str], version_id: str | None = None) -> list[GroupSpec]:
    """Feature groups of the chosen reference layers, in registry order.

    The yellow line follows the date: it is the line of the zone version shown.
    """
    specs: list[GroupSpec] = []
    for spec in REFERENCE_LAYERS:
        if spec.key not in keys:
            continue
        if spec.key == data.DATED_LINE_KEY and version_id is not None:
            line = data.version_line_geojson(version_id)
            specs.append((("bundled", "line", version_id), partial(line_group, line, spec.label)))
            continue
        lang = language()
        specs.append((("ref", spec.key, lang), partial(_reference_group, spec, lang)))
    return specs


def _reference_group(spec: LayerSpec, lang: str = "en") -> folium.FeatureGroup:
    layer = data.reference_geojson(spec.key, lang)
    if spec.key == "outline":
        return polygon_group(layer, spec.label, outline_style, None, interactive=False)
    if spec.kind == "polygons":
        return polygon_group(layer, spec.label, governorate_style)
    if spec.kind == "lines":
        return line_group(layer, spec.label)
    return point_group(layer, spec.label)


def zone_groups(
    categories: Sequence[str],
    zones: dict[str, BrowserLayer] | None = None,
    version: str | None = None,
    bundled_version: str | None = None,
) -> list[GroupSpec]:
    """One feature group per shown zone category, so each toggles on its own.

    ``zones`` (category -> prepared layer) replaces the bundled zones with a user's file;
    ``version`` identifies it (the cached JavaScript is reused while it is the same).
    """
    specs: list[GroupSpec] = []
    for c in ZONE_CATEGORIES:
        if c not in categories:
            continue
        layer = data.zone_geojson(c, bundled_version) if zones is None else served(zones[c])
        # Bundled zones are shared by every session; a user's replacement is not.
        key = (
            ("bundled", "zones", bundled_version, c)
            if zones is None
            else ("user-zones", c, version)
        )
        specs.append((key, partial(zone_group, layer, ZONE_LABELS[c])))
    return specs


def base_groups(base: str) -> list[GroupSpec]:
    """The offline context (the bundled base), and over it an online tile layer if chosen:
    where tiles fail to load, the offline base shows through."""
    context = [(("context",), lambda: context_group(data.context(), data.outline_geojson()))]
    if base in TILE_LAYERS:
        return [*context, (("tiles", base), partial(tile_group, base))]
    return context


@dataclass(frozen=True)
class MapState:
    """Everything the main map shows on one run of the page.

    Attributes
    ----------
    choice : LayerChoice
        The zone categories, reference layers and base map the user picked.
    zones : dict of str to BrowserLayer, optional
        A user's file standing in for the bundled zones (category -> layer), or None.
    zones_version : str, optional
        Identifies ``zones`` (see ``ShownLayer.version``).
    bundled_version : str, optional
        The version of the bundled zones shown (see the date control); the latest if None.
    overlays : sequence of GroupSpec
        User layers and change layers, drawn above the zones.
    on_top : sequence of GroupSpec
        Drawn last: the selected event's place.
    """

    choice: LayerChoice
    zones: dict[str, BrowserLayer] | None = None
    zones_version: str | None = None
    bundled_version: str | None = None
    overlays: Sequence[GroupSpec] = ()
    on_top: Sequence[GroupSpec] = ()


def map_layers(state: MapState) -> list[GroupSpec]:
    """The main map's layers, bottom to top: the one list the page and its download use."""
    return [
        *base_groups(state.choice.base),
        *zone_groups(state.choice.zones, state.zones, state.zones_version, state.bundled_version),
        *state.overlays,
        *reference_groups(state.choice.references, state.bundled_version or data.latest_version()),
        *state.on_top,
    ]


@dataclass(frozen=True)
class MapClick:
    """What the user last clicked on the main map."""

    fid: str | None  # the feature's id, if a feature was clicked
    point: tuple[float, float] | None  # (lat, lon) of the last click anywhere


def draw_main_map(
    layers: Sequence[GroupSpec], view: tuple[float, float, float] | None = None
) -> MapClick:
    """Draw the map with ``layers`` (see :func:`map_layers`); return the last click.

    ``view`` (lat, lon, zoom) moves the map there when it differs from the last one asked.
    """
    fmap = build_base_map(fill_frame=True)
    ViewInAddress().add_to(fmap)  # the view in the address, for links (no rerun on pan)
    result = draw_map(
        fmap,
        layers,
        key=MAP_KEY,
        height=MAP_HEIGHT,
        returned_objects=["last_active_drawing", "last_clicked"],
        center=(view[0], view[1]) if view else None,
        zoom=view[2] if view else None,
    )
    drawing = (result or {}).get("last_active_drawing") or {}
    fid = (drawing.get("properties") or {}).get("fid")
    clicked = (result or {}).get("last_clicked") or {}
    lat, lng = clicked.get("lat"), clicked.get("lng")
    point = (
        (float(lat), float(lng))
        if isinstance(lat, int | float) and isinstance(lng, int | float)
        else None
    )
    return MapClick(fid if isinstance(fid, str) else None, point)
