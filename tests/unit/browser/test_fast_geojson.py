"""dashboard.browser.fast_geojson: the Leaflet element that pastes a serialised layer."""

from __future__ import annotations

import json
import re

import folium
import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from dashboard.browser import map_builder
from dashboard.browser.escaping import escape_text
from dashboard.browser.fast_geojson import FastGeoJson
from dashboard.browser.map_builder import build_base_map, neutral_group, zone_group
from dashboard.browser.serialise import CANVAS_ABOVE, browser_geojson
from dashboard.browser.styles import HIGHLIGHT_STYLE, line_style, zone_style

SCRIPT = "</script><script>alert(1)</script>"


def layer_of_zones(*zones_and_kinds: tuple[str | None, str | None]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "zone": [z for z, _ in zones_and_kinds],
            "kind": [k for _, k in zones_and_kinds],
            "name": [f"F{i}" for i in range(len(zones_and_kinds))],
        },
        geometry=[
            box(34.40 + i * 0.01, 31.40, 34.405 + i * 0.01, 31.41)
            for i in range(len(zones_and_kinds))
        ],
        crs="EPSG:4326",
    )


def script_of(element: FastGeoJson) -> str:
    """The map's script with ``element`` added to it through a feature group."""
    fmap = build_base_map()
    group = folium.FeatureGroup(name="g").add_to(fmap)
    element.add_to(group)
    return fmap.get_root().render()


def styles_in(html: str) -> dict[str, dict]:
    (text,) = re.findall(r"var fast_geo_json_\w+_styles = (.*);$", html, flags=re.MULTILINE)
    return json.loads(text)


def test_the_layer_text_is_pasted_once():
    layer = browser_geojson(layer_of_zones(("retained", None), ("buffer", None)), ["name"])
    html = script_of(FastGeoJson(layer, zone_style, [("name", "Zone")], highlight=True, smooth=1))
    assert html.count(layer.text) == 1
    assert f".addData({layer.text});" in html


def test_one_style_per_zone_and_kind_pair():
    gdf = layer_of_zones(
        ("retained", None), ("retained", None), ("buffer", "corridor"), (None, "yellow_line")
    )
    layer = browser_geojson(gdf, ["name"])
    styles = styles_in(script_of(FastGeoJson(layer, zone_style, [], highlight=False, smooth=1)))
    assert set(styles) == {"retained||", "buffer|corridor|", "|yellow_line|", "||"}
    assert styles["retained||"] == zone_style({"properties": {"zone": "retained"}})
    assert styles["buffer|corridor|"] == zone_style({"properties": {"zone": "buffer"}})
    assert styles["||"] == zone_style({"properties": {"zone": None}})
    lines = styles_in(script_of(FastGeoJson(layer, line_style, [], highlight=False, smooth=1)))
    assert lines["|yellow_line|"] == line_style({"properties": {"kind": "yellow_line"}})


def test_canvas_only_when_asked():
    layer = browser_geojson(layer_of_zones(("retained", None)))
    svg = script_of(FastGeoJson(layer, zone_style, [], highlight=False, smooth=1))
    canvas = script_of(FastGeoJson(layer, zone_style, [], highlight=False, smooth=1, canvas=True))
    assert "L.canvas(" not in svg and "renderer:" not in svg
    assert canvas.count("L.canvas(") == 1 and "renderer: fast_geo_json" in canvas
    assert "_largeLayersRenderer" in canvas  # one canvas per map, reused


def test_map_builder_uses_a_canvas_only_above_canvas_above(monkeypatch):
    monkeypatch.setattr(map_builder, "CANVAS_ABOVE", 2)
    at_limit = layer_of_zones(("retained", None), ("buffer", None))
    above = layer_of_zones(("retained", None), ("buffer", None), ("withdrawal", None))

    def render(gdf):
        fmap = build_base_map()
        zone_group(gdf, "Z").add_to(fmap)
        return fmap.get_root().render()

    assert "L.canvas(" not in render(at_limit)
    assert "L.canvas(" in render(above)
    assert CANVAS_ABOVE >= 1000  # the real threshold: only large layers


def test_tooltip_fields_and_aliases_are_escaped():
    layer = browser_geojson(layer_of_zones(("retained", None)), ["name"])
    pairs = [("name", "<b>Name</b>"), ("zone", SCRIPT)]
    html = script_of(FastGeoJson(layer, zone_style, pairs, highlight=False, smooth=1))
    (fields, aliases) = re.findall(
        r"var fields = (.*), aliases = (.*);$", html, flags=re.MULTILINE
    )[0]
    assert json.loads(fields) == ["name", "zone"]
    assert json.loads(aliases) == [escape_text("<b>Name</b>"), escape_text(SCRIPT)]
    assert "<b>Name" not in html


def test_no_tooltip_without_fields_and_highlight_only_when_asked():
    layer = browser_geojson(layer_of_zones(("retained", None)))
    plain = script_of(FastGeoJson(layer, zone_style, [], highlight=False, smooth=0.5))
    assert "bindTooltip" not in plain and "mouseover" not in plain
    assert "smoothFactor: 0.5" in plain
    lit = script_of(FastGeoJson(layer, zone_style, [], highlight=True, smooth=0.5))
    assert "mouseover" in lit and json.dumps(HIGHLIGHT_STYLE, separators=(",", ":")) in lit


def test_hostile_names_cannot_end_the_script():
    gdf = gpd.GeoDataFrame(
        {"name": [SCRIPT], SCRIPT: [SCRIPT], "zone": [SCRIPT]},
        geometry=[Point(34.4, 31.4)],
        crs="EPSG:4326",
    )
    fmap = build_base_map()
    baseline = fmap.get_root().render().lower().count("</script")
    fmap = build_base_map()
    neutral_group(gdf, SCRIPT, ["name", SCRIPT, "zone"]).add_to(fmap)
    html = fmap.get_root().render()
    assert html.lower().count("</script") == baseline
    assert "<script>alert" not in html


def test_map_name_needs_a_map():
    layer = browser_geojson(layer_of_zones(("retained", None)))
    element = FastGeoJson(layer, zone_style, [], highlight=False, smooth=1)
    with pytest.raises(ValueError, match="added to a map"):
        element.map_name()
    group = folium.FeatureGroup(name="g")
    element.add_to(group)
    with pytest.raises(ValueError, match="added to a map"):
        element.map_name()
    fmap = build_base_map()
    group.add_to(fmap)
    assert element.map_name() == fmap.get_name()


# --- large layers fetched by URL, and the map's cache of built layers ----------------------


def test_a_served_layer_is_fetched_not_pasted():
    from dashboard.browser import fast_geojson

    layer = browser_geojson(layer_of_zones(("retained", None)), ["name"])
    served = layer.served_at("/media/abc.json")
    assert served.digest == layer.digest and served.payload == layer.text.encode()
    element = FastGeoJson(served, zone_style, [], highlight=False, smooth=1)
    html = script_of(element)
    assert layer.text not in html
    assert "fetch(fast_geo_json_" in html and '"/media/abc.json"' in html
    # Kept by the map, never by the browser's HTTP cache (the layer is the session's).
    assert '_fetch_options = {cache: "no-store", credentials: "same-origin"}' in html
    assert re.search(r'"/media/abc\.json", fast_geo_json_\w+_fetch_options\)', html)
    # An export has no server to fetch from: the data goes inside.
    group = folium.FeatureGroup(name="g")
    FastGeoJson(served, zone_style, [], highlight=False, smooth=1).add_to(group)
    fast_geojson.inline_data(group)
    fmap = build_base_map()
    group.add_to(fmap)
    html = fmap.get_root().render()
    assert html.count(layer.text) == 1 and "/media/abc.json" not in html


def test_cache_key_follows_the_data_and_the_look():
    layer = browser_geojson(layer_of_zones(("retained", None)), ["name"])
    other = browser_geojson(layer_of_zones(("buffer", None)), ["name"])

    def key(data, style=zone_style, pairs=()):
        return FastGeoJson(data, style, list(pairs), highlight=False, smooth=1).cache_key

    assert key(layer) == key(layer) == key(layer.served_at("/x"))
    assert key(layer) != key(other)
    assert key(layer) != key(layer, style=line_style)
    assert key(layer) != key(layer, pairs=[("name", "Name")])
