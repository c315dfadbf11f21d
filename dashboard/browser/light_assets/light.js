/* Gaza Ceasefire Map, light version: draws window.LIGHT_DATA (dashboard/browser/light_data.py)
   with Leaflet. No request leaves the page's host: the base map is bundled data, and the
   "Where am I?" answer is computed here, in UTM zone 36N, as `python -m dashboard distance`. */
(function () {
  "use strict";
  var D = window.LIGHT_DATA;
  var DAY_MS = 86400000;
  var DISTANCE_STEP_M = 10; // as dashboard/zones/distance.py rounds
  // The warning near the line: the app's rule, read from geodata/line-drift.json
  // (light_data.near_line_rule): on that side, within that distance.
  var NEAR_LINE = D.near_line;

  // --- UTM zone 36N (EPSG:32636): transverse Mercator on WGS 84, Krüger's series -------
  var A_WGS = 6378137.0, F_WGS = 1 / 298.257223563, K0 = 0.9996;
  var E0 = 500000.0, LON0 = 33 * Math.PI / 180; // zone 36: central meridian 33° E
  var N_ = F_WGS / (2 - F_WGS);
  var A_RECT = A_WGS / (1 + N_) * (1 + N_ * N_ / 4 + Math.pow(N_, 4) / 64);
  var ALPHA = [
    N_ / 2 - 2 * N_ * N_ / 3 + 5 * Math.pow(N_, 3) / 16,
    13 * N_ * N_ / 48 - 3 * Math.pow(N_, 3) / 5,
    61 * Math.pow(N_, 3) / 240
  ];
  var TWO_RT_N = 2 * Math.sqrt(N_) / (1 + N_);

  function atanh(x) { return 0.5 * Math.log((1 + x) / (1 - x)); }

  /** [easting, northing] in metres of a WGS 84 latitude and longitude in degrees. */
  function toUtm(lat, lon) {
    var phi = lat * Math.PI / 180, dl = lon * Math.PI / 180 - LON0;
    var s = Math.sin(phi);
    var t = Math.sinh(atanh(s) - TWO_RT_N * atanh(TWO_RT_N * s));
    var xi = Math.atan2(t, Math.cos(dl));
    var eta = atanh(Math.sin(dl) / Math.sqrt(1 + t * t));
    var x = eta, y = xi;
    for (var j = 1; j <= 3; j++) {
      x += ALPHA[j - 1] * Math.cos(2 * j * xi) * Math.sinh(2 * j * eta);
      y += ALPHA[j - 1] * Math.sin(2 * j * xi) * Math.cosh(2 * j * eta);
    }
    return [E0 + K0 * A_RECT * x, K0 * A_RECT * y];
  }

  /** The inverse of toUtm, by Newton's method on it (a few steps reach a millimetre). */
  function fromUtm(e, n) {
    var lat = 31.4, lon = 34.4, h = 1e-6;
    for (var i = 0; i < 6; i++) {
      var p = toUtm(lat, lon), pl = toUtm(lat + h, lon), po = toUtm(lat, lon + h);
      var a = (pl[0] - p[0]) / h, b = (po[0] - p[0]) / h, c = (pl[1] - p[1]) / h, d = (po[1] - p[1]) / h;
      var de = e - p[0], dn = n - p[1], det = a * d - b * c;
      lat += (d * de - b * dn) / det;
      lon += (a * dn - c * de) / det;
    }
    return [lat, lon];
  }

  // --- geometry decoding (see light_data.py: parts of delta-encoded rings) ---------------
  function decodeRing(flat, scale) {
    var out = [], x = 0, y = 0;
    for (var i = 0; i < flat.length; i += 2) { x += flat[i]; y += flat[i + 1]; out.push([x * scale, y * scale]); }
    return out;
  }
  var shapeCache = {}, metricCache = {};
  /** Leaflet latlngs (parts of rings) of display shape i. */
  function shape(i) {
    if (shapeCache[i]) return shapeCache[i];
    var parts = D.shapes[i].map(function (rings) {
      return rings.map(function (r) { return decodeRing(r, D.grid_deg).map(function (p) { return [p[1], p[0]]; }); });
    });
    return (shapeCache[i] = parts);
  }
  /** Flat list of rings or lines [[x, y]...] in metres of metric geometry i. */
  function metric(i) {
    if (i === null || i === undefined) return null;
    if (metricCache[i]) return metricCache[i];
    var rings = [];
    D.metric[i].forEach(function (part) { part.forEach(function (r) { rings.push(decodeRing(r, D.metric_step_m)); }); });
    return (metricCache[i] = rings);
  }

  // --- measuring ---------------------------------------------------------------------
  function inside(rings, x, y) { // even-odd over every ring: holes count out
    var c = false;
    rings.forEach(function (r) {
      for (var i = 0, j = r.length - 1; i < r.length; j = i++) {
        var xi = r[i][0], yi = r[i][1], xj = r[j][0], yj = r[j][1];
        if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) c = !c;
      }
    });
    return c;
  }
  function nearest(lines, x, y) { // the nearest point of any segment, and its distance
    var best = { d: Infinity, x: 0, y: 0 };
    lines.forEach(function (l) {
      for (var i = 1; i < l.length; i++) {
        var ax = l[i - 1][0], ay = l[i - 1][1], dx = l[i][0] - ax, dy = l[i][1] - ay;
        var len = dx * dx + dy * dy, t = len ? ((x - ax) * dx + (y - ay) * dy) / len : 0;
        t = Math.max(0, Math.min(1, t));
        var px = ax + t * dx, py = ay + t * dy, d = Math.hypot(x - px, y - py);
        if (d < best.d) best = { d: d, x: px, y: py };
      }
    });
    return best;
  }
  function rounded(m) { return Math.floor(m / DISTANCE_STEP_M + 0.5) * DISTANCE_STEP_M; }

  /** Where (lat, lon) stands against version v's line: the command line's answer. */
  function measure(v, lat, lon) {
    if (!v.measure) return { error: "no_line" };
    var p = toUtm(lat, lon), m = v.measure;
    if (!inside(metric(m.strip), p[0], p[1])) return { error: "outside" };
    var near = nearest(metric(m.line), p[0], p[1]);
    var ll = fromUtm(near.x, near.y);
    var orange = null;
    if (m.orange !== null && m.orange !== undefined) {
      var o = metric(m.orange);
      orange = inside(o, p[0], p[1]) ? 0 : rounded(nearest(o, p[0], p[1]).d);
    }
    return {
      side: inside(metric(m.held), p[0], p[1]) ? "held" : "other",
      distance_m: rounded(near.d),
      exact_m: near.d,
      nearest_lat: Math.round(ll[0] * 1e4) / 1e4,
      nearest_lon: Math.round(ll[1] * 1e4) / 1e4,
      nearest: ll,
      orange_distance_m: orange
    };
  }

  // Zone texts travel as indices into D.strings (they repeat from version to version).
  D.versions.forEach(function (v) {
    v.zones.forEach(function (z) {
      ["name", "name_ar", "description", "description_ar"].forEach(function (k) {
        if (typeof z[k] === "number") z[k] = D.strings[z[k]];
      });
    });
  });

  // --- state, address ------------------------------------------------------------------
  function parseDay(s) { var p = s.split("-"); return Date.UTC(+p[0], +p[1] - 1, +p[2]); }
  function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }
  var ground = D.versions.filter(function (v) { return v.track === D.ground_track; });
  var plans = D.versions.filter(function (v) { return v.track !== D.ground_track; });
  var firstDay = parseDay(ground[0].from);
  var lastDay = parseDay(D.last_day);
  var state = { lang: "en", track: D.ground_track, day: lastDay, lat: null, lon: null, z: null, pt: null };

  function readAddress() {
    var h = new URLSearchParams(location.hash.replace(/^#/, ""));
    if (h.get("lang") === "ar") state.lang = "ar";
    if (h.get("track") && D.versions.some(function (v) { return v.track === h.get("track"); })) state.track = h.get("track");
    if (/^\d{4}-\d{2}-\d{2}$/.test(h.get("at") || "")) state.day = Math.min(lastDay, Math.max(firstDay, parseDay(h.get("at"))));
    var lat = parseFloat(h.get("lat")), lon = parseFloat(h.get("lon")), z = parseInt(h.get("z"), 10);
    if (isFinite(lat) && isFinite(lon)) { state.lat = lat; state.lon = lon; }
    if (isFinite(z)) state.z = z;
    var pt = (h.get("pt") || "").split(",").map(parseFloat);
    if (pt.length === 2 && isFinite(pt[0]) && isFinite(pt[1])) state.pt = pt;
  }
  function writeAddress() {
    var c = map.getCenter();
    var parts = ["at=" + iso(state.day)];
    if (state.track !== D.ground_track) parts.push("track=" + state.track);
    parts.push("lat=" + c.lat.toFixed(4), "lon=" + c.lng.toFixed(4), "z=" + map.getZoom());
    if (state.pt) parts.push("pt=" + state.pt[0].toFixed(5) + "," + state.pt[1].toFixed(5));
    if (state.lang !== "en") parts.push("lang=" + state.lang);
    history.replaceState(null, "", "#" + parts.join("&"));
  }

  function versionShown() {
    if (state.track !== D.ground_track) return plans.filter(function (v) { return v.track === state.track; })[0];
    var day = iso(state.day), found = ground[0];
    ground.forEach(function (v) { if (v.from <= day) found = v; });
    return found;
  }

  // --- texts -----------------------------------------------------------------------------
  function t(key, values) {
    var s = D.texts[state.lang][key] || D.texts.en[key] || key;
    Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
    return s;
  }
  var MONTHS = {
    en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    ar: ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
  };
  function dayText(isoDay) {
    var p = isoDay.split("-");
    return (+p[2]) + " " + MONTHS[state.lang][+p[1] - 1] + " " + p[0];
  }
  function metres(m) {
    // Two decimals of a kilometre: the 10 m the distance is rounded to.
    return m >= 1000 ? t("light.kilometres", { n: (m / 1000).toFixed(2) }) : t("light.metres", { n: m });
  }
  function el(tag, text, cls) { var e = document.createElement(tag); if (text) e.textContent = text; if (cls) e.className = cls; return e; }
  function $(id) { return document.getElementById(id); }
  function local(obj, field) { return (state.lang !== "en" && obj[field + "_" + state.lang]) || obj[field] || ""; }

  // --- the map ---------------------------------------------------------------------------
  readAddress();
  var map = L.map("map", { preferCanvas: true, zoomSnap: 1, attributionControl: false })
    .setView(state.lat !== null ? [state.lat, state.lon] : [31.41, 34.39], state.z !== null ? state.z : 10);
  if (state.lat === null) map.fitBounds([[31.215, 34.2], [31.605, 34.585]]);
  var C = D.colours;
  function polygons(indices, style) {
    var group = L.featureGroup();
    indices.forEach(function (i) { if (i !== null) shape(i).forEach(function (rings) { L.polygon(rings, style).addTo(group); }); });
    return group;
  }
  function lines(i, style) {
    var group = L.featureGroup();
    if (i !== null && i !== undefined) shape(i).forEach(function (part) { part.forEach(function (l) { L.polyline(l, style).addTo(group); }); });
    return group;
  }
  polygons(D.base.land, { stroke: false, fillColor: C.land, fillOpacity: 1, interactive: false }).addTo(map);
  D.base.borders.forEach(function (i) { lines(i, { color: "#8C8579", weight: 1, dashArray: "4 3", interactive: false }).addTo(map); });
  polygons(D.base.strip, { color: C.ink, weight: 2, fillColor: C.strip, fillOpacity: 1, interactive: false }).addTo(map);
  var labelLayer = L.layerGroup().addTo(map);
  var zonesLayer = L.layerGroup().addTo(map);
  var crossingLayer = L.layerGroup().addTo(map);
  var answerLayer = L.layerGroup().addTo(map);

  function drawLabels() {
    labelLayer.clearLayers();
    D.base.labels.forEach(function (p) {
      L.marker([p.lat, p.lon], { interactive: false, icon: L.divIcon({ className: "place-label", html: "", iconSize: null }) })
        .addTo(labelLayer).getElement().textContent = local(p, "name");
    });
  }

  var tappedZone = null;
  function zoneDetails(z) {
    var box = el("div");
    box.appendChild(el("strong", local(z, "name") || t("category." + z.zone)));
    box.appendChild(el("div", t("category." + z.zone)));
    if (local(z, "description")) box.appendChild(el("div", local(z, "description")));
    box.appendChild(el("div", t("light.as_of", { date: dayText(z.as_of) }) + " · " +
      t("light.confidence", { level: t("details.confidence." + z.conf) }), "src"));
    if (z.src !== null) box.appendChild(el("div", D.strings[z.src], "src"));
    return box;
  }

  function drawZones(v) {
    zonesLayer.clearLayers();
    v.zones.forEach(function (z) {
      var orange = z.restriction === "orange";
      var style = orange
        ? { color: C.orange, weight: 2, dashArray: "6 4", fillColor: C.orange, fillOpacity: 0.35 }
        : { color: "#FFFFFF", weight: 1, fillColor: C[z.zone] || "#555", fillOpacity: 0.55 };
      shape(z.g).forEach(function (rings) {
        // A tap measures (the map's click, below) and names the zone under the finger.
        L.polygon(rings, style).on("click", function () { tappedZone = z; }).addTo(zonesLayer);
      });
    });
    lines(v.line, { color: C.line, weight: 4, interactive: false }).addTo(zonesLayer);
    document.body.setAttribute("data-version", v.id);
  }

  function statusOn(c, day) {
    var found = null;
    c.history.forEach(function (p) { if (p.from <= day && (!p.to || day < p.to)) found = p; });
    return found;
  }
  function drawCrossings(day) {
    crossingLayer.clearLayers();
    var list = $("crossings"); list.textContent = "";
    (D.crossings || []).forEach(function (c) {
      var p = statusOn(c, day);
      var status = p ? t("details.status." + p.status) : t("light.not_reported");
      L.circleMarker([c.lat, c.lon], { radius: 7, color: "#fff", weight: 2, fillColor: C.ink, fillOpacity: 1 })
        .bindPopup(local(c, "name") + ": " + status).addTo(crossingLayer);
      var li = el("li"); li.appendChild(el("strong", local(c, "name") + ": "));
      li.appendChild(document.createTextNode(status));
      if (p) li.appendChild(el("div", p.source, "src"));
      list.appendChild(li);
    });
  }

  function drawEvents(day) {
    var list = $("events"); list.textContent = "";
    var events = D.events || [];
    var shown = events.filter(function (e) { return e.day === day; });
    var title = t("light.events", { date: dayText(day) });
    if (!shown.length) {
      var before = events.filter(function (e) { return e.day < day; });
      if (before.length) {
        var last = before[before.length - 1].day;
        shown = before.filter(function (e) { return e.day === last; });
        list.appendChild(el("li", t("light.no_events", { date: dayText(last) }), "note"));
      }
    }
    $("events-title").textContent = title;
    shown.forEach(function (e) {
      var li = el("li"); li.appendChild(el("div", local(e, "title")));
      li.appendChild(el("div", e.source + (e.single ? " ★ " + t("event.single_source") : ""), "src"));
      list.appendChild(li);
    });
  }

  function drawSources(v) {
    var list = $("sources"); list.textContent = "";
    var seen = {};
    v.zones.forEach(function (z) {
      if (z.src === null || seen[z.src]) return;
      seen[z.src] = true;
      list.appendChild(el("li", D.strings[z.src], "src"));
    });
  }

  function drawLegend(v) {
    var list = $("legend"); list.textContent = "";
    function item(cls, colour, text) {
      var li = el("li"), sw = el("span", "", "swatch " + cls);
      if (cls === "orange") sw.style.borderColor = colour;  // a dashed outline, as drawn
      else if (colour) sw.style.background = colour;
      li.appendChild(sw); li.appendChild(document.createTextNode(text)); list.appendChild(li);
    }
    D.categories.forEach(function (c) { item("", C[c], t("category." + c)); });
    item("line", C.line, t("legend.yellow_line"));
    if (v.zones.some(function (z) { return z.restriction === "orange"; })) item("orange", C.orange, t("light.orange"));
    item("", C.ink, t("legend.crossing"));
  }

  // --- "Where am I?" -------------------------------------------------------------------------
  function answer(lat, lon, zone) {
    state.pt = [lat, lon];
    var v = versionShown(), r = measure(v, lat, lon), box = $("answer");
    box.textContent = ""; answerLayer.clearLayers();
    L.circleMarker([lat, lon], { radius: 7, color: "#fff", weight: 3, fillColor: "#000", fillOpacity: 1 }).addTo(answerLayer);
    box.setAttribute("data-lat", lat); box.setAttribute("data-lon", lon);
    if (r.error) {
      box.setAttribute("data-side", ""); box.setAttribute("data-distance", "");
      box.appendChild(el("p", t(r.error === "outside" ? "light.outside" : "light.no_line")));
      writeAddress();
      return;
    }
    L.polyline([[lat, lon], r.nearest], { color: "#000", weight: 3, dashArray: "5 4" }).addTo(answerLayer);
    box.setAttribute("data-side", r.side); box.setAttribute("data-distance", r.distance_m);
    box.setAttribute("data-nearest", r.nearest_lat + "," + r.nearest_lon);
    box.setAttribute("data-orange", r.orange_distance_m === null ? "" : r.orange_distance_m);
    box.appendChild(el("p", t("light.side." + r.side), "side"));
    box.appendChild(el("p", t("light.distance", { distance: metres(r.distance_m), date: dayText(v.from) })));
    if (r.orange_distance_m !== null) {
      box.appendChild(el("p", t("light.orange_distance", { distance: metres(r.orange_distance_m) })));
    }
    if (r.side === NEAR_LINE.side && r.distance_m <= NEAR_LINE.warn_within_m) {
      box.appendChild(el("p", t("light.drift"), "warn"));
    }
    box.appendChild(el("p", t("light.measure_note"), "note"));
    if (zone) box.appendChild(zoneDetails(zone));
    writeAddress();
  }

  function locate() {
    var box = $("answer");
    if (!navigator.geolocation) { box.textContent = t("light.no_location", { reason: "—" }); return; }
    box.textContent = t("light.locating");
    navigator.geolocation.getCurrentPosition(function (pos) {
      answer(pos.coords.latitude, pos.coords.longitude);
      map.setView([pos.coords.latitude, pos.coords.longitude], Math.max(map.getZoom(), 13));
    }, function (err) {
      box.textContent = t("light.no_location", { reason: err.message || err.code });
    }, { enableHighAccuracy: true, timeout: 30000, maximumAge: 60000 });
  }

  // --- the page's text and the date control ------------------------------------------------------
  function fillTracks() {
    var sel = $("track"); sel.textContent = "";
    var opt = el("option", t("light.ground")); opt.value = D.ground_track; sel.appendChild(opt);
    plans.forEach(function (v) { var o = el("option", local(v, "label")); o.value = v.track; sel.appendChild(o); });
    sel.value = state.track;
  }

  function render() {
    var v = versionShown(), day = iso(state.day);
    var planned = state.track !== D.ground_track;
    $("day").disabled = planned;
    $("day").value = Math.round((state.day - firstDay) / DAY_MS);
    $("shown-date").textContent = planned ? local(v, "label") : dayText(day);
    $("in-force").textContent = t("light.in_force", { label: local(v, "label") });
    $("last-mapped").textContent = planned ? t("light.planned_note") : t("light.last_mapped", {
      date: dayText(v.from), kind: t("kind." + v.kind + ".short"), last_public: dayText(D.last_public_map)
    });
    drawZones(v); drawLegend(v); drawSources(v);
    var eventsDay = planned ? v.from : day;
    drawEvents(eventsDay); drawCrossings(eventsDay);
    $("crossings-title").textContent = t("light.crossings", { date: dayText(eventsDay) });
    if (state.pt) answer(state.pt[0], state.pt[1]); else writeAddress();
  }

  function renderTexts() {
    var html = document.documentElement;
    html.lang = state.lang; html.dir = state.lang === "ar" ? "rtl" : "ltr";
    document.title = t("page.title");
    $("title").textContent = t("page.title");
    $("lang").textContent = t("light.language");
    $("lang").lang = state.lang === "ar" ? "en" : "ar";
    $("subtitle").textContent = t("light.subtitle");
    $("show-label").textContent = t("light.show");
    $("date-label").textContent = t("light.date");
    $("earlier").setAttribute("aria-label", t("light.earlier"));
    $("later").setAttribute("aria-label", t("light.later"));
    $("where").textContent = t("light.where");
    $("where-hint").textContent = t("light.where_hint");
    $("legend-title").textContent = t("light.legend");
    $("notice").textContent = t("caption.notice");
    $("sources-title").textContent = t("light.sources");
    $("tolerance").textContent = t("light.tolerance", { tolerance: D.tolerance_m });
    $("base-note").textContent = t("light.base");
    fillTracks(); drawLabels(); render();
  }

  function step(direction) {
    var day = iso(state.day), starts = ground.map(function (v) { return v.from; });
    var target = direction < 0
      ? starts.filter(function (s) { return s < versionShown().from; }).pop()
      : starts.filter(function (s) { return s > day; })[0];
    if (target) { state.track = D.ground_track; state.day = parseDay(target); $("track").value = state.track; render(); }
  }

  $("day").max = Math.round((lastDay - firstDay) / DAY_MS);
  $("day").addEventListener("input", function () { state.day = firstDay + (+this.value) * DAY_MS; render(); });
  $("track").addEventListener("change", function () { state.track = this.value; render(); });
  $("earlier").addEventListener("click", function () { step(-1); });
  $("later").addEventListener("click", function () { step(1); });
  $("where").addEventListener("click", locate);
  $("lang").addEventListener("click", function () { state.lang = state.lang === "ar" ? "en" : "ar"; renderTexts(); });
  map.on("click", function (e) { answer(e.latlng.lat, e.latlng.lng, tappedZone); tappedZone = null; });
  map.on("moveend", writeAddress);
  window.addEventListener("hashchange", function () { // a link followed inside the page
    state.pt = null;
    readAddress();
    if (state.lat !== null) map.setView([state.lat, state.lon], state.z !== null ? state.z : map.getZoom());
    renderTexts();
  });
  // For tests and for whoever embeds the page: the same answers as the page gives.
  window.lightPage = {
    measure: function (lat, lon) { return measure(versionShown(), lat, lon); },
    drawn: function () { return zonesLayer.getLayers().filter(function (l) { return l.options.fill !== false; })
      .map(function (l) { return l.options.fillColor; }); },
    toUtm: toUtm, fromUtm: fromUtm
  };
  renderTexts();
  document.body.setAttribute("data-ready", "1");
  // Served as a folder, the timeline (events, crossings) comes after the map is drawn.
  if (D.timeline_src && !D.events) {
    var more = document.createElement("script");
    more.src = D.timeline_src;
    more.onload = function () {
      D.events = window.LIGHT_TIMELINE.events; D.crossings = window.LIGHT_TIMELINE.crossings;
      render();
      document.body.setAttribute("data-timeline", "1");
    };
    document.body.appendChild(more);
  }
  // When the zones are on screen (two frames later), for bench/light.py.
  requestAnimationFrame(function () {
    requestAnimationFrame(function () { document.body.setAttribute("data-drawn-ms", Math.round(performance.now())); });
  });
})();
