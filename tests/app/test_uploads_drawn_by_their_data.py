"""Uploads drawn by their data (AppTest): an ArcGIS export's millisecond dates give it the
date filter, and its numbers can colour it in graduated classes, with a legend of bounds."""

from __future__ import annotations

import json
import shutil

from dashboard.browser.layer_classes import CLASS_COUNTS
from tests.app.conftest import drawn_features, map_components
from tests.conftest import DATA


def _widget(widgets, suffix: str):
    return next(w for w in widgets if w.key and w.key.endswith(suffix))


def _arcgis_dropin(app_test, tmp_path, monkeypatch):
    monkeypatch.setenv("GAZA_MAP_DATA_DIR", str(tmp_path))
    shutil.copy(DATA / "arcgis_ms_dates.geojson", tmp_path / "evacuation.geojson")
    at = app_test.run()
    assert not at.exception
    return at


def test_millisecond_dates_give_the_date_filter(app_test, tmp_path, monkeypatch):
    at = _arcgis_dropin(app_test, tmp_path, monkeypatch)
    follow = _widget(at.sidebar.selectbox, "_date_column")
    assert any("EFFECTIVE_DATE" in option for option in follow.options)
    assert not any("Block" in option or "value" in option for option in follow.options)
    follow.set_value("EFFECTIVE_DATE").run()
    assert not at.exception
    # The squares are ten days apart from 11 Apr 2025: by the date shown, all are out.
    assert any("30 of 30 features dated" in c.value for c in at.sidebar.caption)


def test_a_number_drawn_in_graduated_classes_with_a_legend(app_test, tmp_path, monkeypatch):
    at = _arcgis_dropin(app_test, tmp_path, monkeypatch)
    _widget(at.sidebar.radio, "_style_mode").set_value("classes").run()
    _widget(at.sidebar.selectbox, "_style_number").set_value("value").run()
    assert not at.exception
    (legend,) = [m.value for m in at.sidebar.markdown if "layer-legend" in m.value]
    assert legend.count("layer-legend-row") == 5  # the default number of classes
    assert "0.05 – " in legend and " – 0.95" in legend  # the bounds, lowest to highest
    groups = map_components(at)[0]["feature_group"]
    drawn = [f for f in drawn_features(groups) if "style_class" in f["properties"]]
    assert len(drawn) == 30
    assert {f["properties"]["style_class"] for f in drawn} == {f"c{i}" for i in range(5)}
    # Each class has its own fill in the layer's styles (a different colour per class).
    (styles,) = [
        json.loads(line.split("=", 1)[1].rstrip(";"))
        for line in groups.splitlines()
        if "_styles = {" in line and '"||c0"' in line
    ]
    fills = {styles[f"||c{i}"]["fillColor"] for i in range(5)}
    assert len(fills) == 5
    # The map's own legend has a row per class, with its bounds.
    legend = json.dumps(map_components(at)[0], ensure_ascii=False)
    legend = legend.replace("\u2068", "").replace("\u2069", "")  # isolates around file text
    assert legend.count("evacuation: ") == 5 and "evacuation: 0.05 – " in legend
    _widget(at.sidebar.slider, "_classes").set_value(CLASS_COUNTS[0]).run()
    (legend,) = [m.value for m in at.sidebar.markdown if "layer-legend" in m.value]
    assert legend.count("layer-legend-row") == CLASS_COUNTS[0]


def test_a_property_drawn_by_its_values_and_the_opacity(app_test, tmp_path, monkeypatch):
    at = _arcgis_dropin(app_test, tmp_path, monkeypatch)
    _widget(at.sidebar.radio, "_style_mode").set_value("categories").run()
    _widget(at.sidebar.selectbox, "_style_column").set_value("NAME").run()
    _widget(at.sidebar.slider, "_opacity").set_value(0.6).run()
    assert not at.exception
    (legend,) = [m.value for m in at.sidebar.markdown if "layer-legend" in m.value]
    assert "other (24 values)" in legend  # 30 names: 6 colours, the rest "other"
    groups = map_components(at)[0]["feature_group"]
    assert '"fillOpacity": 0.6' in groups or '"fillOpacity":0.6' in groups
