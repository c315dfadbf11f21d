"""The map on a touch screen: one finger scrolls the page, two fingers move the map.

A map that takes most of a phone's screen traps the page: every swipe pans the map and
the page below it cannot be reached. Here, on a device whose main pointer is a finger
(``(pointer: coarse)``), Leaflet's one-finger dragging is off, so the browser scrolls the
page (Leaflet's stylesheet then lets the browser pan: ``touch-action: pan-x pan-y``);
two fingers still move and zoom the map (Leaflet's pinch handler follows the fingers'
middle). A one-finger swipe shows a short hint on the map. A tap still clicks. A mouse
drags the map as before, even on a touch screen.

Written here, a few lines over Leaflet's own handlers: no plugin file to serve. The map's
buttons are made at least 44 px (WCAG 2.5.5) on a touch screen and on a page 640 px wide or
less, by the same element.
"""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from dashboard.browser.escaping import script_json

HINT_MS = 1500  # how long the hint stays after the last one-finger swipe
TOUCH_TARGET_PX = 44
PHONE_PX = 640


class TwoFingerPan(MacroElement):
    """One finger scrolls the page, two move the map, with ``hint`` shown on a one-finger
    swipe; the map's buttons at least 44 px on a phone."""

    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>
/* The map's frame never scrolls itself: a swipe that is not the map's scrolls the page. */
html, body{overflow:hidden;}
.two-finger-hint{position:absolute;inset:0;z-index:1000;display:flex;align-items:center;
justify-content:center;padding:1rem;background:rgba(0,0,0,.45);color:#FFF;
font:600 16px/1.4 sans-serif;text-align:center;pointer-events:none;opacity:0;
transition:opacity .2s;}
.two-finger-hint.shown{opacity:1;}
/* On a touch screen, or when the page is a phone's (see the script): 44 px targets. */
.big-targets .leaflet-bar a{width:{{ this.target_px }}px;height:{{ this.target_px }}px;
line-height:{{ this.target_px }}px;}
.big-targets .leaflet-bar a svg{margin-top:14px !important;}
.big-targets .leaflet-control-layers-toggle{width:{{ this.target_px }}px;
height:{{ this.target_px }}px;}
.big-targets .leaflet-control a, .big-targets .leaflet-control button{
min-width:{{ this.target_px }}px;min-height:{{ this.target_px }}px;}
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function (map) {
    var finger = window.matchMedia("(pointer: coarse)");
    var box = map.getContainer();
    var hint = L.DomUtil.create("div", "two-finger-hint", box);
    hint.textContent = {{ this.hint }};
    hint.setAttribute("aria-hidden", "true");
    var hideLater = null;
    function byFinger(on) {
        // Leaflet's own switch: it also sets the class that lets the browser pan the page.
        if (on && map.dragging.enabled()) map.dragging.disable();
        if (!on && !map.dragging.enabled()) map.dragging.enable();
    }
    function showHint() {
        hint.classList.add("shown");
        clearTimeout(hideLater);
        hideLater = setTimeout(function () { hint.classList.remove("shown"); }, {{ this.hint_ms }});
    }
    byFinger(finger.matches);
    // The frame is narrower than the page: a phone is told by the page's width (the
    // page is of the same origin; if not, by the frame's own).
    function pageWidth() {
        try { return window.parent.innerWidth; } catch (error) { return window.innerWidth; }
    }
    function sizeTargets() {
        var big = finger.matches || pageWidth() <= {{ this.phone_px }};
        box.classList.toggle("big-targets", big);
    }
    sizeTargets();
    window.addEventListener("resize", sizeTargets);
    // A mouse (or pen) on a touch screen still drags the map; a finger scrolls the page.
    box.addEventListener("pointerdown", function (event) {
        byFinger(event.pointerType === "touch");
    }, true);
    box.addEventListener("touchstart", function (event) {
        byFinger(true);
        if (event.touches.length > 1) hint.classList.remove("shown");
    }, {capture: true, passive: true});
    box.addEventListener("touchmove", function (event) {
        if (event.touches.length === 1) { showHint(); return; }
        hint.classList.remove("shown");
        // Two fingers are the map's: the page does not scroll under them.
        if (event.cancelable) event.preventDefault();
    }, {capture: true, passive: false});
})({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self, hint: str) -> None:
        super().__init__()
        self._name = "TwoFingerPan"
        self.hint = script_json(hint)
        self.hint_ms = HINT_MS
        self.target_px = TOUCH_TARGET_PX
        self.phone_px = PHONE_PX
