"""The Streamlit script, run headless with AppTest."""

from __future__ import annotations

from tests.conftest import map_components

ZONE_COLOURS_IN_JS = {"retained": "#D55E00", "withdrawal": "#0072B2", "buffer": "#CC79A7"}


def test_page_renders_map_legend_stats_and_notice(app_test):
    at = app_test.run()
    assert not at.exception
    assert at.title[0].value == "Gaza Ceasefire Map"
    assert any("approximations" in i.value for i in at.info)
    maps = map_components(at)
    assert len(maps) >= 1
    groups = maps[0]["feature_group"]
    for colour in ZONE_COLOURS_IN_JS.values():
        assert colour in groups
    assert len(at.dataframe) >= 1
    table = at.dataframe[0].value
    assert list(table["Category"])[0].startswith("Retained")
    assert 355 <= table["Area (km²)"].sum() <= 375


def test_every_map_asset_is_served_locally(app_test):
    at = app_test.run()
    for args in map_components(at):
        for url in [*args["js_links"], *args["css_links"]]:
            assert url.startswith("/app/static/"), url
        assert "cdn" not in args["header"].lower()
        assert "https://" not in args["script"]


def test_toggling_a_zone_changes_only_the_dynamic_layers(app_test):
    at = app_test.run()
    before = map_components(at)[0]
    at.sidebar.toggle(key="show_zone_buffer").set_value(False).run()
    after = map_components(at)[0]
    assert ZONE_COLOURS_IN_JS["buffer"] in before["feature_group"]
    assert ZONE_COLOURS_IN_JS["buffer"] not in after["feature_group"]
    # Same base-map script, so the same component key: the iframe is not re-mounted.
    assert before["script"] == after["script"]
    assert before["key"] == after["key"]


def test_online_base_is_optional_and_keeps_the_map(app_test):
    at = app_test.run()
    assert "tile.openstreetmap.org" not in map_components(at)[0]["feature_group"]
    at.sidebar.selectbox(key="base_map").set_value("OpenStreetMap").run()
    args = map_components(at)[0]
    assert "tile.openstreetmap.org" in args["feature_group"]
    assert ZONE_COLOURS_IN_JS["retained"] in args["feature_group"]
    assert not at.exception
