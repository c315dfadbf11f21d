"""The main Gaza map on the page: the list of its layers (also downloaded), drawing, clicks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import folium
import geopandas as gpd

from dashboard.browser.export import MapCaption
from dashboard.browser.layer_switch import SwitchedBy
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
from dashboard.browser.map_controls import PageKeys
from dashboard.browser.map_image import PngButton, caption_spec
from dashboard.browser.map_legend import (
    ORANGE_ZONE_KEY,
    LegendEntry,
    legend_entries,
    legend_group,
)
from dashboard.browser.map_painted import MapPainted
from dashboard.browser.map_words import ENGLISH_WORDS, words_group
from dashboard.browser.serialise import BrowserLayer
from dashboard.browser.styles import drift_style, governorate_style, outline_style
from dashboard.browser.touch_gestures import TwoFingerPan
from dashboard.browser.view_link import ViewInAddress
from dashboard.config import ZONE_CATEGORIES, ZONE_LABELS
from dashboard.intake.bundled import REFERENCE_LAYERS, LayerSpec
from dashboard.ui import data
from dashboard.ui.i18n import category_label, is_rtl, language, t
from dashboard.ui.layers_panel import (
    DRIFT_LAYER,
    LayerChoice,
    reference_toggle_key,
    zone_toggle_key,
)
from dashboard.ui.panels import CREDITS
from dashboard.ui.served_layers import served
from dashboard.ui.st_folium_cached import GroupSpec, default_value, draw_map

MAP_HEIGHT = 600  # with the header and the date control: the first screen at 1400 x 900
MAP_KEY = "main_map"
# The page's keys that must work after a click in the map (the timeline's P and N).
PAGE_KEYS = ("p", "n")
RETURNED = ["last_active_drawing", "last_clicked"]  # what the page reads of the map's value
# The legend's text for each reference layer it shows (see map_legend.REFERENCE_MARKS).
LEGEND_REFERENCE_TEXTS = {
    "yellow_line": "legend.yellow_line",
    "corridors": "legend.corridor",
    "towns": "legend.town",
    "crossings": "legend.crossing",
    DRIFT_LAYER: "legend.drift",
}


def reference_groups(
    keys: Sequence[str], version_id: str | None = None, *, switched: bool = False
) -> list[GroupSpec]:
    """Feature groups of the chosen reference layers, in registry order.

    The yellow line follows the date: it is the line of the zone version shown. With
    ``switched``, every reference layer is sent and the map shows each while its checkbox
    is on (see :mod:`dashboard.browser.layer_switch`): a click acts in the map at once.
    """
    specs: list[GroupSpec] = []
    for spec in REFERENCE_LAYERS:
        if not switched and spec.key not in keys:
            continue
        lang = language()
        if spec.key == data.DATED_LINE_KEY and version_id is not None:
            line = data.version_line_geojson(version_id, lang)
            key = ("bundled", "line", version_id, lang)
            build = partial(line_group, line, spec.label)
        else:
            key, build = ("ref", spec.key, lang), partial(_reference_group, spec, lang)
        if switched:
            key, build = _switched(key, build, reference_toggle_key(spec.key), spec.visible)
        specs.append((key, build))
    return specs


def drift_groups(shown: bool, version_id: str, *, switched: bool = False) -> list[GroupSpec]:
    """The band of reported drift beyond the line of the version shown (see
    :mod:`dashboard.zones.drift`): sent when ``shown``, or always when ``switched`` (the map
    shows it while its checkbox is on)."""
    if not switched and not shown:
        return []
    lang = language()
    layer = data.drift_geojson(version_id, lang)
    key = ("bundled", "drift", version_id, lang)
    build = partial(polygon_group, layer, t("reference.drift"), drift_style)
    if switched:
        return [_switched(key, build, reference_toggle_key(DRIFT_LAYER), False)]
    return [(key, build)]


def _switched(
    key: tuple, build: Callable[[], folium.FeatureGroup], toggle: str, shown: bool
) -> GroupSpec:
    """A group spec whose group the map shows only while the page's ``toggle`` is on."""

    def switched_build() -> folium.FeatureGroup:
        group = build()
        SwitchedBy(toggle, shown).add_to(group)
        return group

    return (*key, "switched"), switched_build


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
    *,
    switched: bool = False,
) -> list[GroupSpec]:
    """One feature group per shown zone category, so each toggles on its own.

    ``zones`` (category -> prepared layer) replaces the bundled zones with a user's file;
    ``version`` identifies it (the cached JavaScript is reused while it is the same). With
    ``switched``, every category is sent and the map shows each while its toggle is on.
    """
    specs: list[GroupSpec] = []
    lang = language()  # the bundled zones' tooltips are in the page's language
    for c in ZONE_CATEGORIES:
        if not switched and c not in categories:
            continue
        layer = data.zone_geojson(c, bundled_version, lang) if zones is None else served(zones[c])
        # Bundled zones are shared by every session; a user's replacement is not.
        key = (
            ("bundled", "zones", bundled_version, c, lang)
            if zones is None
            else ("user-zones", c, version, lang)
        )
        build = partial(zone_group, layer, ZONE_LABELS[c], tooltip=data.zone_tooltip(lang))
        specs.append(_switched(key, build, zone_toggle_key(c), True) if switched else (key, build))
    return specs


def base_groups(base: str) -> list[GroupSpec]:
    """The offline context (the bundled base), and over it an online tile layer if chosen:
    where tiles fail to load, the offline base shows through."""
    lang = language()  # the names of the towns around, in the page's language
    context = [
        (
            ("context", lang),
            lambda: context_group(data.context(), data.outline_geojson(), lang=lang),
        )
    ]
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


def map_layers(state: MapState, *, switched: bool = False) -> list[GroupSpec]:
    """The main map's layers, bottom to top: the one list the page and its download use.

    The page passes ``switched``: every zone and reference layer is sent, and the map
    itself shows those whose toggles are on, so a toggle changes nothing sent to the map.
    A download (no toggles around it) takes only the layers chosen.
    """
    return [
        *base_groups(state.choice.base),
        *zone_groups(
            state.choice.zones,
            state.zones,
            state.zones_version,
            state.bundled_version,
            switched=switched,
        ),
        *state.overlays,
        *drift_groups(
            state.choice.drift,
            state.bundled_version or data.latest_version(),
            switched=switched,
        ),
        *reference_groups(
            state.choice.references,
            state.bundled_version or data.latest_version(),
            switched=switched,
        ),
        *state.on_top,
    ]


def map_caption(
    zones: gpd.GeoDataFrame, shown: str, last_mapped: str = "", *, bundled: bool = True
) -> MapCaption:
    """What a map passed on says about itself (the HTML download and the PNG): title,
    what is shown and when, the "last mapped" note (``last_mapped``, see
    :mod:`dashboard.ui.last_mapped`), the notice, and the sources of ``zones`` with the
    credits; the sources' addresses are links when ``zones`` are the ``bundled`` ones."""
    sources = [*dict.fromkeys(zones["source"].dropna().astype(str))] if "source" in zones else []
    labels = {c: category_label(c) for c in ZONE_CATEGORIES}
    labels["yellow_line"] = t("caption.yellow_line")
    labels["orange_zone"] = t("legend.orange_zone")
    return MapCaption(
        t("page.title"),
        shown,
        t("caption.notice"),
        [*sources, *CREDITS],
        legend_labels=labels,
        sources_heading=t("caption.sources"),
        lang=language(),
        rtl=is_rtl(),
        last_mapped=last_mapped,
        linked=bundled,
        made_template=t("caption.made"),
    )


def caption_layer(caption: MapCaption) -> list[GroupSpec]:
    """The caption as a layer of the main map, for its PNG (see browser.map_image)."""
    return [caption_spec(caption)]


def map_words_spec() -> GroupSpec:
    """The map's buttons' tooltips in the page's language (see browser.map_words)."""
    words = {key: t(f"map.button.{key}") for key in ENGLISH_WORDS}
    return ("words", tuple(sorted(words.items()))), partial(words_group, words)


def legend_spec(
    uploads: Sequence[tuple[str, str]] = (), extra: Sequence[LegendEntry] = ()
) -> GroupSpec:
    """The on-map legend: every zone category and reference layer, each row shown while
    its toggle is on (the map follows the toggles itself, so a toggle leaves the legend's
    group unchanged), each upload drawn over them as ``(name, colour)``, and the ``extra``
    rows of other layers shown (the earlier line of two dates compared), in the page's
    language. Upload names are a user's text: the legend stays in that session."""
    switches = {c: zone_toggle_key(c) for c in ZONE_CATEGORIES}
    switches.update({key: reference_toggle_key(key) for key in LEGEND_REFERENCE_TEXTS})
    entries = legend_entries(
        ZONE_CATEGORIES,
        {
            **{c: category_label(c) for c in ZONE_CATEGORIES},
            ORANGE_ZONE_KEY: t("legend.orange_zone"),
        },
        list(LEGEND_REFERENCE_TEXTS),
        {key: t(text) for key, text in LEGEND_REFERENCE_TEXTS.items()},
        uploads,
        switches,
    ) + list(extra)
    heading, show, hide, rtl = t("legend.heading"), t("legend.show"), t("legend.hide"), is_rtl()
    return (
        ("legend", tuple(entries), heading, show, hide, rtl),
        partial(legend_group, entries, heading=heading, show=show, hide=hide, rtl=rtl),
    )


@dataclass(frozen=True)
class MapClick:
    """What the user last clicked on the main map."""

    fid: str | None  # the feature's id, if a feature was clicked
    point: tuple[float, float] | None  # (lat, lon) of the last click anywhere


def draw_main_map(
    layers: Sequence[GroupSpec],
    view: tuple[float, float, float] | None = None,
    legend: GroupSpec | None = None,
) -> MapClick:
    """Draw the map with ``layers`` (see :func:`map_layers`) and ``legend`` (see
    :func:`legend_spec`); return the last click.

    ``view`` (lat, lon, zoom) moves the map there when it differs from the last one asked.
    The page's keys P and N work in the map too (see :class:`PageKeys`).
    """
    fmap = build_base_map(fill_frame=True)
    ViewInAddress().add_to(fmap)  # the view in the address, for links (no rerun on pan)
    PngButton().add_to(fmap)
    PageKeys(PAGE_KEYS).add_to(fmap)  # P and N after a click in the map
    TwoFingerPan(t("map.two_fingers")).add_to(fmap)  # one finger scrolls the page
    # Once painted, the map reruns the page: a visitor's first run drew only the map.
    MapPainted(default_value(RETURNED)).add_to(fmap)
    result = draw_map(
        fmap,
        [*layers, map_words_spec(), *([legend] if legend else [])],
        key=MAP_KEY,
        height=MAP_HEIGHT,
        returned_objects=RETURNED,
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
