// L.GazaBinaryLayer: a large layer drawn from its binary copy on a canvas of its own.
// Pasted by dashboard/browser/canvas_layer.py after canvas_geometry.js, inside one
// function whose guard keeps the first definition of the frame.
// The map's canvas layers, top last, and one set of map listeners for all of them: the
// topmost layer with a feature under the pointer takes the hover and the click.
function registry(map) {
    if (map._binaryLayerSet) return map._binaryLayerSet;
    var set = map._binaryLayerSet = {layers: []};
    function top(e) {
        var target = e.originalEvent && e.originalEvent.target;
        if (!target || !target.classList || !target.classList.contains("leaflet-binary-layer")) {
            return null;
        }
        for (var i = set.layers.length - 1; i >= 0; i--) {
            var f = set.layers[i]._hit(e.latlng);
            if (f >= 0) return {layer: set.layers[i], feature: f, target: target};
        }
        return {layer: null, target: target};
    }
    map.on("mousemove", function (e) {
        var hit = top(e);
        for (var i = 0; i < set.layers.length; i++) {
            var mine = hit && hit.layer === set.layers[i];
            set.layers[i]._setHover(mine ? hit.feature : -1, e.latlng);
        }
        if (hit) hit.target.style.cursor = hit.layer ? "pointer" : "";
    });
    map.on("mouseout", function () {
        for (var i = 0; i < set.layers.length; i++) set.layers[i]._setHover(-1);
    });
    map.on("click", function (e) {
        if (map.getContainer().classList.contains("measuring")) return;  // the ruler's click
        var hit = top(e);
        if (hit && hit.layer) hit.layer._click(hit.feature, e);
    });
    return set;
}

L.GazaBinaryLayer = L.Layer.extend({
    options: {pane: "overlayPane", styles: {}, fallback: "", fields: [], aliases: [],
              highlight: null},

    initialize: function (options) {
        L.setOptions(this, options);
        this._data = null;
        this._hover = -1;
        this._styles = {};
    },

    setData: function (data) {
        this._data = data;
        if (this._map) this._reset();
    },

    onAdd: function (map) {
        if (!this._canvas) {
            this._canvas = L.DomUtil.create("canvas", "leaflet-binary-layer leaflet-zoom-animated");
            this._base = document.createElement("canvas");  // never in the page
        }
        this.getPane().appendChild(this._canvas);
        registry(map).layers.push(this);
        this._reset();
    },

    onRemove: function (map) {
        this._setHover(-1);
        L.DomUtil.remove(this._canvas);
        // Kept for a later swap: give the pixels back meanwhile (drawn again when added).
        this._canvas.width = this._base.width = 0;
        var layers = registry(map).layers, i = layers.indexOf(this);
        if (i >= 0) layers.splice(i, 1);
    },

    getEvents: function () {
        var events = {moveend: this._reset, viewreset: this._reset, resize: this._reset};
        if (this._map._zoomAnimated) events.zoomanim = this._animateZoom;
        return events;
    },

    _animateZoom: function (e) {
        if (!this._bounds) return;
        var scale = this._map.getZoomScale(e.zoom),
            offset = this._map._latLngBoundsToNewLayerBounds(this._bounds, e.zoom, e.center).min;
        L.DomUtil.setTransform(this._canvas, offset, scale);
    },

    _style: function (index) {
        var key = this._data.header.styles[index];
        if (!this._styles[key]) {
            var styles = this.options.styles, given = styles[key] || styles[this.options.fallback];
            given = given || {};
            var s = L.extend({}, DEFAULTS, given);
            if (!s.fillColor) s.fillColor = s.color;
            this._styles[key] = s;
        }
        return this._styles[key];
    },

    // Size and place the canvas over the view (and a margin), then draw.
    _reset: function () {
        var map = this._map, size = map.getSize(), pad = size.multiplyBy(PAD).round();
        var topLeft = map.containerPointToLayerPoint([0, 0]).subtract(pad).round();
        var w = size.x + 2 * pad.x, h = size.y + 2 * pad.y, dpr = window.devicePixelRatio || 1;
        L.DomUtil.setPosition(this._canvas, topLeft);
        var c = this._canvas;
        c.width = this._base.width = Math.round(w * dpr);
        c.height = this._base.height = Math.round(h * dpr);
        c.style.width = w + "px";
        c.style.height = h + "px";
        this._bounds = L.latLngBounds(map.layerPointToLatLng(topLeft),
                                      map.layerPointToLatLng(topLeft.add([w, h])));
        this._view = {zoom: map.getZoom(), origin: map.getPixelOrigin().add(topLeft),
                      w: w, h: h, dpr: dpr, scale: map.options.crs.scale(map.getZoom())};
        if (!this._data) return;
        if (!this._data.xy) prepare(this._data, map.options.crs);
        var start = performance.now();
        this._drawAll(this._base.getContext("2d"));
        this._paint();
        this._data.drawMs = performance.now() - start;
        this._data.draws = (this._data.draws || 0) + 1;
    },

    // Where feature f's paths go: (x, y) in canvas pixels of world point i.
    _drawFeature: function (ctx, f, v, kinds) {
        var a = this._data.a, xy = this._data.xy, fp = a.feature_parts, pr = a.part_rings;
        var rv = a.ring_vertices, pk = a.part_kind;
        for (var p = fp[f]; p < fp[f + 1]; p++) {
            var kind = pk[p];
            if (kinds.indexOf(kind) < 0) continue;
            for (var r = pr[p]; r < pr[p + 1]; r++) {
                var i = rv[r], end = rv[r + 1];
                var x = xy[2 * i] * v.scale - v.origin.x, y = xy[2 * i + 1] * v.scale - v.origin.y;
                if (kind === 1) {
                    ctx.moveTo(x + POINT_RADIUS, y);
                    ctx.arc(x, y, POINT_RADIUS, 0, 2 * Math.PI);
                    continue;
                }
                ctx.moveTo(x, y);
                for (i++; i < end; i++) {
                    ctx.lineTo(xy[2 * i] * v.scale - v.origin.x,
                               xy[2 * i + 1] * v.scale - v.origin.y);
                }
                if (kind === 3) ctx.closePath();
            }
        }
    },

    _isDot: function (f, scale) {
        var box = this._data.box;
        return (box[4 * f + 2] - box[4 * f]) * scale < DOT_PX
            && (box[4 * f + 3] - box[4 * f + 1]) * scale < DOT_PX;
    },

    _paintStyle: function (ctx, s, kinds) {
        if (kinds.indexOf(2) < 0 && s.fill) {
            ctx.globalAlpha = s.fillOpacity;
            ctx.fillStyle = s.fillColor;
            ctx.fill();
        }
        if (s.stroke) {
            ctx.globalAlpha = s.opacity;
            ctx.strokeStyle = s.color;
            ctx.lineWidth = s.weight;
            ctx.setLineDash(dashes(s));
            ctx.stroke();
        }
    },

    _drawAll: function (ctx) {
        var d = this._data, v = this._view, box = d.box, order = d.byStyle;
        var x0 = v.origin.x / v.scale, y0 = v.origin.y / v.scale;
        var x1 = (v.origin.x + v.w) / v.scale, y1 = (v.origin.y + v.h) / v.scale;
        ctx.setTransform(v.dpr, 0, 0, v.dpr, 0, 0);
        ctx.clearRect(0, 0, v.w, v.h);
        ctx.lineJoin = ctx.lineCap = "round";
        for (var s = 0; s + 1 < d.styleStart.length; s++) {
            var style = this._style(s), shown = [], dots = [];
            for (var k = d.styleStart[s]; k < d.styleStart[s + 1]; k++) {
                var f = order[k];
                if (box[4 * f] > x1 || box[4 * f + 2] < x0
                    || box[4 * f + 1] > y1 || box[4 * f + 3] < y0) continue;
                (this._isDot(f, v.scale) ? dots : shown).push(f);
            }
            var groups = [[3], [2], [1]];  // polygons, then lines, then points: one path each
            for (var g = 0; g < groups.length; g++) {
                ctx.beginPath();
                for (var j = 0; j < shown.length; j++) {
                    this._drawFeature(ctx, shown[j], v, groups[g]);
                }
                var look = groups[g][0] === 1
                    ? L.extend({}, style, {fillOpacity: 0.9, weight: 1}) : style;
                this._paintStyle(ctx, look, groups[g]);
            }
            if (dots.length) {
                // One square per cell of DOT_PX pixels, however many features fall in it:
                // zoomed out, 500,000 features make a few ten thousand squares to fill.
                var cols = Math.ceil(v.w / DOT_PX) + 1, rows = Math.ceil(v.h / DOT_PX) + 1;
                if (!this._cells || this._cells.length < cols * rows) {
                    this._cells = new Uint8Array(cols * rows);
                } else {
                    this._cells.fill(0, 0, cols * rows);
                }
                var cells = this._cells;
                ctx.beginPath();
                for (j = 0; j < dots.length; j++) {
                    var b = 4 * dots[j];
                    var cx = (box[b] + box[b + 2]) / 2 * v.scale - v.origin.x;
                    var cy = (box[b + 1] + box[b + 3]) / 2 * v.scale - v.origin.y;
                    var gx = Math.floor(cx / DOT_PX), gy = Math.floor(cy / DOT_PX);
                    if (gx < 0 || gy < 0 || gx >= cols || gy >= rows) continue;
                    if (cells[gy * cols + gx]) continue;
                    cells[gy * cols + gx] = 1;
                    ctx.rect(gx * DOT_PX, gy * DOT_PX, DOT_PX, DOT_PX);
                }
                ctx.globalAlpha = 0.85;
                ctx.fillStyle = style.fill ? style.fillColor : style.color;
                ctx.fill();
            }
        }
        ctx.globalAlpha = 1;
    },

    // The visible canvas: the drawn layer, and the hovered feature highlighted over it.
    _paint: function () {
        var ctx = this._canvas.getContext("2d"), v = this._view;
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.clearRect(0, 0, this._canvas.width, this._canvas.height);
        ctx.drawImage(this._base, 0, 0);
        var f = this._hover;
        if (f < 0 || !this.options.highlight || !this._data) return;
        var style = L.extend({}, this._style(this._data.a.style[f]), this.options.highlight);
        ctx.setTransform(v.dpr, 0, 0, v.dpr, 0, 0);
        ctx.lineJoin = ctx.lineCap = "round";
        if (this._isDot(f, v.scale)) {
            var box = this._data.box;
            ctx.beginPath();
            ctx.arc((box[4 * f] + box[4 * f + 2]) / 2 * v.scale - v.origin.x,
                    (box[4 * f + 1] + box[4 * f + 3]) / 2 * v.scale - v.origin.y,
                    4, 0, 2 * Math.PI);
            ctx.globalAlpha = 1;
            ctx.fillStyle = style.color;
            ctx.fill();
        } else {
            var groups = [[3], [2], [1]];
            for (var g = 0; g < groups.length; g++) {
                ctx.beginPath();
                this._drawFeature(ctx, f, v, groups[g]);
                this._paintStyle(ctx, style, groups[g]);
            }
        }
        ctx.globalAlpha = 1;
    },

    // The topmost feature under latlng, or -1.
    _hit: function (latlng) {
        var d = this._data;
        if (!d || !d.xy || !this._map) return -1;
        var w = d.project(latlng.lng, latlng.lat), x = w[0], y = w[1];
        var scale = this._map.options.crs.scale(this._map.getZoom()), tol = HIT_PX / scale;
        var g = d.grid, a = d.a, box = d.box, best = -1;
        var cx0 = Math.max(0, Math.floor((x - tol - g.x0) / g.cw));
        var cx1 = Math.min(g.side - 1, Math.floor((x + tol - g.x0) / g.cw));
        var cy0 = Math.max(0, Math.floor((y - tol - g.y0) / g.ch));
        var cy1 = Math.min(g.side - 1, Math.floor((y + tol - g.y0) / g.ch));
        for (var cy = cy0; cy <= cy1; cy++) for (var cx = cx0; cx <= cx1; cx++) {
            var cell = cy * g.side + cx;
            for (var k = g.start[cell]; k < g.start[cell + 1]; k++) {
                var f = g.items[k];
                if (f <= best || x < box[4 * f] - tol || x > box[4 * f + 2] + tol
                    || y < box[4 * f + 1] - tol || y > box[4 * f + 3] + tol) continue;
                if (this._isDot(f, scale) || this._hitParts(f, x, y, tol, scale)) best = f;
            }
        }
        return best;
    },

    _hitParts: function (f, x, y, tol, scale) {
        var a = this._data.a, xy = this._data.xy, rv = a.ring_vertices, pr = a.part_rings;
        var weight = this._style(a.style[f]).weight / 2 / scale;
        for (var p = a.feature_parts[f]; p < a.feature_parts[f + 1]; p++) {
            var kind = a.part_kind[p], r0 = pr[p], r1 = pr[p + 1];
            if (kind === 3 && insideRings(xy, rv, r0, r1, x, y)) return true;
            if (kind === 2 && nearLine(xy, rv[r0], rv[r0 + 1], x, y, tol + weight)) return true;
            if (kind === 1) {
                var dx = xy[2 * rv[r0]] - x, dy = xy[2 * rv[r0] + 1] - y;
                if (Math.sqrt(dx * dx + dy * dy) <= (POINT_RADIUS + 2) / scale) return true;
            }
        }
        return false;
    },

    _tooltipHtml: function (f) {
        var rows = "", fields = this.options.fields, aliases = this.options.aliases;
        for (var i = 0; i < fields.length; i++) {
            var get = this._data.columns[fields[i]], v = get ? get(f) : null;
            rows += "<tr><th>" + aliases[i] + "</th><td>" + (v == null ? "" : v) + "</td></tr>";
        }
        return "<table>" + rows + "</table>";
    },

    _setHover: function (f, latlng) {
        if (f !== this._hover) {
            this._hover = f;
            if (this._map && this._data && this._view) this._paint();
        }
        if (f < 0 || !this.options.fields.length) {
            if (this._tooltip && this._tooltip._map) this._tooltip._map.removeLayer(this._tooltip);
            return;
        }
        if (!this._tooltip) this._tooltip = L.tooltip({sticky: true, direction: "auto"});
        if (this._tooltipFor !== f) {
            this._tooltip.setContent(this._tooltipHtml(f));
            this._tooltipFor = f;
        }
        this._tooltip.setLatLng(latlng);
        if (!this._tooltip._map) this._map.openTooltip(this._tooltip);
    },

    // Feature f as GeoJSON: its properties, and its geometry back in lon/lat.
    feature: function (f) {
        var d = this._data, h = d.header, a = d.a, q = a.coords, g = h.grid, props = {};
        for (var c = 0; c < d.names.length; c++) props[d.names[c]] = d.columns[d.names[c]](f);
        function point(i) {
            return [+((h.origin[0] + q[2 * i]) * g).toFixed(6),
                    +((h.origin[1] + q[2 * i + 1]) * g).toFixed(6)];
        }
        var shapes = [], rv = a.ring_vertices;
        for (var p = a.feature_parts[f]; p < a.feature_parts[f + 1]; p++) {
            var rings = [];
            for (var r = a.part_rings[p]; r < a.part_rings[p + 1]; r++) {
                var ring = [];
                for (var i = rv[r]; i < rv[r + 1]; i++) ring.push(point(i));
                if (a.part_kind[p] === 3) ring.push(ring[0]);
                rings.push(ring);
            }
            var kind = a.part_kind[p];
            shapes.push(kind === 3 ? {type: "Polygon", coordinates: rings}
                : kind === 2 ? {type: "LineString", coordinates: rings[0]}
                : {type: "Point", coordinates: rings[0][0]});
        }
        var geometry = shapes.length === 1
            ? shapes[0] : {type: "GeometryCollection", geometries: shapes};
        return {type: "Feature", properties: props, geometry: geometry};
    },

    _click: function (f, e) {
        var feature = this.feature(f);
        var clicked = {feature: feature, toGeoJSON: function () { return feature; }};
        this.fire("click", {latlng: e.latlng, layerPoint: e.layerPoint,
                            containerPoint: e.containerPoint, originalEvent: e.originalEvent,
                            layer: clicked}, true);
    }
});
L.GazaBinaryLayer.decode = decode;
