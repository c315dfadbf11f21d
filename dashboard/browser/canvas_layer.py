"""The Leaflet element that draws a large layer from its binary copy, on a canvas of its own.

A layer of tens of thousands of features costs Leaflet seconds to turn into one object
per feature. :class:`CanvasLayer` instead fetches the layer's binary payload
(:mod:`dashboard.browser.binary_geometry`) into typed arrays and draws them itself:

* one ``<canvas>`` per layer, in the ``binaryLayers`` pane (above the SVG layers, as
  the canvas of :class:`~dashboard.browser.fast_geojson.FastGeoJson` is), redrawn when
  the map stops moving; features smaller than two pixels at the current zoom are drawn
  as dots; fill and outline per ``"zone|kind"`` from the same style lookup as
  ``FastGeoJson``;
* hover and click found with a grid index built once (the features whose boxes meet
  the cell under the pointer, then a point-in-polygon test);
* hover shows the same tooltip table as ``FastGeoJson`` (names, aliases and values are
  HTML-escaped upstream) and highlights the feature; a click fires ``click`` on the layer
  with a ``layer`` whose ``toGeoJSON()`` returns the feature, which is what
  streamlit-folium reports as ``last_active_drawing`` (its ``onLayerClick``), and the map
  gets its own click as for any feature (``last_clicked``).

The map keeps the layers it built by digest and look (the same ``_builtLayers`` as
``FastGeoJson``): a swap re-attaches a layer instead of fetching and decoding it again,
and its canvas is removed from the page whenever the layer is. An element without a
served payload, or one made to paste its data (:meth:`CanvasLayer.inline`, for exports),
draws as a ``FastGeoJson`` on Leaflet's canvas instead.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Template

from dashboard.browser.fast_geojson import BUILT_LAYER_LOOKUP, BUILT_LAYER_SHOWN, FastGeoJson
from dashboard.browser.serialise import BrowserLayer

PANE = "binaryLayers"
PANE_Z = 450  # above Leaflet's overlay pane (400), where the SVG layers are

# The layer class (scripts of their own, pasted once per frame inside one function whose
# guard keeps the first definition).
_SCRIPTS = Path(__file__).resolve().parent
LIBRARY = (
    "(function () {\nif (L.GazaBinaryLayer) return;\n"
    + (_SCRIPTS / "canvas_geometry.js").read_text(encoding="utf-8")
    + (_SCRIPTS / "canvas_layer.js").read_text(encoding="utf-8")
    + "})();\n"
)


class CanvasLayer(FastGeoJson):
    """A large layer drawn from its binary copy on a canvas of its own (see the module).

    It takes the same arguments as :class:`FastGeoJson` (styles, tooltip pairs, highlight)
    and keeps its look; ``layer.binary`` must be served (``layer.binary.url``), else it
    draws as a ``FastGeoJson`` on Leaflet's canvas.
    """

    _binary_template = Template(
        """
{% macro script(this, kwargs) %}
{%- set n = this.get_name() %}
{{ this.library }}
var {{ n }}_map = {{ this.map_name() }};
"""
        + BUILT_LAYER_LOOKUP
        + """    if (!{{ n }}_map.getPane({{ this.js(this.pane_name) }})) {
        {{ n }}_map.createPane({{ this.js(this.pane_name) }}).style.zIndex = {{ this.canvas_z }};
    }
    {{ n }} = new L.GazaBinaryLayer({
        pane: {{ this.js(this.pane_name) }},
        styles: {{ this.js(this.styles) }},
        fallback: {{ this.js(this.fallback) }},
        fields: {{ this.js(this.fields) }},
        aliases: {{ this.js(this.aliases) }},
        highlight: {{ this.js(this.highlight) }}
    });
    {{ n }}_built.layers[{{ n }}_key] = {{ n }};
    {#- Fetched once from the page's server (the same origin as this frame). #}
    {#- Never kept in the browser's HTTP cache: the layer is the session's, and the map
        keeps what it built (Streamlit's media responses carry no Cache-Control). #}
    var {{ n }}_fetch_options = {cache: "no-store", credentials: "same-origin"};
    var {{ n }}_base = location.pathname.indexOf("/component/") >= 0
        ? location.pathname.split("/component/")[0] : "";
    {#- Its gzip copy where the browser can decompress it (see BinaryLayer.compressed). #}
    var {{ n }}_gz = typeof DecompressionStream === "function" && {{ this.js(this.binary_gz_url) }};
    fetch({{ n }}_base + ({{ n }}_gz || {{ this.js(this.binary_url) }}), {{ n }}_fetch_options)
        .then(function (r) {
            if (!r.ok) throw new Error("HTTP " + r.status);
            if (!{{ n }}_gz) return r.arrayBuffer();
            var plain = r.body.pipeThrough(new DecompressionStream("gzip"));
            return new Response(plain).arrayBuffer();
        })
        .then(function (buffer) { {{ n }}.setData(L.GazaBinaryLayer.decode(buffer)); })
        .catch(function (e) { delete {{ n }}_built.layers[{{ n }}_key]; console.warn(e); });
}
"""
        + BUILT_LAYER_SHOWN
    )

    def __init__(self, layer: BrowserLayer, style, pairs, *, highlight: bool) -> None:
        super().__init__(layer, style, pairs, highlight=highlight, smooth=0.5, canvas=True)
        self._name = "CanvasLayer"
        self.binary_url = layer.binary.url if layer.binary is not None else None
        self.binary_gz_url = layer.binary.gz_url if layer.binary is not None else None
        self.library = LIBRARY
        self.pane_name = PANE
        self.canvas_z = PANE_Z
        if layer.binary is not None:
            look = self.cache_key.rsplit("-", 1)[1]
            self.cache_key = f"bin-{layer.binary.digest}-{look}"

    def inline(self) -> None:
        """Draw from the pasted GeoJSON text instead (an exported file has no server)."""
        super().inline()
        self.binary_url = self.binary_gz_url = None

    @property
    def _template(self) -> Template:
        """The canvas layer's script when its payload is served, else ``FastGeoJson``'s.

        A property, not a ``render`` override: streamlit-folium builds a group's script by
        calling each element's ``_template`` itself.
        """
        served = getattr(self, "binary_url", None) is not None
        return self._binary_template if served else FastGeoJson._template
