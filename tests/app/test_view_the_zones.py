"""Viewing the zones: the page draws them offline, with a legend, the areas and a notice."""

from __future__ import annotations

import datetime as dt

from dashboard.config import ZONE_CATEGORIES, ZONE_COLOURS
from dashboard.intake.bundled import load_zone_versions
from dashboard.zones.series import version_at
from tests.app.conftest import drawn_features, map_components


def zones_drawn(feature_group: str) -> dict[str, str]:
    """fid -> zone of every zone feature the main map draws."""
    return {
        f["properties"]["fid"]: f["properties"]["zone"]
        for f in drawn_features(feature_group)
        if "zone" in f["properties"] and "fid" in f["properties"]
    }


def test_page_renders_map_legend_stats_and_notice(app_test):
    at = app_test.run()
    assert not at.exception
    assert at.title[0].value == "Gaza Ceasefire Map"
    assert any("approximations" in i.value for i in at.info)
    maps = map_components(at)
    assert len(maps) == 1, "the main map (the venue inset waits for an event)"
    groups = maps[0]["feature_group"]
    # Every zone of the version in force today reaches the map, with its id and category.
    every = load_zone_versions()
    today = version_at(every, dt.date.today()).id
    drawn = zones_drawn(groups)
    assert drawn == {
        f"zones:{i}": zone
        for i, (zone, version) in enumerate(zip(every["zone"], every["version"], strict=True))
        if version == today
    }
    assert set(drawn.values()) == set(ZONE_CATEGORIES)
    for colour in ZONE_COLOURS.values():
        assert colour in groups
    table = next(d.value for d in at.table if "Share of the Strip (%)" in d.value.columns)
    assert list(table["Category"])[0].startswith("Retained")
    assert 355 <= table["Area (km²)"].sum() <= 375


def test_every_map_asset_is_served_locally(app_test):
    at = app_test.run()
    maps = map_components(at)
    assert maps
    for args in maps:
        assert args["js_links"] and args["css_links"]
        for url in [*args["js_links"], *args["css_links"]]:
            assert url.startswith("/app/static/"), url
        assert "cdn" not in args["header"].lower()
        assert "https://" not in args["script"]


def test_toggling_a_zone_changes_nothing_sent_to_the_map(app_test):
    """The map shows and hides the zones itself as the toggles change (see
    browser.layer_switch): a toggle neither re-sends nor rebuilds a layer, nor re-mounts."""
    at = app_test.run()
    before = map_components(at)[0]
    at.sidebar.toggle(key="show_zone_buffer").set_value(False).run()
    after = map_components(at)[0]
    assert set(zones_drawn(before["feature_group"]).values()) == set(ZONE_CATEGORIES)
    assert before["feature_group"] == after["feature_group"]
    assert '"show_zone_buffer"' in after["feature_group"]  # the map watches that toggle
    # Same base-map script, so the same component key: the iframe is not re-mounted.
    assert before["script"] == after["script"]
    assert before["key"] == after["key"]
    # Python knows: the address says what is shown.
    assert at.query_params["layers"].split(",")[:3] == ["retained", "withdrawal", "outline"]


def test_online_base_is_optional_and_keeps_the_map(app_test):
    at = app_test.run()
    assert "tile.openstreetmap.org" not in map_components(at)[0]["feature_group"]
    at.sidebar.selectbox(key="base_map").set_value("OpenStreetMap").run()
    args = map_components(at)[0]
    assert "tile.openstreetmap.org" in args["feature_group"]
    assert set(zones_drawn(args["feature_group"]).values()) == set(ZONE_CATEGORIES)
    assert not at.exception
