"""dashboard.browser.map_builder: the constant base map and the layers swapped onto it."""

from __future__ import annotations

import json
import re

import folium
import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, box

from dashboard.browser.features import describe_zones
from dashboard.browser.map_builder import (
    asset_urls,
    build_base_map,
    change_group,
    context_group,
    highlight_group,
    line_group,
    neutral_group,
    point_group,
    polygon_group,
    prepare_context,
    tile_group,
    zone_group,
)
from dashboard.browser.offline_assets import LEAFLET_CSS, LEAFLET_JS, use_local_assets
from dashboard.browser.serialise import browser_geojson
from dashboard.browser.styles import outline_style
from dashboard.zones.areas import with_areas

PAYLOAD = '<img src=x onerror="alert(1)"><script>alert(2)</script>{{ x }}'


@pytest.fixture
def tiny_zones() -> gpd.GeoDataFrame:
    gdf = gpd.GeoDataFrame(
        {
            "zone": ["retained", "withdrawal"],
            "name": [PAYLOAD, "West"],
            "confidence": ["low", "high"],
        },
        geometry=[box(34.40, 31.40, 34.41, 31.41), box(34.39, 31.40, 34.40, 31.41)],
        crs="EPSG:4326",
    )
    return describe_zones(with_areas(gdf, 365.0), "zones")


def render(group: folium.FeatureGroup) -> str:
    fmap = build_base_map()
    group.add_to(fmap)
    return fmap.get_root().render()


def layer_data(html: str) -> list[dict]:
    """The GeoJSON each FastGeoJson of a rendered map adds."""
    found = re.findall(r"fast_geo_json_\w+\.addData\((.*)\);$", html, flags=re.MULTILINE)
    return [json.loads(text) for text in found]


def test_file_text_is_escaped_in_the_map(tiny_zones):
    html = render(zone_group(tiny_zones, "Zones"))
    assert "<img src=x" not in html and "<script>alert(2)" not in html
    # HTML-escaped text, written in the script as JSON with "&" as \u0026.
    assert "\\u0026lt;img src=x onerror=\\u0026quot;alert(1)\\u0026quot;\\u0026gt;" in html
    assert "{{ x }}" not in html


def test_zone_group_sends_the_tooltip_fields_and_ids(tiny_zones):
    (data,) = layer_data(render(zone_group(tiny_zones, "Zones")))
    properties = [f["properties"] for f in data["features"]]
    assert [p["fid"] for p in properties] == ["zones:0", "zones:1"]
    assert set(properties[1]) == {"name", "zone_label", "area_text", "confidence", "zone", "fid"}


def test_empty_layers_give_empty_groups(tiny_zones):
    empty = tiny_zones.iloc[:0]
    for group in (
        zone_group(empty, "Z"),
        polygon_group(empty, "P", outline_style),
        neutral_group(empty, "N", ["name"]),
        change_group(empty, "C"),
        line_group(empty, "L"),
        point_group(empty, "Pt"),
        zone_group(browser_geojson(empty), "Z"),
    ):
        assert group._children == {}


def test_group_names_are_escaped_for_the_layer_control():
    assert zone_group(gpd.GeoDataFrame(geometry=[]), "<b>").layer_name == "&lt;b&gt;"


def test_tooltip_lists_only_fields_the_layer_has(tiny_zones):
    html = render(neutral_group(tiny_zones, "N", ["name", "absent"]))
    assert 'fields = ["name"]' in html


def test_line_and_point_groups_draw_their_features():
    lines = gpd.GeoDataFrame(
        {"name": ["Yellow"], "kind": ["yellow_line"]},
        geometry=[LineString([(34.3, 31.3), (34.4, 31.4)])],
        crs="EPSG:4326",
    )
    (data,) = layer_data(render(line_group(lines, "Lines")))
    assert data["features"][0]["properties"]["kind"] == "yellow_line"
    points = gpd.GeoDataFrame(
        {"name": ["<Town>"], "kind": ["town"]}, geometry=[Point(34.4, 31.4)], crs="EPSG:4326"
    )
    html = render(point_group(points, "Towns"))
    assert "\\u0026lt;Town\\u0026gt;" in html and "<Town>" not in html
    assert "place-label" in html


def test_context_group_draws_land_borders_labels_and_the_strip():
    context = gpd.GeoDataFrame(
        {"kind": ["land", "border", "label"], "name": ["", "", "Rafah"]},
        geometry=[
            box(34.0, 31.0, 34.2, 31.2),
            LineString([(34, 31), (34.1, 31.1)]),
            Point(34.2, 31.3),
        ],
        crs="EPSG:4326",
    )
    data = prepare_context(context)
    assert data.land.count == data.borders.count == data.labels.count == 1
    outline = browser_geojson(context.iloc[:1])
    html = render(context_group(data, outline))
    assert html.count(".addData(") == 4  # land, borders, labels and the Strip's land
    assert "Rafah" in html and "context-label" in html
    assert prepare_context(None).land is None
    assert prepare_context(context.drop(columns="kind")).labels is None


def test_highlight_group_marks_the_place_with_an_escaped_label():
    html = render(highlight_group(31.5, 34.4, "<i>Gaza</i>"))
    assert "[31.5, 34.4]" in html
    assert "&lt;i&gt;Gaza&lt;/i&gt;" in html and "<i>Gaza" not in html


def test_base_map_is_identical_between_runs():
    from streamlit_folium import generate_leaflet_string

    first = generate_leaflet_string(build_base_map())
    second = generate_leaflet_string(build_base_map())
    assert first == second


def test_asset_urls_are_local():
    use_local_assets()
    fmap = build_base_map()
    points = gpd.GeoDataFrame({"name": ["A"]}, geometry=[Point(34.4, 31.4)], crs="EPSG:4326")
    groups = [point_group(points, "P")]
    assert asset_urls(fmap, groups) == [LEAFLET_JS, LEAFLET_CSS]


def test_tiles_are_optional():
    assert tile_group("Bundled context (offline)") is None
    assert "openstreetmap" in render(tile_group("OpenStreetMap"))


def test_context_town_names_follow_the_page_language():
    context = gpd.GeoDataFrame(
        {"kind": ["label"], "name": ["Sderot"], "name_ar": ["سديروت"]},
        geometry=[Point(34.5953, 31.5228)],
        crs="EPSG:4326",
    )
    data = prepare_context(context)
    assert data.labels.count == 1
    english = render(context_group(data, None))
    arabic = render(context_group(data, None, lang="ar"))
    assert "feature.properties.name_en ||" in english  # no name_en: the English name
    assert "feature.properties.name_ar ||" in arabic
    assert "\\u0633\\u062f\\u064a\\u0631\\u0648\\u062a" in arabic or "سديروت" in arabic


def test_the_first_fit_is_not_animated():
    # An animated fit was still running when a shared link's view (?view=..., zoom >= 16)
    # was asked for: Leaflet dropped the view and ended at the fitted zoom.
    html = build_base_map().get_root().render()
    fit = re.search(r"\.fitBounds\(\s*(\[\[.*?\]\]),\s*(\{.*?\})\s*\);", html, re.S)
    assert fit, "no fitBounds in the base map"
    assert json.loads(fit.group(2))["animate"] is False
