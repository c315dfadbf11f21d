"""The user's layers on the page: their map groups, comparison with the bundled zones,
and the downloads."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial

import geopandas as gpd
import streamlit as st

from dashboard.browser.escaping import escape_markdown
from dashboard.browser.export import (
    MapCaption,
    made_iso,
    made_now,
    standalone_html,
    zones_geojson,
)
from dashboard.browser.features import format_area, with_fids
from dashboard.browser.layer_classes import classed_style
from dashboard.browser.map_builder import (
    build_base_map,
    change_group,
    neutral_group,
    upload_zone_group,
)
from dashboard.ui import data
from dashboard.ui.i18n import t
from dashboard.ui.panels import CREDITS, comparison_table
from dashboard.ui.served_layers import served
from dashboard.ui.st_folium_cached import GroupSpec, build_groups
from dashboard.ui.uploads import ShownLayer, failure_text
from dashboard.zones.compare import change_areas, compare_areas
from dashboard.zones.series import SeriesError, held_shares


def overlay_groups(shown: list[ShownLayer]) -> list[GroupSpec]:
    """Feature groups of the overlay-mode layers, in the order they were added, each in
    its own colour (``ShownLayer.colour``, also shown in its panel as its legend entry) or
    by its classes, as opaque as the user chose."""
    specs: list[GroupSpec] = []
    for layer in shown:
        if layer.mode == "replace":
            continue
        data = served(layer.prepared.browser["all"])
        colour, opacity = layer.colour, layer.look.opacity
        colours = tuple(sorted(layer.classes.colours.items())) if layer.classes else ()
        key = ("user", layer.key, layer.version, colour, opacity, colours)
        if layer.zoned:
            group = partial(upload_zone_group, data, layer.label, colour, opacity)
        else:
            style = partial(classed_style, colour=colour, colours=colours, opacity=opacity)
            fields = layer.prepared.hover_fields
            group = partial(neutral_group, data, layer.label, fields, colour, style)
        specs.append((key, group))
    return specs


def replacement(shown: list[ShownLayer]) -> ShownLayer | None:
    """The layer whose zones stand in for the bundled ones (the first in replace mode)."""
    return next((layer for layer in shown if layer.mode == "replace"), None)


def replacement_notice(shown: list[ShownLayer]) -> None:
    """Say that the zones come from the user's file (and which one, if several could)."""
    replacing = [layer for layer in shown if layer.mode == "replace"]
    if not replacing:
        return
    st.warning(t("replace.notice"), icon="⚠️")
    if len(replacing) > 1:
        st.warning(t("replace.several", label=escape_markdown(replacing[0].label)))


@dataclass(frozen=True)
class ChangeLayer:
    """Where a user's zone file differs from the bundled zones, ready for the map.

    ``key`` is the layer key of its feature ids, so a click on a changed area can be
    looked up (see :func:`dashboard.browser.features.lookup_feature`).
    """

    key: str
    gdf: gpd.GeoDataFrame
    spec: GroupSpec


def change_layers_lookup(changes: Sequence[ChangeLayer]) -> dict[str, gpd.GeoDataFrame]:
    """The change layers by layer key, for finding a clicked feature."""
    return {change.key: change.gdf for change in changes}


# The bundled zones a user's file is compared with: (version id, zones, label).
BundledFor = Callable[[ShownLayer], tuple[str, gpd.GeoDataFrame, str]]


def compare_panel(
    bundled_for: BundledFor, shown: list[ShownLayer], strip_km2: float
) -> list[ChangeLayer]:
    """For each zone file: its areas beside the bundled ones, and a map layer of changes.

    ``bundled_for`` says which bundled version each file is compared with (the one in force
    on the file's date, or the one on the map).
    """
    groups: list[ChangeLayer] = []
    for layer in [s for s in shown if s.zoned]:
        st.subheader(t("compare.heading", label=escape_markdown(layer.label)), anchor=False)
        try:
            version_id, bundled, label = bundled_for(layer)
            st.caption(t("compare.with", label=escape_markdown(label)))
            groups.extend(_compare_one(version_id, bundled, layer, strip_km2))
        except Exception as exc:  # noqa: BLE001 - never a traceback on the page
            st.error(t("compare.failed", error=escape_markdown(failure_text(exc, layer.label))))
    return groups


def _compare_one(
    version_id: str, bundled: gpd.GeoDataFrame, layer: ShownLayer, strip_km2: float
) -> list[ChangeLayer]:
    groups: list[ChangeLayer] = []
    table = layer.prepared.derive(
        ("areas", version_id), lambda: compare_areas(bundled, layer.gdf, strip_km2)
    )
    table = table.rename(
        columns={
            "bundled_km2": "first_km2",
            "loaded_km2": "second_km2",
            "bundled_pct": "first_pct",
            "loaded_pct": "second_pct",
        }
    )
    comparison_table(table, t("compare.bundled"), t("compare.this_file"))
    if st.toggle(t("compare.show_changes"), key=f"{layer.key}_changes"):
        with st.spinner(t("compare.spinner")):
            changes = layer.prepared.derive(
                ("changes", version_id), lambda: change_areas(bundled, layer.gdf)
            )
        if changes.empty:
            st.caption(t("compare.no_change"))
        else:
            key = f"{layer.key}-changes"
            changes = with_fids(changes, key)
            changes["area_text"] = [format_area(a) for a in changes["area_km2"]]
            spec = (
                ("changes", layer.key, layer.version, version_id),
                partial(change_group, changes, "Changes"),
            )
            groups.append(ChangeLayer(key, changes, spec))
            st.caption(t("compare.changes_caption", area=format_area(changes["area_km2"].sum())))
    return groups


def held_members(zones: gpd.GeoDataFrame) -> dict[str, float]:
    """Both held shares of the zones downloaded, as the ``zones`` command gives them (none
    for a file that mixes versions: its shares would add them up)."""
    if "zone" not in zones:
        return {}
    try:
        return held_shares(zones, data.strip_area()).as_fields()
    except SeriesError:
        return {}


def export_members(zones: gpd.GeoDataFrame) -> dict[str, object]:
    """What the zones' GeoJSON says of itself beside its features: both held shares, when
    it was made (UTC) and its sources' credits, with their addresses (its features name
    their own sources)."""
    return {**held_members(zones), "exported_at": made_iso(), "credits": list(CREDITS)}


def downloads(zones: gpd.GeoDataFrame, layers: Sequence[GroupSpec], caption: MapCaption) -> None:
    """Download the zones shown (GeoJSON) and the map as an offline HTML file.

    ``layers`` are the main map's (see :func:`dashboard.ui.main_map.map_layers`): the
    download shows what the page shows. ``caption`` says what and when, with the legend,
    the notice and the sources (see :func:`dashboard.ui.main_map.map_caption`).
    """
    left, right = st.columns(2)
    left.download_button(
        t("download.zones"),
        # Both held figures travel with the zones (foreign members, as `zones` writes them).
        data=lambda: zones_geojson(zones, export_members(zones)),
        file_name="gaza-ceasefire-zones.geojson",
        mime="application/geo+json",
        on_click="ignore",
        width="stretch",
    )
    right.download_button(
        t("download.map"),
        # When it was made: at the click, in UTC.
        data=lambda: standalone_html(
            build_base_map(),
            build_groups(layers),
            replace(caption, made=made_now(caption.made_template)),
        ),
        file_name="gaza-ceasefire-map.html",
        mime="text/html",
        on_click="ignore",
        width="stretch",
    )
