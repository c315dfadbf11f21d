// The canvas layer's data: the binary payload decoded, projected and indexed, and the
// geometry tests of hover and click. Pasted by dashboard/browser/canvas_layer.py, with
// canvas_layer.js after it, inside one function: the two share its variables.
var PAD = 0.3, DOT_PX = 2, HIT_PX = 4, POINT_RADIUS = 3, MAX_LAT = 85.0511287798;
var TYPES = {u8: Uint8Array, u16: Uint16Array, u32: Uint32Array};
var DEFAULTS = {stroke: true, color: "#3388ff", weight: 3, opacity: 1, fill: true,
                fillOpacity: 0.2, dashArray: null};

function column(values) {
    if (Array.isArray(values)) return function (f) { return values[f]; };
    if (values.codes) return function (f) { return values.values[values.codes[f]]; };
    return function (f) { return values.prefix + values.values[f]; };
}

// The payload of dashboard/browser/binary_geometry.py as typed arrays (no copy).
function decode(buffer) {
    var start = performance.now(), bytes = new Uint8Array(buffer);
    if (String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) !== "GZB1") {
        throw new Error("not a binary layer");
    }
    var length = new DataView(buffer).getUint32(4, true), text = new TextDecoder();
    var header = JSON.parse(text.decode(bytes.subarray(8, 8 + length)));
    var a = {}, s = header.sections;
    for (var name in s) a[name] = new TYPES[s[name][0]](buffer, s[name][1], s[name][2]);
    var raw = JSON.parse(text.decode(a.properties)), columns = {};
    for (var i = 0; i < raw.columns.length; i++) columns[raw.columns[i]] = column(raw.values[i]);
    return {header: header, a: a, columns: columns, names: raw.columns,
            decodeMs: performance.now() - start};
}

function mercator(lon, lat) {
    lat = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI / 180;
    return [lon / 360 + 0.5, 0.5 - Math.log(Math.tan(Math.PI / 4 + lat / 2)) / (2 * Math.PI)];
}

// World coordinates (the map's projection at zoom 0, divided by its scale), the boxes and
// the grid index: once per layer.
function prepare(d, crs) {
    var start = performance.now(), h = d.header, a = d.a, n = h.count, g = h.grid;
    var ox = h.origin[0], oy = h.origin[1], q = a.coords, nv = q.length / 2;
    var project = crs === L.CRS.EPSG3857 ? mercator : function (lon, lat) {
        var p = crs.latLngToPoint(L.latLng(lat, lon), 0), s = crs.scale(0);
        return [p.x / s, p.y / s];
    };
    var xy = new Float64Array(2 * nv), box = new Float64Array(4 * n), p, i;
    for (i = 0; i < nv; i++) {
        p = project((ox + q[2 * i]) * g, (oy + q[2 * i + 1]) * g);
        xy[2 * i] = p[0]; xy[2 * i + 1] = p[1];
    }
    var b = a.bbox, gx0 = Infinity, gy0 = Infinity, gx1 = -Infinity, gy1 = -Infinity;
    for (i = 0; i < n; i++) {
        var lo = project((ox + b[4 * i]) * g, (oy + b[4 * i + 1]) * g);
        var hi = project((ox + b[4 * i + 2]) * g, (oy + b[4 * i + 3]) * g);
        box[4 * i] = lo[0]; box[4 * i + 1] = hi[1]; box[4 * i + 2] = hi[0]; box[4 * i + 3] = lo[1];
        gx0 = Math.min(gx0, lo[0]); gy0 = Math.min(gy0, hi[1]);
        gx1 = Math.max(gx1, hi[0]); gy1 = Math.max(gy1, lo[1]);
    }
    // Features by style, in their order: one path per style when drawing.
    var styles = h.styles.length, counts = new Uint32Array(styles + 1), st = a.style;
    for (i = 0; i < n; i++) counts[st[i] + 1]++;
    for (i = 0; i < styles; i++) counts[i + 1] += counts[i];
    var byStyle = new Uint32Array(n), fill = counts.slice(0, styles);
    for (i = 0; i < n; i++) byStyle[fill[st[i]]++] = i;
    // A grid over the layer: each cell lists the features whose box meets it.
    var side = Math.max(16, Math.min(512, Math.ceil(Math.sqrt(n)))), cells = side * side;
    var cw = (gx1 - gx0) / side || 1e-12, ch = (gy1 - gy0) / side || 1e-12;
    var cellStart = new Uint32Array(cells + 1), spans = new Int32Array(4 * n);
    function cellsOf(f) {
        spans[4 * f] = Math.min(side - 1, Math.floor((box[4 * f] - gx0) / cw));
        spans[4 * f + 1] = Math.min(side - 1, Math.floor((box[4 * f + 1] - gy0) / ch));
        spans[4 * f + 2] = Math.min(side - 1, Math.floor((box[4 * f + 2] - gx0) / cw));
        spans[4 * f + 3] = Math.min(side - 1, Math.floor((box[4 * f + 3] - gy0) / ch));
    }
    var f, x, y, total = 0;
    for (f = 0; f < n; f++) {
        cellsOf(f);
        for (y = spans[4 * f + 1]; y <= spans[4 * f + 3]; y++)
            for (x = spans[4 * f]; x <= spans[4 * f + 2]; x++) {
                cellStart[y * side + x + 1]++;
                total++;
            }
    }
    for (i = 0; i < cells; i++) cellStart[i + 1] += cellStart[i];
    var cellItems = new Uint32Array(total), next = cellStart.slice(0, cells);
    for (f = 0; f < n; f++)
        for (y = spans[4 * f + 1]; y <= spans[4 * f + 3]; y++)
            for (x = spans[4 * f]; x <= spans[4 * f + 2]; x++) cellItems[next[y * side + x]++] = f;
    d.xy = xy; d.box = box; d.byStyle = byStyle; d.styleStart = counts;
    d.grid = {x0: gx0, y0: gy0, cw: cw, ch: ch, side: side, start: cellStart, items: cellItems};
    d.project = project; d.prepareMs = performance.now() - start;
}

function insideRings(xy, rv, r0, r1, x, y) {
    var inside = false;
    for (var r = r0; r < r1; r++) {
        for (var i = rv[r], j = rv[r + 1] - 1; i < rv[r + 1]; j = i++) {
            var xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
            if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                inside = !inside;
            }
        }
    }
    return inside;
}

function nearLine(xy, from, to, x, y, tol) {
    for (var i = from; i + 1 < to; i++) {
        var ax = xy[2 * i], ay = xy[2 * i + 1], dx = xy[2 * i + 2] - ax, dy = xy[2 * i + 3] - ay;
        var along = dx || dy ? ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy) : 0;
        var t = Math.max(0, Math.min(1, along));
        var ex = ax + t * dx - x, ey = ay + t * dy - y;
        if (ex * ex + ey * ey <= tol * tol) return true;
    }
    return false;
}

function dashes(style) {
    return style.dashArray ? String(style.dashArray).split(/[ ,]+/).map(Number) : [];
}
