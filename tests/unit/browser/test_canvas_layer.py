"""dashboard.browser.canvas_layer: large layers drawn from their binary copy."""

from __future__ import annotations

import gzip
import json
import re

import folium
import geopandas as gpd
from shapely.geometry import box

from dashboard.browser import map_builder
from dashboard.browser.canvas_layer import PANE, CanvasLayer
from dashboard.browser.escaping import escape_text
from dashboard.browser.export import standalone_html
from dashboard.browser.fast_geojson import FastGeoJson, inline_data
from dashboard.browser.map_builder import build_base_map, neutral_group
from dashboard.browser.serialise import browser_geojson
from dashboard.browser.styles import neutral_style

HOSTILE = "<img src=x onerror=alert(1)>"


def big_layer(n: int = 3) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": [HOSTILE] + [f"B{i}" for i in range(1, n)], "fid": [f"u:{i}" for i in range(n)]},
        geometry=[box(34.40 + i * 1e-3, 31.40, 34.4005 + i * 1e-3, 31.4005) for i in range(n)],
        crs="EPSG:4326",
    )


def served_layer():
    return browser_geojson(big_layer(), ["name"], binary=True).binary_served_at("/media/ab.bin")


def render(element) -> str:
    fmap = build_base_map()
    group = folium.FeatureGroup(name="g").add_to(fmap)
    element.add_to(group)
    return fmap.get_root().render()


def test_a_served_binary_layer_is_fetched_and_drawn_by_the_canvas_layer():
    layer = served_layer()
    html = render(CanvasLayer(layer, neutral_style, [("name", "Name")], highlight=True))
    assert "new L.GazaBinaryLayer(" in html and '"/media/ab.bin"' in html
    assert ".arrayBuffer()" in html
    assert '_fetch_options = {cache: "no-store", credentials: "same-origin"}' in html
    assert '_gz || "/media/ab.bin"), canvas_layer_' in html and "_fetch_options)" in html
    assert 'DecompressionStream === "function" && null;' in html  # no gzip copy served
    assert layer.text not in html and '"B1"' not in html  # no data in the script
    assert f'"{PANE}"' in html
    assert html.count("if (L.GazaBinaryLayer) return;") == 1


def test_a_browser_that_can_decompress_fetches_the_gzip_copy():
    layer = browser_geojson(big_layer(), ["name"], binary=True)
    served = layer.binary_served_at("/media/ab.bin", "/media/ab.bin.gz")
    html = render(CanvasLayer(served, neutral_style, [("name", "Name")], highlight=True))
    assert 'DecompressionStream === "function" && "/media/ab.bin.gz";' in html
    assert 'pipeThrough(new DecompressionStream("gzip"))' in html
    assert gzip.decompress(served.binary.compressed) == layer.binary.payload


def test_style_tooltip_and_highlight_come_from_the_same_lookup_as_fast_geojson():
    layer = served_layer()
    pairs = [("name", "<b>Name</b>")]
    canvas = CanvasLayer(layer, neutral_style, pairs, highlight=True)
    fast = FastGeoJson(layer, neutral_style, pairs, highlight=True, smooth=0.5)
    assert canvas.styles == fast.styles and canvas.fields == fast.fields
    assert canvas.aliases == [escape_text("<b>Name</b>")]
    html = render(canvas)
    (styles,) = re.findall(r"^\s+styles: (\{.*\}),$", html, flags=re.MULTILINE)
    assert json.loads(styles)["||"] == neutral_style({})
    assert "<b>Name" not in html


def test_the_cache_key_follows_the_binary_digest_and_the_look():
    layer = served_layer()
    key = CanvasLayer(layer, neutral_style, [], highlight=False).cache_key
    assert key.startswith(f"bin-{layer.binary.digest}-")
    assert key != CanvasLayer(layer, neutral_style, [], highlight=True).cache_key
    assert key != FastGeoJson(layer, neutral_style, [], highlight=False, smooth=0.5).cache_key


def test_inline_draws_the_geojson_text_instead():
    layer = served_layer()
    group = folium.FeatureGroup(name="g")
    CanvasLayer(layer, neutral_style, [], highlight=False).add_to(group)
    inline_data(group)
    fmap = build_base_map()
    group.add_to(fmap)
    html = fmap.get_root().render()
    assert html.count(layer.text) == 1
    assert "GazaBinaryLayer" not in html and "/media/ab.bin" not in html


def test_map_builder_uses_the_canvas_layer_only_for_a_served_binary_copy():
    def element(data):
        group = neutral_group(data, "Layer", ["name"])
        (child,) = group._children.values()
        return child

    plain = browser_geojson(big_layer(), ["name"])
    unserved = browser_geojson(big_layer(), ["name"], binary=True)
    assert type(element(plain)) is FastGeoJson
    assert type(element(unserved)) is FastGeoJson  # no URL yet (e.g. AppTest): pasted
    assert type(element(served_layer())) is CanvasLayer
    assert map_builder.CanvasLayer is CanvasLayer


def test_an_export_of_a_canvas_layer_holds_the_escaped_text_and_no_fetch():
    group = neutral_group(served_layer(), "Layer", ["name"])
    html = standalone_html(build_base_map(), [group])
    assert "GazaBinaryLayer" not in html and "fetch(" not in html
    assert "B2" in html and HOSTILE not in html


def test_streamlit_folium_gets_the_canvas_script():
    """streamlit-folium builds a group's script from each element's ``_template``."""
    import streamlit_folium as sf

    group = neutral_group(served_layer(), "Layer", ["name"])
    script = sf._get_feature_group_string(group, map=build_base_map())
    assert "new L.GazaBinaryLayer(" in script and '"/media/ab.bin"' in script
    assert served_layer().text not in script


def test_the_canvas_script_never_makes_the_text_an_export_makes_it():
    """A served binary layer's text is made only by an export (it costs seconds on a large
    upload, on its way to the map)."""
    import streamlit_folium as sf

    made = []

    def features() -> gpd.GeoDataFrame:
        made.append(1)
        return big_layer()

    layer = browser_geojson(big_layer(), ["name"], binary=True, text_from=features)
    served = layer.binary_served_at("/media/ab.bin")
    script = sf._get_feature_group_string(
        neutral_group(served, "Layer", ["name"]), build_base_map()
    )
    assert "new L.GazaBinaryLayer(" in script and not made
    html = standalone_html(build_base_map(), [neutral_group(served, "Layer", ["name"])])
    assert made and "B2" in html and HOSTILE not in html


def test_a_large_layer_drawn_by_its_classes_keeps_a_style_per_class():
    """The canvas looks a feature's style up by its header key ("||c1"): the element has
    a style for each class, and the fallback key for features without one."""
    from functools import partial

    from dashboard.browser.binary_geometry import decode_payload
    from dashboard.browser.layer_classes import classed_style

    gdf = big_layer(4)
    gdf["style_class"] = ["c0", "c1", "c1", ""]
    layer = browser_geojson(gdf, ["name"], binary=True).binary_served_at("/media/ab.bin")
    colours = (("c0", "#111111"), ("c1", "#222222"))
    style = partial(classed_style, colour="#009E73", colours=colours, opacity=0.3)
    canvas = CanvasLayer(layer, style, [("name", "Name")], highlight=True)
    assert canvas.styles["||c0"]["fillColor"] == "#111111"
    assert canvas.styles["||c1"]["fillColor"] == "#222222"
    assert canvas.styles[canvas.fallback]["fillColor"] == "#009E73"
    assert set(decode_payload(layer.binary.payload).header["styles"]) == {"||c0", "||c1", "||"}
    assert f"fallback: {json.dumps(canvas.fallback)}" in render(canvas)
