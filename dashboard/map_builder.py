"""Build folium maps and layers; knows nothing of Streamlit.

The page keeps the *base map* constant (same options on every run, so the
streamlit-folium iframe is never re-mounted) and passes everything that can
change — zones, reference layers, uploads, tiles, highlights — as feature
groups that the component swaps in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import folium
import geopandas as gpd

from dashboard.browser_layer import (
    CANVAS_ABOVE,
    BrowserLayer,
    FastGeoJson,
    LayerData,
    browser_geojson,
    is_empty,
    property_names,
)
from dashboard.config import (
    GAZA_CENTER,
    GAZA_VIEW,
    GAZA_ZOOM,
    LAND_COLOUR,
    NEUTRAL_COLOUR,
    OUTLINE_COLOUR,
    SEA_COLOUR,
    STRIP_FILL_COLOUR,
    ZONE_COLOURS,
)
from dashboard.display import escape_text

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

ZONE_STYLE = {"weight": 1.2, "fillOpacity": 0.55, "opacity": 0.9, "color": "#FFFFFF"}
LINE_STYLES: dict[str, dict[str, object]] = {
    "yellow_line": {"color": "#E69F00", "weight": 4, "opacity": 1.0},
    "corridor": {"color": "#1F2328", "weight": 2.5, "dashArray": "6 5", "opacity": 0.9},
}
POINT_STYLES: dict[str, dict[str, object]] = {
    "town": {"radius": 5, "color": "#1F2328", "fill_color": "#FFFFFF", "weight": 2},
    "crossing": {"radius": 6, "color": "#FFFFFF", "fill_color": "#1F2328", "weight": 2},
    "highlight": {"radius": 11, "color": "#000000", "fill_color": "#F0E442", "weight": 3},
}


@dataclass(frozen=True)
class TooltipSpec:
    """Which properties a layer's hover tooltip shows, and under which labels."""

    fields: tuple[str, ...]
    aliases: tuple[str, ...]


ZONE_TOOLTIP = TooltipSpec(
    ("name", "zone_label", "area_text", "confidence"),
    ("Zone", "Category", "Area (approx.)", "Confidence"),
)
NAME_TOOLTIP = TooltipSpec(("name",), ("",))


def zone_style(feature: dict) -> dict[str, object]:
    """Leaflet style of a zone feature: its category's colour, neutral if unknown."""
    zone = feature["properties"].get("zone")
    colour = ZONE_COLOURS.get(zone, NEUTRAL_COLOUR)
    return {**ZONE_STYLE, "fillColor": colour}


def outline_style(_feature: dict) -> dict[str, object]:
    """The Strip outline: a dark line, no fill (zones show through)."""
    return {"color": OUTLINE_COLOUR, "weight": 2.5, "fill": False}


def governorate_style(_feature: dict) -> dict[str, object]:
    """Governorates: thin dashed lines, no fill, so that they sit on top of the zones."""
    return {"color": "#1F2328", "weight": 1.2, "dashArray": "2 4", "fill": False}


def neutral_style(_feature: dict) -> dict[str, object]:
    """Uploaded features without zone categories: grey outline, light grey fill."""
    return {
        "color": NEUTRAL_COLOUR,
        "weight": 1.5,
        "fillColor": NEUTRAL_COLOUR,
        "fillOpacity": 0.25,
    }


def line_style(feature: dict) -> dict[str, object]:
    """Lines styled by their ``kind``."""
    return dict(LINE_STYLES.get(feature["properties"].get("kind"), LINE_STYLES["corridor"]))


def land_style(_feature: dict) -> dict[str, object]:
    """Neighbouring land under the Strip, for the offline base map."""
    return {"color": "#B9B2A5", "weight": 0.8, "fillColor": LAND_COLOUR, "fillOpacity": 1.0}


def strip_fill_style(_feature: dict) -> dict[str, object]:
    """The Strip's own land colour, drawn under the zones."""
    return {"stroke": False, "fillColor": STRIP_FILL_COLOUR, "fillOpacity": 1.0}


def build_base_map(
    *,
    center: tuple[float, float] = GAZA_CENTER,
    zoom: float = GAZA_ZOOM,
    fit: tuple[float, float, float, float] | None = GAZA_VIEW,
    height_css: str = "100%",
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
        fmap.fit_bounds([[fit[1], fit[0]], [fit[3], fit[2]]], padding=(10, 10))
    fmap.get_root().header.add_child(
        folium.Element(
            "<style>.leaflet-container{background:" + SEA_COLOUR + ";}"
            ".leaflet-tooltip table th{padding-right:6px;text-align:left;color:#555;}"
            ".leaflet-interactive:focus{outline:none;}"
            ".leaflet-tooltip.place-label{background:rgba(255,255,255,.85);border:0;"
            "box-shadow:none;padding:0 3px;font-size:11px;color:#1F2328;}"
            ".leaflet-tooltip.place-label:before{display:none;}"
            ".leaflet-tooltip.context-label{background:none;border:0;box-shadow:none;"
            "font-size:11px;font-style:italic;color:#6B645A;margin-top:-12px;}"
            ".leaflet-tooltip.context-label:before{display:none;}"
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
) -> FastGeoJson:
    pairs = list(zip(tooltip.fields, tooltip.aliases, strict=True)) if tooltip else []
    if not isinstance(layer, BrowserLayer):
        layer = browser_geojson(layer, [f for f, _ in pairs])
    present = property_names(layer)  # escaped, as display_frame writes them
    pairs = [(name, a) for f, a in pairs if (name := escape_text(f)) in present]
    return FastGeoJson(
        layer, style, pairs, highlight=highlight, smooth=smooth, canvas=layer.count > CANVAS_ABOVE
    )


def zone_group(gdf: LayerData, name: str, *, style=zone_style) -> folium.FeatureGroup:
    """A feature group of zone polygons with hover tooltips (name, category, area)."""
    group = _group(name)
    if not is_empty(gdf):
        _geojson(gdf, name, style, ZONE_TOOLTIP).add_to(group)
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


def neutral_group(gdf: LayerData, name: str, fields: Sequence[str]) -> folium.FeatureGroup:
    """A user layer without zone categories: neutral style, its first properties on hover."""
    group = _group(name)
    if not is_empty(gdf):
        tooltip = TooltipSpec(tuple(fields), tuple(fields))
        _geojson(gdf, name, neutral_style, tooltip if fields else None).add_to(group)
    return group


def change_group(gdf: LayerData, name: str) -> folium.FeatureGroup:
    """Where the category changed: the new category's colour, hatched look via a dark dash."""
    group = _group(name)
    if not is_empty(gdf):
        tooltip = TooltipSpec(("name", "area_text"), ("Change", "Area"))
        _geojson(gdf, name, change_style, tooltip).add_to(group)
    return group


def change_style(feature: dict) -> dict[str, object]:
    """Changed areas: filled with the new category's colour, outlined with a black dash."""
    colour = ZONE_COLOURS.get(feature["properties"].get("zone"), NEUTRAL_COLOUR)
    return {
        "color": "#000000",
        "weight": 2,
        "dashArray": "4 3",
        "fillColor": colour,
        "fillOpacity": 0.8,
    }


def line_group(gdf: LayerData, name: str) -> folium.FeatureGroup:
    """A feature group of lines styled by their ``kind``, with the name on hover."""
    group = _group(name)
    if not is_empty(gdf):
        _geojson(gdf, name, line_style, NAME_TOOLTIP, highlight=False).add_to(group)
    return group


PLACE_LABEL_JS = """function (feature, layer) {
    layer.bindTooltip(feature.properties.name, {permanent: true, direction: "right",
        offset: [8, 0], className: "place-label"});
}"""
PLACE_HOVER_JS = """function (feature, layer) {
    layer.bindTooltip(feature.properties.name, {direction: "right", offset: [8, 0]});
}"""


def point_style(feature: dict) -> dict[str, object]:
    """Places styled by their ``kind`` (town, crossing...): vector circles, no image icons."""
    style = POINT_STYLES.get(feature["properties"].get("kind"), POINT_STYLES["town"])
    return {
        "radius": style["radius"],
        "color": style["color"],
        "fillColor": style["fill_color"],
        "weight": style["weight"],
        "fillOpacity": 1.0,
    }


def point_group(gdf: LayerData, name: str, *, labels: bool = True) -> folium.FeatureGroup:
    """Labelled places as vector circle markers; clicking one selects it like a zone."""
    group = _group(name)
    if is_empty(gdf):
        return group
    data = (gdf if isinstance(gdf, BrowserLayer) else browser_geojson(gdf, ["name"])).as_dict()
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


CONTEXT_LABEL_JS = """function (feature, layer) {
    layer.bindTooltip(feature.properties.name, {permanent: true, direction: "center",
        className: "context-label"});
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

    return ContextData(part("land"), part("border"), part("label", ["name"]))


def context_group(
    context: ContextData, outline: LayerData | None, name: str = "Context"
) -> folium.FeatureGroup:
    """The offline base: land, borders and town names around, from bundled data.

    ``outline``, if given, is drawn as the Strip's own land under the zones.
    """
    group = _group(name, control=False)
    if context.land is not None:
        _geojson(context.land, "Land", land_style, None, highlight=False).add_to(group)
    if context.borders is not None:
        _geojson(context.borders, "Borders", border_style, None, highlight=False).add_to(group)
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
            on_each_feature=folium.JsCode(CONTEXT_LABEL_JS),
        ).add_to(group)
    if outline is not None:
        _geojson(outline, "Strip land", strip_fill_style, None, highlight=False).add_to(group)
    return group


def border_style(_feature: dict) -> dict[str, object]:
    """International borders and armistice lines on the offline base: grey dashes."""
    return {"color": "#8C8579", "weight": 1.2, "dashArray": "8 4", "fill": False}


def tile_group(base: str) -> folium.FeatureGroup | None:
    """An online tile layer, wrapped in a group so it can be swapped without re-mounting.

    Returns None for the bundled base. A tile that fails to load leaves the sea
    background and the vector layers in place: it never blanks the map.
    """
    spec = TILE_LAYERS.get(base)
    if spec is None:
        return None
    group = _group(base, control=False)
    folium.TileLayer(tiles=spec["tiles"], attr=spec["attr"], name=base, max_zoom=19).add_to(group)
    return group


def highlight_group(lat: float, lon: float, label: str) -> folium.FeatureGroup:
    """A conspicuous marker for the selected event's place."""
    group = _group("Selected place", control=False)
    folium.CircleMarker(
        location=(lat, lon),
        fill=True,
        fill_opacity=1.0,
        tooltip=folium.Tooltip(escape_text(label), permanent=True, direction="right"),
        **POINT_STYLES["highlight"],
    ).add_to(group)
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
