"""Layers serialised once for the browser, and the Leaflet element that draws them.

Folium's ``GeoJson`` re-serialises its data and writes a style case per feature on every
render; on a 50,000-feature layer that costs seconds per rerun. Here a layer is turned
into GeoJSON text once (:func:`browser_geojson`: only the shown properties, names and
values escaped, on rounded coordinates, safe inside a ``<script>``) and
:class:`FastGeoJson` pastes that text into the map.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import folium
import geopandas as gpd
import shapely
from branca.element import Element, MacroElement
from jinja2 import Template

from dashboard.display import display_frame, escape_text, script_json, script_safe_json

# Properties the style functions read: always sent to the browser with the tooltip fields.
STYLE_FIELDS = ("zone", "kind")
HIGHLIGHT_STYLE = {"weight": 3, "color": "#000000", "fillOpacity": 0.75}
# Above this many features a layer is drawn on a canvas: far faster than SVG paths.
CANVAS_ABOVE = 5_000


@dataclass(frozen=True)
class BrowserLayer:
    """A layer serialised once for the browser: escaped, rounded GeoJSON text.

    Building it is the costly step (conversion and serialisation); the page caches it,
    so a rerun that changes nothing about a layer only pastes this text into the map.
    The text holds no ``<``, ``>`` or ``&`` (see :func:`dashboard.display.script_safe_json`).
    """

    text: str
    style_keys: frozenset[tuple[str, str]]
    count: int

    def as_dict(self) -> dict:
        return json.loads(self.text)


# A layer's data: a GeoDataFrame, or what browser_geojson() made of it.
LayerData = gpd.GeoDataFrame | BrowserLayer


def browser_geojson(gdf: gpd.GeoDataFrame, fields: Sequence[str] = ("name",)) -> BrowserLayer:
    """What the browser gets of a layer: ``fields`` plus style fields and ``fid``, escaped
    and rounded (see :func:`dashboard.display.display_frame`), serialised once as JSON
    that is safe inside a ``<script>`` element."""
    frame = display_frame(gdf, [*fields, *STYLE_FIELDS, "fid"])
    keys = frozenset(
        zip(
            *(frame[f] if f in frame.columns else [""] * len(frame) for f in STYLE_FIELDS),
            strict=True,
        )
    )
    return BrowserLayer(script_safe_json(feature_collection_text(frame)), keys, len(frame))


def feature_collection_text(frame: gpd.GeoDataFrame) -> str:
    """Serialise a GeoDataFrame as compact GeoJSON text, fast.

    Geometries are written by GEOS in one vectorised call (``shapely.to_geojson``);
    ``GeoDataFrame.to_json`` builds a Python dict per coordinate and is about ten times
    slower on large layers.
    """
    geometries = shapely.to_geojson(frame.geometry.to_numpy())
    columns = [c for c in frame.columns if c != frame.geometry.name]
    properties = _properties_text(frame, columns)
    features = ",".join(
        f'{{"type":"Feature","properties":{props},"geometry":{geom}}}'
        for props, geom in zip(properties, geometries, strict=True)
    )
    return f'{{"type":"FeatureCollection","features":[{features}]}}'


def _properties_text(frame: gpd.GeoDataFrame, columns: list[str]) -> list[str]:
    """Each row's properties as JSON text.

    Escaped display text (see display_frame) holds no double quote, so a whole column can
    be encoded by one ``json.dumps`` of the list and split on ``","``: far faster than a
    dict per row. Anything else takes the general path.
    """
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    if not columns:
        return ["{}"] * len(frame)
    texts = [frame[c].tolist() for c in columns]
    if all(isinstance(v, str) and '"' not in v for column in texts for v in column):
        encoded = [encode(column)[2:-2].split('","') if column else [] for column in texts]
        keys = [encode(c) for c in columns]
        return [
            "{" + ",".join(f'{k}:"{v}"' for k, v in zip(keys, row, strict=True)) + "}"
            for row in zip(*encoded, strict=True)
        ]
    return [encode(record) for record in frame[columns].to_dict(orient="records")]


def is_empty(data: LayerData) -> bool:
    """True when a layer has no feature to draw."""
    return data.count == 0 if isinstance(data, BrowserLayer) else data.empty


class FastGeoJson(MacroElement):
    """``L.geoJson`` fed with pre-serialised text; style looked up by (zone, kind).

    Unlike ``folium.GeoJson`` it neither re-serialises the data nor writes a style case
    per feature on every render, so a 50,000-feature layer costs a string copy per rerun.
    Property names and values are HTML-escaped upstream (:func:`browser_geojson`), and
    aliases here, so the tooltip can build its table as HTML. Everything pasted into the
    script went through :func:`dashboard.display.script_safe_json` (the layer's text in
    :func:`browser_geojson`, the rest in :meth:`js`): no text can end it.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }}_styles = {{ this.js(this.styles) }};
function {{ this.get_name() }}_style(feature) {
    var p = feature.properties;
    return {{ this.get_name() }}_styles[(p.zone || "") + "|" + (p.kind || "")]
        || {{ this.get_name() }}_styles["|"] || {};
}
{%- if this.canvas %}
{#- Its own pane above the SVG layers: a canvas added later could otherwise end up under
    the opaque offline base when the map swaps its layers. #}
var {{ this.get_name() }}_map = {{ this.map_name() }};
if (!{{ this.get_name() }}_map._largeLayersRenderer) {
    // One canvas per map, reused whenever the layers are swapped (no canvas piles up).
    {{ this.get_name() }}_map.createPane("largeLayers").style.zIndex = 450;
    {{ this.get_name() }}_map._largeLayersRenderer = L.canvas({padding: 0.2, pane: "largeLayers"});
}
var {{ this.get_name() }}_renderer = {{ this.get_name() }}_map._largeLayersRenderer;
{%- endif %}
var {{ this.get_name() }} = L.geoJson(null, {
    style: {{ this.get_name() }}_style,
    smoothFactor: {{ this.js(this.smooth) }},
    {%- if this.canvas %}
    renderer: {{ this.get_name() }}_renderer,
    {%- endif %}
    pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, Object.assign({
            radius: {{ 3 if this.canvas else 5 }}, fillOpacity: 0.9,
            {%- if this.canvas %} renderer: {{ this.get_name() }}_renderer{% endif %}
        }, {{ this.get_name() }}_style(feature)));
    },
    onEachFeature: function (feature, layer) {
        {%- if this.fields %}
        var fields = {{ this.js(this.fields) }}, aliases = {{ this.js(this.aliases) }};
        layer.bindTooltip(function () {
            var rows = "";
            for (var i = 0; i < fields.length; i++) {
                var v = feature.properties[fields[i]];
                rows += "<tr><th>" + aliases[i] + "</th><td>" + (v == null ? "" : v)
                    + "</td></tr>";
            }
            return "<table>" + rows + "</table>";
        }, {sticky: true});
        {%- endif %}
        {%- if this.highlight %}
        layer.on("mouseover", function () {
            if (this.setStyle) this.setStyle({{ this.js(this.highlight) }});
        });
        layer.on("mouseout", function () {
            if (this.setStyle) this.setStyle({{ this.get_name() }}_style(feature));
        });
        {%- endif %}
    }
}).addTo({{ this._parent.get_name() }});
{{ this.get_name() }}.addData({{ this.text }});
{% endmacro %}
"""
    )

    def __init__(
        self,
        layer: BrowserLayer,
        style,
        pairs,
        *,
        highlight: bool,
        smooth: float,
        canvas: bool = False,
    ) -> None:
        super().__init__()
        self._name = "FastGeoJson"
        self.text = layer.text  # script-safe already: browser_geojson() made it so
        self.styles = {
            f"{zone}|{kind}": style({"properties": {"zone": zone or None, "kind": kind or None}})
            for zone, kind in {*layer.style_keys, ("", "")}
        }
        self.fields = [f for f, _ in pairs]
        self.aliases = [escape_text(a) for _, a in pairs]
        self.highlight = HIGHLIGHT_STYLE if highlight else None
        self.smooth = smooth
        self.canvas = canvas

    @staticmethod
    def js(value: object) -> str:
        """``value`` as JSON for the script (see :func:`dashboard.display.script_json`)."""
        return script_json(value)

    def map_name(self) -> str:
        """The JavaScript name of the map this layer is drawn on."""
        element = self._parent
        while element is not None and not isinstance(element, folium.Map):
            element = element._parent
        if element is None:
            raise ValueError("FastGeoJson must be added to a map (through a group) first")
        return element.get_name()

    def render(self, **kwargs) -> None:
        """Add the script to the figure as plain text.

        branca would wrap it in ``Element(template=...)``, compiling megabytes of data as
        a Jinja template on every render; the data is not a template.
        """
        script = self._template.module.__dict__["script"]
        self.get_root().script.add_child(_RawText(script(self, kwargs)), name=self.get_name())


class _RawText(Element):
    """Text rendered as it is, without going through Jinja."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


def property_names(layer: BrowserLayer) -> set[str]:
    """Property names of the layer's first feature (all features share them)."""
    start = layer.text.find('"properties":{')
    if start < 0:
        return set()
    decoder = json.JSONDecoder()
    props, _ = decoder.raw_decode(layer.text, start + len('"properties":'))
    return set(props)
