"""The Leaflet element that draws a layer serialised by :mod:`dashboard.browser.serialise`."""

from __future__ import annotations

import hashlib

from branca.element import Element, MacroElement
from jinja2 import Template

from dashboard.browser.elements import map_name
from dashboard.browser.escaping import escape_text, script_json
from dashboard.browser.serialise import STYLE_FIELDS, BrowserLayer
from dashboard.browser.styles import HIGHLIGHT_STYLE
from dashboard.config import MAX_BUILT_LAYERS

# The z-index of a layer's own pane: under Leaflet's tiles (200), over its map pane.
BASE_PANE_Z = 150


# The start of a layer element's script: the layer this map already built with this content
# and look (``cache_key``), taken off the group it was shown in, or else the branch that
# builds it. The page swaps all its layers on every change; one shown again is re-attached.
BUILT_LAYER_LOOKUP = """var {{ n }}_key = {{ this.js(this.cache_key) }};
if (!{{ n }}_map._builtLayers) {{ n }}_map._builtLayers = {layers: {}, order: []};
var {{ n }}_built = {{ n }}_map._builtLayers;
var {{ n }} = {{ n }}_built.layers[{{ n }}_key];
if ({{ n }}) {
    if ({{ n }}._shownIn) {{ n }}._shownIn.removeLayer({{ n }});
    {{ n }}_built.order = {{ n }}_built.order.filter(function (k) { return k !== {{ n }}_key; });
} else {
"""

# The end of a layer element's script: the layer is the newest of those the map keeps (the
# oldest past ``max_built`` are let go) and is shown in its group.
BUILT_LAYER_SHOWN = """{{ n }}_built.order.push({{ n }}_key);
while ({{ n }}_built.order.length > {{ this.max_built }}) {
    delete {{ n }}_built.layers[{{ n }}_built.order.shift()];
}
{{ n }}._shownIn = {{ this._parent.get_name() }};
{{ n }}.addTo({{ this._parent.get_name() }});
{% endmacro %}
"""


class FastGeoJson(MacroElement):
    """``L.geoJson`` fed with pre-serialised text; style looked up by (zone, kind, class).

    Unlike ``folium.GeoJson`` it neither re-serialises the data nor writes a style case
    per feature on every render, so a 50,000-feature layer costs a string copy per rerun.

    The map keeps each layer it built, keyed by the layer's digest and look
    (:attr:`cache_key`): when the page swaps its layers, one the map already has is
    re-attached instead of built again. A layer with a ``url`` is not pasted into the
    script at all: the browser fetches it once from there (see
    :meth:`dashboard.browser.serialise.BrowserLayer.served_at`), so an unchanged large
    layer is never sent again. Exports paste the text (see :func:`inline_data`).

    Property names and values are HTML-escaped upstream (:func:`browser_geojson`), and
    aliases here, so the tooltip can build its table as HTML. Everything pasted into the
    script went through :func:`dashboard.browser.escaping.script_safe_json` (the layer's text in
    :func:`browser_geojson`, the rest in :meth:`js`): no text can end it.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
{%- set n = this.get_name() %}
var {{ n }}_map = {{ this.map_name() }};
var {{ n }}_styles = {{ this.js(this.styles) }};
function {{ n }}_style(feature) {
    var p = feature.properties, key = {{ this.js(this.style_fields) }}.map(function (f) {
        return p[f] || "";
    }).join("|");
    return {{ n }}_styles[key] || {{ n }}_styles[{{ this.js(this.fallback) }}] || {};
}
{%- if this.canvas %}
{#- Its own pane above the SVG layers: a canvas added later could otherwise end up under
    the opaque offline base when the map swaps its layers. #}
if (!{{ n }}_map._largeLayersRenderer) {
    // One canvas per map, reused whenever the layers are swapped (no canvas piles up).
    {{ n }}_map.createPane("largeLayers").style.zIndex = 450;
    {{ n }}_map._largeLayersRenderer = L.canvas({padding: 0.2, pane: "largeLayers"});
}
var {{ n }}_renderer = {{ n }}_map._largeLayersRenderer;
{%- endif %}
{#- Layers this map has built, by content and look. The page swaps all its layers on every
    change: one shown again is re-attached, neither sent nor built again. #}
"""
        + BUILT_LAYER_LOOKUP
        + """    {%- if this.pane %}
    if (!{{ n }}_map.getPane({{ this.js(this.pane) }})) {
        // Under Leaflet's tile pane (200): online tiles, once loaded, cover this layer.
        {{ n }}_map.createPane({{ this.js(this.pane) }}).style.zIndex = {{ this.pane_z }};
    }
    {%- endif %}
    {{ n }} = L.geoJson(null, {
        style: {{ n }}_style,
        {%- if this.pane %}
        pane: {{ this.js(this.pane) }},
        {%- endif %}
        smoothFactor: {{ this.js(this.smooth) }},
        {%- if this.canvas %}
        renderer: {{ n }}_renderer,
        {%- endif %}
        pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, Object.assign({
                radius: {{ 3 if this.canvas else 5 }}, fillOpacity: 0.9,
                {%- if this.canvas %} renderer: {{ n }}_renderer{% endif %}
            }, {{ n }}_style(feature)));
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
                if (this.setStyle) this.setStyle({{ n }}_style(feature));
            });
            {%- endif %}
        }
    });
    {{ n }}_built.layers[{{ n }}_key] = {{ n }};
    {%- if this.url %}
    {#- A large layer travels apart from the script: fetched once from the page's server
        (the same origin as this frame: <base>/component/<name>/index.html). #}
    {#- Never kept in the browser's HTTP cache: the layer is the session's, and the map
        keeps what it built (Streamlit's media responses carry no Cache-Control). #}
    var {{ n }}_fetch_options = {cache: "no-store", credentials: "same-origin"};
    var {{ n }}_base = location.pathname.indexOf("/component/") >= 0
        ? location.pathname.split("/component/")[0] : "";
    fetch({{ n }}_base + {{ this.js(this.url) }}, {{ n }}_fetch_options)
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(function (data) { {{ n }}.addData(data); })
        .catch(function (e) { delete {{ n }}_built.layers[{{ n }}_key]; console.warn(e); });
    {%- else %}
    {{ n }}.addData({{ this.text }});
    {%- endif %}
}
"""
        + BUILT_LAYER_SHOWN
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
        pane: str | None = None,
    ) -> None:
        super().__init__()
        self._name = "FastGeoJson"
        self.pane = pane  # a pane of its own (below the tiles, for the offline base)
        self._layer = layer  # its text is read when the script pastes it (see ``text``)
        self.url = layer.url  # set: the browser fetches the text there instead
        self.style_fields = STYLE_FIELDS
        self.fallback = "|" * (len(STYLE_FIELDS) - 1)  # no zone, no kind, no class
        self.styles = {
            "|".join(key): style({"properties": _style_properties(key)})
            for key in {*layer.style_keys, ("",) * len(STYLE_FIELDS)}
        }
        self.fields = [f for f, _ in pairs]
        self.aliases = [escape_text(a) for _, a in pairs]
        self.highlight = HIGHLIGHT_STYLE if highlight else None
        self.smooth = smooth
        self.canvas = canvas
        self.max_built = MAX_BUILT_LAYERS
        self.pane_z = BASE_PANE_Z
        look = script_json(
            [self.styles, self.fields, self.aliases, self.highlight, smooth, canvas, pane]
        )
        self.cache_key = f"{layer.digest}-{hashlib.sha256(look.encode()).hexdigest()[:16]}"

    @property
    def text(self) -> str:
        """The layer's GeoJSON text, script-safe already (``browser_geojson()`` made it so).

        Read only when the script pastes it: a layer drawn from its served binary copy
        never needs it, and a large layer's text is made on use (see
        :attr:`dashboard.browser.serialise.BrowserLayer.text`).
        """
        return self._layer.text

    @staticmethod
    def js(value: object) -> str:
        """``value`` as JSON for the script (see :func:`dashboard.browser.escaping.script_json`)."""
        return script_json(value)

    def map_name(self) -> str:
        """The JavaScript name of the map this layer is drawn on."""
        return map_name(self)

    def inline(self) -> None:
        """Paste the data into the script from now on (an exported file has no server)."""
        self.url = None

    def render(self, **kwargs) -> None:
        """Add the script to the figure as plain text.

        branca would wrap it in ``Element(template=...)``, compiling megabytes of data as
        a Jinja template on every render; the data is not a template.
        """
        self._render_template(self._template)

    def _render_template(self, template: Template) -> None:
        script = template.module.__dict__["script"]
        self.get_root().script.add_child(_RawText(script(self, {})), name=self.get_name())


def _style_properties(key: tuple[str, ...]) -> dict[str, str | None]:
    """The properties a style function reads, from a style key (missing: None)."""
    return {field: value or None for field, value in zip(STYLE_FIELDS, key, strict=True)}


class _RawText(Element):
    """Text rendered as it is, without going through Jinja."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


def inline_data(element: Element) -> None:
    """Make every :class:`FastGeoJson` under ``element`` paste its data into the script
    (an exported file has no server to fetch it from; a canvas layer then draws as
    GeoJSON, see :meth:`FastGeoJson.inline`)."""
    if isinstance(element, FastGeoJson):
        element.inline()
    for child in getattr(element, "_children", {}).values():
        inline_data(child)
