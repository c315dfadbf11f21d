"""Map building and the browser-bound data: styles, escaping, constant base map."""

from __future__ import annotations

import folium
import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from dashboard.browser.escaping import escape_markdown, escape_text
from dashboard.browser.features import describe_zones, detail_rows, format_area, lookup_feature
from dashboard.browser.map_builder import (
    asset_urls,
    build_base_map,
    point_group,
    tile_group,
    zone_group,
)
from dashboard.browser.offline_assets import (
    LEAFLET_CSS,
    LEAFLET_JS,
    install_leaflet,
    use_local_assets,
)
from dashboard.browser.serialise import display_frame
from dashboard.browser.styles import line_style, zone_style
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


@pytest.mark.parametrize(
    ("zone", "colour"),
    [("retained", "#D55E00"), ("withdrawal", "#0072B2"), ("buffer", "#CC79A7"), ("x", "#555555")],
)
def test_zone_style_colours(zone, colour):
    assert zone_style({"properties": {"zone": zone}})["fillColor"] == colour


def test_line_style_by_kind():
    assert line_style({"properties": {"kind": "yellow_line"}})["color"] == "#E69F00"
    assert "dashArray" in line_style({"properties": {"kind": "corridor"}})


def test_file_text_is_escaped_in_the_map(tiny_zones):
    html = render(zone_group(tiny_zones, "Zones"))
    assert "<img src=x" not in html and "<script>alert(2)" not in html
    # HTML-escaped text, written in the script as JSON with "&" as \u0026.
    assert "\\u0026lt;img src=x onerror=\\u0026quot;alert(1)\\u0026quot;\\u0026gt;" in html
    assert "{{ x }}" not in html


def test_escape_helpers():
    assert escape_text("<b>&") == "&lt;b&gt;&amp;"
    assert escape_text(None) == "" and escape_text(float("nan")) == ""
    md = escape_markdown("![x](http://evil) <script> :red[hi]")
    assert "\\!\\[x\\]\\(http\\:" in md and "\\<script\\>" in md and "\\:red\\[" in md


def test_display_frame_keeps_only_what_is_shown_and_rounds(tiny_zones):
    shown = display_frame(tiny_zones, ["name", "missing"])
    assert list(shown.columns) == ["name", "geometry"]
    x, y = shown.geometry.iloc[0].exterior.coords[0]
    assert round(x, 5) == x and round(y, 5) == y


def test_format_area_does_not_invent_precision():
    assert format_area(143.97, 39.46) == "≈ 144 km² (39 % of the Strip)"
    assert format_area(1.31, 0.36) == "≈ 1.3 km² (< 1 % of the Strip)"


def test_lookup_and_details(tiny_zones):
    record = lookup_feature({"zones": tiny_zones}, "zones:1")
    assert record["name"] == "West"
    labels = [label for label, _ in detail_rows(record)]
    assert labels[:2] == ["Category", "Area"]
    assert lookup_feature({"zones": tiny_zones}, "zones:9") is None
    assert lookup_feature({"zones": tiny_zones}, "nope") is None


def test_base_map_is_identical_between_runs():
    from streamlit_folium import generate_leaflet_string

    first = generate_leaflet_string(build_base_map())
    second = generate_leaflet_string(build_base_map())
    assert first == second


def test_assets_are_local(tmp_path):
    use_local_assets()
    install_leaflet(tmp_path)
    assert (tmp_path / "leaflet" / "leaflet.js").stat().st_size > 100_000
    assert (tmp_path / "leaflet" / "images" / "layers.png").exists()
    fmap = build_base_map()
    points = gpd.GeoDataFrame({"name": ["A"]}, geometry=[Point(34.4, 31.4)], crs="EPSG:4326")
    groups = [point_group(points, "P")]
    assert asset_urls(fmap, groups) == [LEAFLET_JS, LEAFLET_CSS]


def test_tiles_are_optional():
    assert tile_group("Bundled context (offline)") is None
    assert "openstreetmap" in render(tile_group("OpenStreetMap"))
