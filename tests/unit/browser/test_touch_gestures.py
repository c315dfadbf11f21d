"""The map on a touch screen: one finger scrolls the page, two move the map, with a hint in
the page's language; the map's buttons 44 px on a phone."""

from __future__ import annotations

import re

from dashboard.browser.map_builder import build_base_map
from dashboard.browser.touch_gestures import TwoFingerPan


def rendered(hint: str) -> str:
    fmap = build_base_map()
    TwoFingerPan(hint).add_to(fmap)
    return fmap.get_root().render()


def test_a_finger_leaves_the_map_still_and_a_mouse_drags_it():
    html = rendered("Use two fingers to move the map")
    assert 'matchMedia("(pointer: coarse)")' in html
    assert "map.dragging.disable()" in html and "map.dragging.enable()" in html
    assert 'event.pointerType === "touch"' in html
    assert "event.preventDefault()" in html  # two fingers: the page does not scroll


def test_the_hint_is_text_in_the_pages_language_never_html():
    html = rendered("استخدم إصبعين <b>لتحريك</b>")
    assert "hint.textContent = " in html
    assert "<b>" not in html.split("hint.textContent = ")[1].split(";")[0]


def test_the_maps_buttons_are_44_px_on_a_phone():
    html = rendered("hint")
    assert re.search(r"\.big-targets \.leaflet-bar a\{width:44px;height:44px;", html)
    # Big on a touch screen, or when the page (not the narrower frame) is a phone's.
    assert "finger.matches || pageWidth() <= 640" in html
