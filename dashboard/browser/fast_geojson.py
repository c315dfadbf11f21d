"""The Leaflet element that draws a layer serialised by :mod:`dashboard.browser.serialise`."""

from __future__ import annotations

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from dashboard.browser.escaping import escape_text, script_json
from dashboard.browser.serialise import BrowserLayer
from dashboard.browser.styles import HIGHLIGHT_STYLE


class FastGeoJson(MacroElement):
    """``L.geoJson`` fed with pre-serialised text; style looked up by (zone, kind).

    Unlike ``folium.GeoJson`` it neither re-serialises the data nor writes a style case
    per feature on every render, so a 50,000-feature layer costs a string copy per rerun.
    Property names and values are HTML-escaped upstream (:func:`browser_geojson`), and
    aliases here, so the tooltip can build its table as HTML. Everything pasted into the
    script went through :func:`dashboard.browser.escaping.script_safe_json` (the layer's text in
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
        """``value`` as JSON for the script (see :func:`dashboard.browser.escaping.script_json`)."""
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
