"""Where the map is built: the folium base map and every layer group (no Streamlit).

The page keeps the *base map* constant (same options on every run, so the
streamlit-folium iframe is never re-mounted) and passes everything that can
change — zones, reference layers, uploads, tiles, highlights — as feature
groups that the component swaps in place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import folium
import geopandas as gpd

from dashboard.browser.canvas_layer import CanvasLayer
from dashboard.browser.escaping import escape_text
from dashboard.browser.fast_geojson import FastGeoJson
from dashboard.browser.map_controls import FullscreenButton, MeasureTool, TileErrorNotice
from dashboard.browser.map_labels import LabelsInside
from dashboard.browser.serialise import (
    CANVAS_ABOVE,
    BrowserLayer,
    LayerData,
    browser_geojson,
    is_empty,
    property_names,
)
from dashboard.browser.styles import (
    NAME_TOOLTIP,
    POINT_STYLES,
    ZONE_TOOLTIP,
    TooltipSpec,
    border_style,
    change_style,
    land_style,
    line_style,
    neutral_style,
    point_style,
    strip_fill_style,
    upload_zone_style,
    zone_style,
)
from dashboard.config import (
    GAZA_CENTER,
    GAZA_VIEW,
    GAZA_ZOOM,
    INK_COLOUR,
    NEUTRAL_COLOUR,
    SEA_COLOUR,
)

BASE_PANE = "offlineBase"  # the offline base's own pane, under online tiles
# Online base layers: optional, chosen by the user. Leaflet shows the attribution.
TILE_LAYERS: dict[str, dict[str, str]] = {
    "OpenStreetMap": {
        "tiles": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attr": "© OpenStreetMap contributors",
    },
    "CartoDB Positron (light)": {
        "tiles": "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        "attr": "© OpenStreetMap contributors © CARTO",
    },
    "Esri World Imagery (satellite)": {
        "tiles": "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/"
        "MapServer/tile/{z}/{y}/{x}",
        "attr": "Tiles © Esri — Source: Esri, Maxar, Earthstar Geographics, and the GIS community",
    },
}
BUNDLED_BASE = "Bundled context (offline)"
BASE_LAYERS: tuple[str, ...] = (BUNDLED_BASE, *TILE_LAYERS)


class StillFit(folium.map.FitBounds):
    """Fit the map to a box at once, without the zoom animation.

    An animated fit is still running when the page asks for its view (a shared link's
    ``?view=``); Leaflet drops a view asked for during a zoom animation that is more than
    four levels away and ends the animation at the fitted zoom, so a link at zoom 16 or
    more opened at the default view.
    """

    def __init__(self, bounds: list, padding: tuple[int, int]) -> None:
        super().__init__(bounds, padding=padding)
        self.options["animate"] = False


def build_base_map(
    *,
    center: tuple[float, float] = GAZA_CENTER,
    zoom: float = GAZA_ZOOM,
    fit: tuple[float, float, float, float] | None = GAZA_VIEW,
    height_css: str = "100%",
    fill_frame: bool = False,
) -> folium.Map:
    """The constant part of a map: no tiles, a sea-coloured background, a scale bar.

    Build it afresh on every run (streamlit-folium attaches the dynamic groups to
    it), with the same arguments, so that the generated script — and thus the
    component's identity — stays the same.
    """
    fmap = folium.Map(
        location=center,
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        min_zoom=5,
        max_zoom=18,
        height=height_css,
        zoom_snap=0.25,
        zoom_delta=0.5,
    )
    if fit is not None:
        StillFit([[fit[1], fit[0]], [fit[3], fit[2]]], padding=(10, 10)).add_to(fmap)
    FullscreenButton().add_to(fmap)
    MeasureTool().add_to(fmap)
    LabelsInside().add_to(fmap)  # no label or tooltip cut at the map's right edge
    if fill_frame:
        # The map fills its frame, which the page sizes to the window (see ui/panels.py);
        # a downloaded file has no #map_div.
        fmap.get_root().header.add_child(
            folium.Element("<style>#map_div{height:100vh !important;}</style>")
        )
    fmap.get_root().header.add_child(
        folium.Element(
            # div.: more specific than leaflet.css's grey, wherever that sheet ends up.
            "<style>div.leaflet-container{background:" + SEA_COLOUR + ";}"
            ".leaflet-tooltip table th{padding-right:6px;text-align:left;color:#555;}"
            ".leaflet-interactive:focus{outline:none;}"
            ".leaflet-tooltip.place-label{background:rgba(255,255,255,.85);border:0;"
            "box-shadow:none;padding:0 3px;font-size:11px;color:" + INK_COLOUR + ";}"
            ".leaflet-tooltip.place-label:before{display:none;}"
            ".leaflet-tooltip.context-label{background:none;border:0;box-shadow:none;"
            "font-size:11px;font-style:italic;color:#6B645A;margin-top:-12px;}"
            ".leaflet-tooltip.context-label:before{display:none;}"
            ".fullscreen-button,.measure-button{line-height:30px;text-align:center;}"
            ".measure-button.measure-active{background:#F0E442;}"
            ".measuring .leaflet-interactive{pointer-events:none;}"
            ".leaflet-tooltip.measure-label{font-weight:600;}"
            ".tile-error-note{background:#FFF8E1;border:1px solid #E0B000;padding:4px 8px;"
            "border-radius:4px;font-size:12px;color:" + INK_COLOUR + ";max-width:260px;}"
            "</style>"
        )
    )
    return fmap


def _group(name: str, **kwargs) -> folium.FeatureGroup:
    """A feature group named ``name``, escaped: a layer control shows names as HTML."""
    return folium.FeatureGroup(name=escape_text(name), **kwargs)


def _geojson(
    layer: LayerData,
    name: str,
    style,
    tooltip: TooltipSpec | None,
    *,
    highlight: bool = True,
    smooth: float = 0.5,
    pane: str | None = None,
) -> FastGeoJson:
    pairs = list(zip(tooltip.fields, tooltip.aliases, strict=True)) if tooltip else []
    if not isinstance(layer, BrowserLayer):
        layer = browser_geojson(layer, [f for f, _ in pairs])
    present = property_names(layer)  # escaped, as display_frame writes them
    pairs = [(name, a) for f, a in pairs if (name := escape_text(f)) in present]
    if layer.binary is not None and layer.binary.url is not None and pane is None:
        # A large served layer: typed arrays drawn on a canvas of its own, no Leaflet
        # object per feature (exports paste the GeoJSON text instead: CanvasLayer.inline).
        return CanvasLayer(layer, style, pairs, highlight=highlight)
    return FastGeoJson(
        layer,
        style,
        pairs,
        highlight=highlight,
        smooth=smooth,
        canvas=layer.count > CANVAS_ABOVE,
        pane=pane,
    )


def upload_zone_group(
    gdf: LayerData, name: str, colour: str, opacity: float | None = None
) -> folium.FeatureGroup:
    """A user's zone layer over the bundled zones: category fills (as opaque as
    ``opacity``, if given), outlined in ``colour``."""
    return zone_group(gdf, name, style=partial(upload_zone_style, colour=colour, opacity=opacity))


def zone_group(
    gdf: LayerData, name: str, *, style=zone_style, tooltip: TooltipSpec = ZONE_TOOLTIP
) -> folium.FeatureGroup:
    """A feature group of zone polygons with hover tooltips (name, category, area), the
    tooltip's labels those of ``tooltip`` (in the page's language)."""
    group = _group(name)
    if not is_empty(gdf):
        _geojson(gdf, name, style, tooltip).add_to(group)
    return group


def polygon_group(
    gdf: LayerData,
    name: str,
    style,
    tooltip: TooltipSpec | None = NAME_TOOLTIP,
    *,
    interactive: bool = True,
) -> folium.FeatureGroup:
    """A feature group of polygons in a given style (outline, governorates, uploads)."""
    group = _group(name)
    if not is_empty(gdf):
        _geojson(gdf, name, style, tooltip if interactive else None, highlight=False).add_to(group)
    return group


def neutral_group(
    gdf: LayerData, name: str, fields: Sequence[str], colour: str = NEUTRAL_COLOUR, style=None
) -> folium.FeatureGroup:
    """A user layer without zone categories, in ``colour`` (or drawn by ``style``, e.g. by
    its classes: :func:`dashboard.browser.layer_classes.classed_style`); its first
    properties on hover."""
    group = _group(name)
    if not is_empty(gdf):
        tooltip = TooltipSpec(tuple(fields), tuple(fields))
        style = style or partial(neutral_style, colour=colour)
        _geojson(gdf, name, style, tooltip if fields else None).add_to(group)
    return group


def change_group(gdf: LayerData, name: str) -> folium.FeatureGroup:
    """Where the category changed: the new category's colour, hatched look via a dark dash."""
    group = _group(name)
    if not is_empty(gdf):
        tooltip = TooltipSpec(("name", "area_text"), ("Change", "Area"))
        _geojson(gdf, name, change_style, tooltip).add_to(group)
    return group


def line_group(gdf: LayerData, name: str) -> folium.FeatureGroup:
    """A feature group of lines styled by their ``kind``, with the name on hover."""
    group = _group(name)
    if not is_empty(gdf):
        _geojson(gdf, name, line_style, NAME_TOOLTIP, highlight=False).add_to(group)
    return group


# Sent with each place: its name, and which side of the dot its label goes (``label_side``
# "left" where a neighbour's label would otherwise cover it).
PLACE_FIELDS = ("name", "label_side")
PLACE_LABEL_JS = """function (feature, layer) {
    var left = feature.properties.label_side === "left";
    layer.bindTooltip(feature.properties.name, {permanent: true,
        direction: left ? "left" : "right", offset: [left ? -8 : 8, 0], className: "place-label"});
}"""
PLACE_HOVER_JS = """function (feature, layer) {
    layer.bindTooltip(feature.properties.name, {direction: "right", offset: [8, 0]});
}"""


def point_group(gdf: LayerData, name: str, *, labels: bool = True) -> folium.FeatureGroup:
    """Labelled places as vector circle markers; clicking one selects it like a zone."""
    group = _group(name)
    if is_empty(gdf):
        return group
    data = gdf if isinstance(gdf, BrowserLayer) else browser_geojson(gdf, PLACE_FIELDS)
    data = data.as_dict()
    folium.GeoJson(
        data,
        name=escape_text(name),
        style_function=point_style,
        marker=folium.CircleMarker(radius=5, fill=True),
        # One permanent label per place (a GeoJsonTooltip would label the group once).
        # ``name`` is already HTML-escaped by display_frame.
        on_each_feature=folium.JsCode(PLACE_LABEL_JS if labels else PLACE_HOVER_JS),
        zoom_on_click=False,
    ).add_to(group)
    return group


# NAME_FIELD: the name in the page's language where the data has one (``name_ar``).
CONTEXT_LABEL_JS = """function (feature, layer) {
    var name = feature.properties.NAME_FIELD || feature.properties.name;
    layer.bindTooltip(name, {permanent: true, direction: "center", className: "context-label"});
}"""


@dataclass(frozen=True)
class ContextData:
    """The offline base of a map, serialised once: land, borders and place names."""

    land: BrowserLayer | None
    borders: BrowserLayer | None
    labels: BrowserLayer | None


def prepare_context(land: gpd.GeoDataFrame | None) -> ContextData:
    """Split a context file by ``kind`` (land, border, label) and serialise each part."""
    if land is None or land.empty or "kind" not in land.columns:
        return ContextData(None, None, None)

    def part(kind: str, fields: Sequence[str] = ()) -> BrowserLayer | None:
        rows = land[land["kind"] == kind]
        return browser_geojson(rows, fields) if not rows.empty else None

    return ContextData(part("land"), part("border"), part("label", ["name", "name_ar"]))


def context_group(
    context: ContextData, outline: LayerData | None, name: str = "Context", lang: str = "en"
) -> folium.FeatureGroup:
    """The offline base: land, borders and town names around, from bundled data.

    ``outline``, if given, is drawn as the Strip's own land under the zones. Town names are
    in language ``lang`` where the data has them (``name_ar``), else in English.
    """
    group = _group(name, control=False)
    if context.land is not None:
        _geojson(context.land, "Land", land_style, None, highlight=False, pane=BASE_PANE).add_to(
            group
        )
    if context.borders is not None:
        _geojson(
            context.borders, "Borders", border_style, None, highlight=False, pane=BASE_PANE
        ).add_to(group)
    if context.labels is not None:
        folium.GeoJson(
            context.labels.as_dict(),
            marker=folium.CircleMarker(radius=2, fill=True, interactive=False),
            style_function=lambda _f: {
                "color": "#8C8579",
                "fillColor": "#8C8579",
                "weight": 1,
                "fillOpacity": 1,
            },
            on_each_feature=folium.JsCode(
                CONTEXT_LABEL_JS.replace("NAME_FIELD", "name_" + re.sub(r"\W", "", lang))
            ),
        ).add_to(group)
    if outline is not None:
        _geojson(
            outline, "Strip land", strip_fill_style, None, highlight=False, pane=BASE_PANE
        ).add_to(group)
    return group


def tile_group(base: str) -> folium.FeatureGroup | None:
    """An online tile layer, wrapped in a group so it can be swapped without re-mounting.

    Returns None for the bundled base. Draw it over the offline base (see
    :func:`context_group`, whose land lies in a pane under the tiles): a tile that fails
    to load leaves the offline base visible, and the map says the tiles could not load.
    """
    spec = TILE_LAYERS.get(base)
    if spec is None:
        return None
    group = _group(base, control=False)
    tiles = folium.TileLayer(tiles=spec["tiles"], attr=spec["attr"], name=base, max_zoom=19)
    tiles.add_child(TileErrorNotice(base))
    tiles.add_to(group)
    return group


def highlight_group(lat: float, lon: float, label: str) -> folium.FeatureGroup:
    """A conspicuous marker for the selected event's place."""
    group = _group("Selected place", control=False)
    _labelled_point(lat, lon, label, "highlight").add_to(group)
    return group


def _labelled_point(lat: float, lon: float, label: str, style: str) -> folium.CircleMarker:
    """A circle in one of :data:`POINT_STYLES` with a permanent, escaped label."""
    return folium.CircleMarker(
        location=(lat, lon),
        fill=True,
        fill_opacity=1.0,
        tooltip=folium.Tooltip(escape_text(label), permanent=True, direction="right"),
        **POINT_STYLES[style],
    )


def distance_group(
    lat: float, lon: float, nearest_lat: float, nearest_lon: float, label: str
) -> folium.FeatureGroup:
    """The measured point, a dashed segment to the nearest point of the line, and the
    distance as a label."""
    group = _group("Distance to the line", control=False)
    folium.PolyLine(
        [(lat, lon), (nearest_lat, nearest_lon)],
        color=INK_COLOUR,
        weight=3,
        dash_array="6 4",
        interactive=False,
    ).add_to(group)
    folium.CircleMarker(
        location=(nearest_lat, nearest_lon),
        radius=4,
        color=INK_COLOUR,
        fill=True,
        fill_color="#FFFFFF",
        fill_opacity=1.0,
        interactive=False,
    ).add_to(group)
    _labelled_point(lat, lon, label, "measured").add_to(group)
    return group


def asset_urls(fmap: folium.Map, groups: Sequence[folium.FeatureGroup] = ()) -> list[str]:
    """Every JS/CSS URL the map's elements ask the browser to load (for offline checks)."""
    urls: list[str] = []

    def walk(element) -> None:
        urls.extend(url for _, url in getattr(element, "default_js", []))
        urls.extend(url for _, url in getattr(element, "default_css", []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(fmap)
    for group in groups:
        walk(group)
    return list(dict.fromkeys(urls))
