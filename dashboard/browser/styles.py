"""Styles from the palette in :mod:`dashboard.config`, and what each tooltip shows.

A style function takes a GeoJSON feature and returns Leaflet path options; the fast
GeoJSON element evaluates them once per (zone, kind) pair, not per feature.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.config import (
    DRIFT_COLOUR,
    INK_COLOUR,
    LAND_COLOUR,
    NEUTRAL_COLOUR,
    ORANGE_ZONE_COLOUR,
    OUTLINE_COLOUR,
    STRIP_FILL_COLOUR,
    ZONE_COLOURS,
)

# How a feature looks under the pointer (zones and user layers).
HIGHLIGHT_STYLE = {"weight": 3, "color": "#000000", "fillOpacity": 0.75}

ZONE_STYLE = {"weight": 1.2, "fillOpacity": 0.55, "opacity": 0.9, "color": "#FFFFFF"}
LINE_STYLES: dict[str, dict[str, object]] = {
    # Yellow, as its name: the orange of the restricted zone beyond it stays its own.
    "yellow_line": {"color": "#F0E442", "weight": 4, "opacity": 1.0},
    # The line on an earlier date, when two dates are compared: the line's yellow, dashed
    # and thinner, drawn under today's (where the line did not move, only today's shows).
    "earlier_line": {"color": "#F0E442", "weight": 3, "dashArray": "10 7", "opacity": 1.0},
    "corridor": {"color": INK_COLOUR, "weight": 2.5, "dashArray": "6 5", "opacity": 0.9},
}
POINT_STYLES: dict[str, dict[str, object]] = {
    "town": {"radius": 5, "color": INK_COLOUR, "fill_color": "#FFFFFF", "weight": 2},
    "crossing": {"radius": 6, "color": "#FFFFFF", "fill_color": INK_COLOUR, "weight": 2},
    "highlight": {"radius": 11, "color": "#000000", "fill_color": "#F0E442", "weight": 3},
    "measured": {"radius": 7, "color": "#FFFFFF", "fill_color": "#000000", "weight": 3},
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


# The browser copy of a zone marks the orange restricted zone with this ``kind`` (the style
# is looked up by zone and kind, see fast_geojson): it is a buffer drawn in orange.
ORANGE_KIND = "orange"
# The band of reported drift beyond the line: a dashed dark outline, a faint fill.
DRIFT_STYLE = {
    "color": DRIFT_COLOUR,
    "weight": 2,
    "dashArray": "5 4",
    "fillColor": DRIFT_COLOUR,
    "fillOpacity": 0.22,
}


def zone_colour(zone: str | None, kind: str | None = None) -> str:
    """A zone's fill colour: its category's, orange for the orange restricted zone."""
    if zone == "buffer" and kind == ORANGE_KIND:
        return ORANGE_ZONE_COLOUR
    return ZONE_COLOURS.get(zone, NEUTRAL_COLOUR)


def zone_style(feature: dict) -> dict[str, object]:
    """Leaflet style of a zone feature: its category's colour (the orange zone's own),
    neutral if unknown."""
    properties = feature["properties"]
    return {**ZONE_STYLE, "fillColor": zone_colour(properties.get("zone"), properties.get("kind"))}


def drift_style(_feature: dict) -> dict[str, object]:
    """The band of reported drift beyond the line (see :data:`DRIFT_STYLE`)."""
    return dict(DRIFT_STYLE)


def outline_style(_feature: dict) -> dict[str, object]:
    """The Strip outline: a dark line, no fill (zones show through)."""
    return {"color": OUTLINE_COLOUR, "weight": 2.5, "fill": False}


def governorate_style(_feature: dict) -> dict[str, object]:
    """Governorates: thin dashed lines, no fill, so that they sit on top of the zones."""
    return {"color": INK_COLOUR, "weight": 1.2, "dashArray": "2 4", "fill": False}


def neutral_style(_feature: dict, colour: str = NEUTRAL_COLOUR) -> dict[str, object]:
    """Uploaded features without zone categories: an outline and a light fill in ``colour``
    (one of the upload colours on the page; grey by default)."""
    return {
        "color": colour,
        "weight": 1.5,
        "fillColor": colour,
        "fillOpacity": 0.25,
    }


def upload_zone_style(
    feature: dict, colour: str, opacity: float | None = None
) -> dict[str, object]:
    """An uploaded zone layer over the bundled zones: its category's fill (as opaque as
    ``opacity``, if given), but a dashed outline in the upload's own ``colour`` so that it
    does not blend in."""
    style = {**zone_style(feature), "color": colour, "weight": 2.5, "dashArray": "5 3"}
    if opacity is not None:
        style["fillOpacity"] = opacity
    return style


def line_style(feature: dict) -> dict[str, object]:
    """Lines styled by their ``kind``."""
    return dict(LINE_STYLES.get(feature["properties"].get("kind"), LINE_STYLES["corridor"]))


def land_style(_feature: dict) -> dict[str, object]:
    """Neighbouring land under the Strip, for the offline base map."""
    return {"color": "#B9B2A5", "weight": 0.8, "fillColor": LAND_COLOUR, "fillOpacity": 1.0}


def strip_fill_style(_feature: dict) -> dict[str, object]:
    """The Strip's own land colour, drawn under the zones."""
    return {"stroke": False, "fillColor": STRIP_FILL_COLOUR, "fillOpacity": 1.0}


def change_style(feature: dict) -> dict[str, object]:
    """Changed areas: filled with the new category's colour, outlined with a black dash."""
    properties = feature["properties"]
    colour = zone_colour(properties.get("zone"), properties.get("kind"))
    return {
        "color": "#000000",
        "weight": 2,
        "dashArray": "4 3",
        "fillColor": colour,
        "fillOpacity": 0.8,
    }


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


def border_style(_feature: dict) -> dict[str, object]:
    """International borders and armistice lines on the offline base: grey dashes."""
    return {"color": "#8C8579", "weight": 1.2, "dashArray": "8 4", "fill": False}
