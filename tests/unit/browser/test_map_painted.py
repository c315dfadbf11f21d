"""The map's word to the page once it has painted (see dashboard/ui/map_first.py)."""

from __future__ import annotations

import json
import re

from dashboard.browser.map_builder import build_base_map
from dashboard.browser.map_painted import MapPainted
from dashboard.ui.st_folium_cached import default_value


def test_the_value_sent_is_the_maps_default_in_streamlit_folium_s_key_order():
    # streamlit-folium sends a value whenever its JSON text differs from the last one,
    # starting from the default: the same keys in another order reran every page load.
    value = default_value(["last_active_drawing", "last_clicked"])
    assert list(value) == ["last_clicked", "last_active_drawing"]
    assert set(value.values()) == {None}
    assert default_value([]) == {}


def test_the_word_is_sent_once_after_two_frames_or_the_fallback_timer():
    fmap = build_base_map()
    MapPainted(default_value(["last_clicked"]), fallback_ms=900).add_to(fmap)
    html = fmap.get_root().render()
    assert '"streamlit:setComponentValue"' in html
    assert "requestAnimationFrame(function () { requestAnimationFrame(" in html
    sent = re.search(r"\}\)\((\{.*?\}), (\d+)\);", html)
    assert sent is not None
    assert json.loads(sent.group(1)) == {"last_clicked": None}
    assert sent.group(2) == "900"
    assert "if (sent || window.parent === window) return;" in html  # once; never alone
    # Never over a value streamlit-folium sent first (a click): that one is kept.
    assert "JSON.stringify(known.previous_data) !== JSON.stringify(value)" in html
