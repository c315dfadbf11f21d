"""Layers switched by the map itself: the script each group carries."""

from __future__ import annotations

import folium
import pytest

from dashboard.browser.layer_switch import SwitchedBy


def test_a_switched_group_names_its_toggle_and_default():
    fmap = folium.Map(tiles=None)
    group = folium.FeatureGroup(name="Buffer").add_to(fmap)
    SwitchedBy("show_zone_buffer", False).add_to(group)
    html = fmap.get_root().render()
    assert f'{group.get_name()}, "show_zone_buffer", false);' in html
    assert '".st-key-" + name + " input[type=checkbox]"' in html


def test_a_key_from_outside_cannot_end_the_script():
    fmap = folium.Map(tiles=None)
    group = folium.FeatureGroup().add_to(fmap)
    SwitchedBy('x"</script><script>alert(1)', True).add_to(group)
    html = fmap.get_root().render()
    assert "</script><script>alert(1)" not in html


def test_it_needs_a_map():
    element = SwitchedBy("k", True)
    folium.FeatureGroup().add_child(element)
    with pytest.raises(ValueError):
        element.map_name()
