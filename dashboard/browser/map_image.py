"""A PNG of the map as shown, made by the browser, with its caption under it.

No package renders a Leaflet map to an image offline, and the server never sees what the
browser drew (the view, the layers fetched apart). So the browser composes it: the map's
background colour, then every pane in stacking order (SVG layers as images, canvas layers
copied, same-origin tiles), the labels and the scale bar as text, and under the map a
caption band with the title, what is shown and when, the "last mapped" note (when the
version shown is old on the date shown), the approximation notice, the legend and the
sources. Online tiles from another server cannot be copied into an image the page
may save, so they are left out, and the caption says so.

The caption changes with the page (the date, the sources) while the button must not (a
change to the base map re-mounts it), so the caption travels in its own small layer group
(:func:`caption_group`) that sets it on the map.
"""

from __future__ import annotations

import hashlib

import folium
from branca.element import MacroElement
from jinja2 import Template

from dashboard.browser.elements import map_name
from dashboard.browser.escaping import script_json
from dashboard.browser.export import MapCaption, readable_source
from dashboard.browser.map_words import ENGLISH_WORDS

IMAGE_SCALE = 2  # pixels per CSS pixel: sharp when printed or zoomed


class PngButton(MacroElement):
    """A button under the map's other tools that saves the map as a PNG with its caption."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function (map) {
    var texts = {{ this.texts }};
    var control = L.control({position: "topleft"});
    control.onAdd = function () {
        var bar = L.DomUtil.create("div", "leaflet-bar leaflet-control");
        var button = L.DomUtil.create("a", "png-button", bar);
        button.href = "#";
        button.setAttribute("role", "button");
        button.setAttribute("data-word", "png");  // its word in the page's language: map_words
        button.title = button.ariaLabel = (map._words && map._words.png) || texts.button;
        // A picture frame with a mountain and a sun, drawn (no icon font needed).
        button.innerHTML = '<svg width="16" height="16" viewBox="0 0 16 16" fill="none" '
            + 'stroke="currentColor" stroke-width="1.6" aria-hidden="true" '
            + 'style="margin-top:7px"><rect x="1" y="2.5" width="14" height="11" rx="1"/>'
            + '<path d="M2 12l4-4.5 3 3 2-2 3 3.5"/><circle cx="11" cy="6" r="1.3"/></svg>';
        L.DomEvent.disableClickPropagation(bar);
        L.DomEvent.on(button, "click", function (event) {
            L.DomEvent.preventDefault(event);
            if (button.dataset.busy) return;
            button.dataset.busy = "1";
            button.style.opacity = 0.5;
            compose().then(save).catch(function (e) { console.warn(e); }).then(function () {
                delete button.dataset.busy;
                button.style.opacity = "";
            });
        });
        return bar;
    };
    control.addTo(map);

    function box(el, origin) {
        var r = el.getBoundingClientRect();
        return {x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height};
    }
    function visible(el) {
        var s = getComputedStyle(el);
        return s.display !== "none" && s.visibility !== "hidden" && +s.opacity > 0;
    }
    function svgImage(svg) {
        var copy = svg.cloneNode(true), r = svg.getBoundingClientRect();
        copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
        // Its place on the map is given by where it is drawn, not by its own CSS.
        copy.removeAttribute("style");
        copy.setAttribute("width", r.width);
        copy.setAttribute("height", r.height);
        var text = new XMLSerializer().serializeToString(copy);
        return new Promise(function (resolve) {
            var img = new Image();
            img.onload = function () { resolve(img); };
            img.onerror = function () { resolve(null); };
            img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
        });
    }
    function wrap(ctx, text, width) {
        var words = String(text).split(/\\s+/), lines = [], line = "";
        words.forEach(function (word) {
            var next = line ? line + " " + word : word;
            if (line && ctx.measureText(next).width > width) { lines.push(line); line = word; }
            else { line = next; }
        });
        if (line) lines.push(line);
        return lines;
    }
    function labelText(ctx, el, origin) {
        if (!visible(el) || el.querySelector("table")) return;  // hover tooltips: not labels
        var b = box(el, origin), s = getComputedStyle(el);
        var bg = s.backgroundColor;
        if (bg && bg !== "transparent" && !/rgba\\(.*,\\s*0\\)$/.test(bg)) {
            ctx.fillStyle = bg;
            ctx.fillRect(b.x, b.y, b.w, b.h);
        }
        ctx.font = s.fontWeight + " " + s.fontSize + " " + s.fontFamily;
        ctx.textBaseline = "middle";
        ctx.direction = s.direction;
        ctx.textAlign = s.direction === "rtl" ? "right" : "left";
        var x = s.direction === "rtl" ? b.x + b.w - parseFloat(s.paddingRight)
            : b.x + parseFloat(s.paddingLeft);
        var lines = el.innerText.split("\\n"), step = b.h / Math.max(lines.length, 1);
        lines.forEach(function (line, i) {
            var y = b.y + step * (i + 0.5);
            if (s.textShadow && s.textShadow !== "none") {
                ctx.strokeStyle = "rgba(255,255,255,0.9)";
                ctx.lineWidth = 3;
                ctx.strokeText(line, x, y);
            }
            ctx.fillStyle = s.color;
            ctx.fillText(line, x, y);
        });
    }
    function scaleBars(ctx, origin) {
        var lines = map.getContainer().querySelectorAll(".leaflet-control-scale-line");
        Array.prototype.forEach.call(lines, function (el) {
            var b = box(el, origin), s = getComputedStyle(el);
            ctx.fillStyle = "rgba(255,255,255,0.7)";
            ctx.fillRect(b.x, b.y, b.w, b.h);
            ctx.strokeStyle = "#333";
            ctx.lineWidth = 2;
            ctx.beginPath();
            ctx.moveTo(b.x + 1, b.y);
            ctx.lineTo(b.x + 1, b.y + b.h - 1);
            ctx.lineTo(b.x + b.w - 1, b.y + b.h - 1);
            ctx.lineTo(b.x + b.w - 1, b.y);
            ctx.stroke();
            ctx.fillStyle = "#333";
            ctx.font = s.fontSize + " " + s.fontFamily;
            ctx.textBaseline = "middle";
            ctx.textAlign = "left";
            ctx.fillText(el.textContent, b.x + 5, b.y + b.h / 2);
        });
    }
    function captionHeight(ctx, caption, width) {
        return caption ? layoutCaption(ctx, caption, width, false) : 0;
    }
    // Lays out (and with draw, draws) the caption band; returns its height.
    function layoutCaption(ctx, caption, width, draw, top) {
        var pad = 12, y = (top || 0) + pad, inner = width - 2 * pad, rtl = !!caption.rtl;
        // Laid out left to right, mirrored for a right-to-left language.
        function at(x, w) { return rtl ? width - x - (w || 0) : x; }
        // Each text in its own direction (from its first strong letter, like dir="auto"),
        // so an English source in an Arabic caption keeps its punctuation in place.
        function direction(line) {
            var m = /[A-Za-z\u00c0-\u024f]|[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/
                .exec(line);
            return m && !/[A-Za-z\u00c0-\u024f]/.test(m[0]) ? "rtl" : "ltr";
        }
        function text(line, x, ty) {
            ctx.direction = direction(line);
            ctx.textAlign = rtl ? "right" : "left";
            ctx.textBaseline = "top";
            ctx.fillText(line, at(x), ty);
        }
        function para(words, font, colour, gap) {
            ctx.font = font;
            wrap(ctx, words, inner).forEach(function (line) {
                if (draw) {
                    ctx.fillStyle = colour;
                    text(line, pad, y);
                }
                y += gap;
            });
        }
        para(caption.title, "bold 16px system-ui, sans-serif", "#1F2328", 21);
        para(caption.shown, "bold 13px system-ui, sans-serif", "#1F2328", 18);
        if (caption.lastMapped) {
            para(caption.lastMapped, "12px system-ui, sans-serif", "#8A3B00", 16);
        }
        para(caption.notice, "12px system-ui, sans-serif", "#444", 16);
        y += 4;
        ctx.font = "12px system-ui, sans-serif";
        var x = pad;
        caption.legend.forEach(function (item) {
            var w = 26 + ctx.measureText(item.label).width + 14;
            if (x + w > width - pad && x > pad) { x = pad; y += 20; }
            if (draw) {
                if (item.line) {
                    ctx.strokeStyle = item.colour;
                    ctx.lineWidth = 3;
                    ctx.beginPath();
                    ctx.moveTo(at(x), y + 8);
                    ctx.lineTo(at(x + 20), y + 8);
                    ctx.stroke();
                } else {
                    ctx.fillStyle = item.colour;
                    ctx.globalAlpha = 0.8;
                    ctx.fillRect(at(x + 3, 14), y + 1, 14, 14);
                    ctx.globalAlpha = 1;
                }
                ctx.fillStyle = "#1F2328";
                text(item.label, x + 26, y + 2);
            }
            x += w;
        });
        y += 24;
        var sources = caption.sources.slice();
        if (caption.tilesLeftOut) sources.push(texts.tiles);
        para((caption.sourcesHeading || texts.sources) + ": " + sources.join(" · "),
            "11px system-ui, sans-serif", "#555", 15);
        if (caption.made) {  // when the image is made, in UTC: "2026-12-07 10:30 UTC"
            var now = new Date().toISOString();
            var when = now.slice(0, 10) + " " + now.slice(11, 16) + " UTC";
            para(caption.made.replace("{when}", when), "11px system-ui, sans-serif", "#555", 15);
        }
        return y + pad - (top || 0);
    }
    function compose() {
        var container = map.getContainer(), origin = container.getBoundingClientRect();
        var width = Math.round(origin.width), height = Math.round(origin.height);
        var caption = map._imageCaption ? Object.assign({}, map._imageCaption) : null;
        var canvas = document.createElement("canvas"), ctx = canvas.getContext("2d");
        var band = captionHeight(ctx, caption, width);
        canvas.width = width * {{ this.scale }};
        canvas.height = (height + band) * {{ this.scale }};
        ctx.scale({{ this.scale }}, {{ this.scale }});
        ctx.fillStyle = getComputedStyle(container).backgroundColor || "#fff";
        ctx.fillRect(0, 0, width, height);
        var panes = Array.prototype.slice.call(
            map.getPane("mapPane").querySelectorAll(".leaflet-pane"));
        panes = panes.filter(function (p) { return visible(p) && p !== map.getPane("tooltipPane")
            && p !== map.getPane("popupPane"); });
        panes.sort(function (a, b) {
            return (+getComputedStyle(a).zIndex || 0) - (+getComputedStyle(b).zIndex || 0);
        });
        var steps = [], tilesLeftOut = false;
        panes.forEach(function (pane) {
            var parts = pane.querySelectorAll("svg, canvas, img.leaflet-tile");
            Array.prototype.forEach.call(parts, function (el) {
                if (el.closest(".leaflet-pane") !== pane || !visible(el)) return;
                var tag = el.tagName.toLowerCase();
                if (tag === "img") {
                    if (new URL(el.src, location.href).origin !== location.origin) {
                        tilesLeftOut = true;
                        return;
                    }
                    steps.push(function () { var b = box(el, origin);
                        ctx.drawImage(el, b.x, b.y, b.w, b.h); });
                } else if (tag === "canvas") {
                    steps.push(function () { var b = box(el, origin);
                        ctx.drawImage(el, b.x, b.y, b.w, b.h); });
                } else if (!el.parentNode.closest("svg")) {
                    var image = svgImage(el), b = box(el, origin);
                    steps.push(function () {
                        return image.then(function (img) {
                            if (img) ctx.drawImage(img, b.x, b.y, b.w, b.h);
                        });
                    });
                }
            });
        });
        var chain = Promise.resolve();
        steps.forEach(function (step) { chain = chain.then(step); });
        return chain.then(function () {
            var labels = map.getPane("tooltipPane").querySelectorAll(".leaflet-tooltip");
            Array.prototype.forEach.call(labels, function (el) { labelText(ctx, el, origin); });
            scaleBars(ctx, origin);
            if (caption) {
                caption.tilesLeftOut = tilesLeftOut;
                ctx.fillStyle = "#fff";
                ctx.fillRect(0, height, width, band);
                ctx.fillStyle = "#d0d7de";
                ctx.fillRect(0, height, width, 1);
                layoutCaption(ctx, caption, width, true, height);
            }
            return {canvas: canvas, name: (caption && caption.file) || texts.file};
        });
    }
    function save(made) {
        return new Promise(function (resolve) {
            made.canvas.toBlob(function (blob) {
                var link = document.createElement("a");
                link.href = URL.createObjectURL(blob);
                link.download = made.name;
                document.body.appendChild(link);
                link.click();
                setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 2000);
                resolve();
            }, "image/png");
        });
    }
})({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "PngButton"
        self.scale = IMAGE_SCALE
        self.texts = script_json(
            {
                "button": ENGLISH_WORDS["png"],
                "file": "gaza-ceasefire-map.png",
                "sources": "Sources",
                "tiles": "online map tiles left out of this image",
            }
        )


class ImageCaption(MacroElement):
    """Sets the caption a PNG of the map carries (see :class:`PngButton`)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this.map_name() }}._imageCaption = {{ this.caption }};
{% endmacro %}
"""
    )

    def __init__(self, caption: MapCaption, file_name: str) -> None:
        super().__init__()
        self._name = "ImageCaption"
        self.caption = script_json(
            {
                "title": caption.title,
                "shown": caption.shown,
                "notice": caption.notice,
                "lastMapped": caption.last_mapped,
                "sources": [readable_source(line) for line in caption.sources],
                "made": caption.made_template,
                "legend": [
                    {"colour": colour, "label": label, "line": line}
                    for colour, label, line in caption.legend()
                ],
                "file": file_name,
                "sourcesHeading": caption.sources_heading,
                "rtl": caption.rtl,
            }
        )

    def map_name(self) -> str:
        """The JavaScript name of the map this element is drawn on."""
        return map_name(self)


MAX_NAME_STEM = 60  # characters of the PNG's name taken from what it shows


def image_file_name(shown: str) -> str:
    """A file name for the PNG, from what it shows (ASCII letters, digits and dashes):
    whole words only, as many as fit in :data:`MAX_NAME_STEM` characters."""
    stem = "".join(c if c.isascii() and c.isalnum() else "-" for c in shown.lower())
    kept: list[str] = []
    for word in (part for part in stem.split("-") if part):
        if len("-".join([*kept, word])) > MAX_NAME_STEM:
            break
        kept.append(word)
    stem = "-".join(kept)
    return f"gaza-ceasefire-map-{stem}.png" if stem else "gaza-ceasefire-map.png"


def caption_group(caption: MapCaption) -> folium.FeatureGroup:
    """A group with no features that gives the map the caption of its PNG."""
    group = folium.FeatureGroup(name="Caption", control=False)
    ImageCaption(caption, image_file_name(caption.shown)).add_to(group)
    return group


def caption_key(caption: MapCaption) -> tuple[str, str]:
    """The group key of a caption (its content): it is rebuilt only when it changes."""
    text = script_json(
        [
            caption.title,
            caption.shown,
            caption.notice,
            caption.last_mapped,
            list(caption.sources),
            sorted(caption.legend_labels.items()),
            caption.sources_heading,
            caption.made_template,
        ]
    )
    return ("image-caption", hashlib.sha256(text.encode()).hexdigest()[:16])


def caption_spec(caption: MapCaption) -> tuple[tuple[str, str], object]:
    """The caption as a group spec for the page's layer list (see ``st_folium_cached``)."""
    return caption_key(caption), lambda: caption_group(caption)
