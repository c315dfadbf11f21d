"""A copied link opens the same layers and base map (AppTest)."""

from __future__ import annotations

from tests.app.conftest import map_components


def test_layers_and_base_map_come_from_the_address_and_go_back_to_it(app_test):
    at = app_test
    at.query_params["layers"] = "retained,towns"
    at.query_params["base"] = "OpenStreetMap"
    at.run()
    assert not at.exception
    # No "set twice" widget warning (the "last mapped" notice of today's date is expected).
    warnings = [w.value for w in at.warning if "Last mapped" not in w.value]
    assert not warnings, warnings
    assert at.sidebar.toggle(key="show_zone_retained").value
    assert not at.sidebar.toggle(key="show_zone_buffer").value
    assert at.sidebar.checkbox(key="show_ref_towns").value
    assert not at.sidebar.checkbox(key="show_ref_governorates").value
    assert "tile.openstreetmap.org" in map_components(at)[0]["feature_group"]

    at.sidebar.toggle(key="show_zone_buffer").set_value(True).run()
    assert at.query_params["layers"] == "retained,buffer,towns"


def test_the_defaults_leave_the_address_clean(app_test):
    at = app_test.run()
    assert "layers" not in at.query_params and "base" not in at.query_params
    at.sidebar.toggle(key="show_zone_buffer").set_value(False).run()
    assert "buffer" not in at.query_params["layers"].split(",")
    at.sidebar.toggle(key="show_zone_buffer").set_value(True).run()
    assert "layers" not in at.query_params
