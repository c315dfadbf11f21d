"""The downloaded HTML map (story across prepare, map_builder and export): nothing from a
file can run when someone opens it."""

from __future__ import annotations

import json
import re

import folium
import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from dashboard.browser.escaping import escape_text, script_safe_json
from dashboard.browser.export import standalone_html
from dashboard.browser.map_builder import (
    build_base_map,
    change_group,
    neutral_group,
    point_group,
    zone_group,
)
from dashboard.browser.offline_assets import use_local_assets
from dashboard.browser.prepare import prepare_layer

SCRIPT = "</script><script>document.title='pwned'</script>"
IMG = "<img src=x onerror=alert(1)>"
PAYLOADS = (SCRIPT, IMG)


def hostile_layer(zoned: bool) -> gpd.GeoDataFrame:
    """A user layer whose property names and values are both payloads."""
    columns = {SCRIPT: [IMG], IMG: [SCRIPT], "name": [SCRIPT]}
    if zoned:
        columns["zone"] = ["retained"]
    return gpd.GeoDataFrame(columns, geometry=[box(34.40, 31.45, 34.42, 31.47)], crs="EPSG:4326")


def export_of(*groups) -> str:
    use_local_assets()
    return standalone_html(build_base_map(), list(groups))


def user_groups(layer_name: str):
    """The groups the page builds for a user layer (see ui/user_layers.overlay_groups)."""
    plain = prepare_layer(hostile_layer(False), key="u1", zoned=False, strip_km2=365.0)
    zoned = prepare_layer(hostile_layer(True), key="u2", zoned=True, strip_km2=365.0)
    return [
        neutral_group(plain.browser["all"], layer_name, plain.hover_fields),
        zone_group(zoned.browser["all"], layer_name),
        zone_group(zoned.browser["retained"], layer_name),
    ]


@pytest.mark.parametrize("layer_name", PAYLOADS)
def test_export_holds_no_raw_payload(layer_name):
    html = export_of(*user_groups(layer_name))
    for payload in PAYLOADS:
        assert payload not in html
    # Only the page's own script tags: Leaflet's, folium's and the map's.
    assert len(re.findall(r"<script\b", html, flags=re.IGNORECASE)) == len(
        re.findall(r"<script\b", export_of(), flags=re.IGNORECASE)
    )


def test_export_keeps_the_text_for_the_tooltip():
    """The names and values still reach the map, as escaped text inside JSON."""
    plain = prepare_layer(hostile_layer(False), key="u1", zoned=False, strip_km2=365.0)
    html = export_of(neutral_group(plain.browser["all"], "Layer", plain.hover_fields))
    data = json.loads(plain.browser["all"].text)
    properties = data["features"][0]["properties"]
    assert escape_text(SCRIPT) in properties and properties[escape_text(SCRIPT)] == escape_text(IMG)
    assert script_safe_json(json.dumps(escape_text(IMG)))[1:-1] in html


def test_other_groups_built_from_data_hold_no_raw_payload():
    frame = hostile_layer(True)
    frame["area_km2"] = [1.0]
    frame["kind"] = [IMG]
    points = gpd.GeoDataFrame(
        {"name": [SCRIPT], "kind": [IMG]}, geometry=[Point(34.41, 31.46)], crs="EPSG:4326"
    )
    html = export_of(
        change_group(frame, SCRIPT),
        point_group(points, IMG),
        zone_group(frame, IMG),
    )
    for payload in PAYLOADS:
        assert payload not in html


def test_layer_names_are_escaped_for_a_layer_control():
    """Leaflet's layer control shows group names as HTML: user layer names are escaped."""
    for group in user_groups(SCRIPT):
        assert group.layer_name == escape_text(SCRIPT)
    fmap = build_base_map()
    for group in user_groups(IMG):
        group.add_to(fmap)
    folium.LayerControl().add_to(fmap)
    html = fmap.get_root().render()
    assert IMG not in html and script_safe_json(json.dumps(escape_text(IMG))) in html
