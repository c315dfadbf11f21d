"""dashboard.browser.prepare: a user layer measured once and serialised for the browser."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from dashboard.browser import prepare, simplify
from dashboard.browser.binary_geometry import decode_payload
from dashboard.browser.features import feature_ids
from dashboard.browser.prepare import HOVER_FIELDS, PreparedLayer, hover_fields, prepare_layer
from dashboard.browser.serialise import property_names
from dashboard.browser.styles import ZONE_TOOLTIP
from dashboard.config import ZONE_CATEGORIES


@pytest.fixture
def zoned() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"zone": ["retained", "retained", "buffer"], "name": ["A", "B", "C"]},
        geometry=[
            box(34.40, 31.40, 34.41, 31.41),
            box(34.41, 31.40, 34.42, 31.41),
            box(34.42, 31.40, 34.43, 31.41),
        ],
        crs="EPSG:4326",
    )


@pytest.fixture
def unzoned() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "kind": ["a", "b"],
            "value": [1, 2],
            "note": ["x", "y"],
            "extra": [0, 0],
            "name": ["P", "Q"],
        },
        geometry=[box(34.40, 31.40, 34.41, 31.41), Point(34.45, 31.45)],
        crs="EPSG:4326",
    )


def test_zoned_layer(zoned):
    prepared = prepare_layer(zoned, key="u2", zoned=True, strip_km2=365.0)
    full = prepared.full
    assert {"area_km2", "share_pct", "fid", "zone_label", "area_text"} <= set(full.columns)
    assert list(full["fid"]) == feature_ids("u2", 3)
    assert full["area_km2"].iloc[0] == pytest.approx(1.05, rel=0.05)  # 0.01° x 0.01° at 31° N
    assert full["share_pct"].iloc[0] == pytest.approx(full["area_km2"].iloc[0] / 365.0 * 100)
    assert set(prepared.browser) == {"all", *ZONE_CATEGORIES}
    assert prepared.browser["all"].count == 3
    assert prepared.browser["retained"].count == 2
    assert prepared.browser["buffer"].count == 1
    assert prepared.browser["withdrawal"].count == 0
    assert prepared.hover_fields == ZONE_TOOLTIP.fields
    assert {"name", "zone_label", "area_text", "fid", "zone"} <= property_names(
        prepared.browser["all"]
    )
    assert prepared.note is None
    assert "fid" not in zoned.columns  # the input is left as it was


def test_unzoned_layer(unzoned):
    prepared = prepare_layer(unzoned, key="u1", zoned=False, strip_km2=365.0)
    assert {"area_km2", "share_pct", "fid"} <= set(prepared.full.columns)
    assert "zone_label" not in prepared.full.columns
    assert list(prepared.full["fid"]) == ["u1:0", "u1:1"]
    assert prepared.full["area_km2"].iloc[1] == 0  # a point has no area
    assert set(prepared.browser) == {"all"}
    assert prepared.hover_fields == ("name", "kind", "value", "note")
    assert property_names(prepared.browser["all"]) == {"name", "kind", "value", "note", "fid"}
    assert prepared.note is None


def test_hover_fields_put_name_first_and_skip_internal_columns(unzoned):
    assert hover_fields(unzoned)[0] == "name"
    assert len(hover_fields(unzoned)) == HOVER_FIELDS
    assert hover_fields(unzoned.drop(columns="name")) == ("kind", "value", "note", "extra")
    measured = unzoned.assign(area_km2=1.0, share_pct=1.0, fid="x", zone_label="", area_text="")
    assert hover_fields(measured, limit=10) == ("name", "kind", "value", "note", "extra")


def test_simplified_and_point_layers_say_so(zoned, monkeypatch):
    monkeypatch.setattr(simplify, "TOLERANCE_STEPS_M", ((0, 0.0),))  # always simplify
    prepared = prepare_layer(zoned, key="u", zoned=True, strip_km2=365.0)
    assert prepared.note.startswith("Drawn simplified by 30 m")
    monkeypatch.setattr(simplify, "DISPLAY_VERTEX_BUDGET", 0)
    prepared = prepare_layer(zoned, key="u", zoned=True, strip_km2=365.0)
    assert "each is drawn as a point" in prepared.note
    assert set(prepared.full.geom_type) == {"Polygon"}  # statistics keep the shapes


def test_derive_computes_once(zoned):
    prepared = prepare_layer(zoned, key="u", zoned=True, strip_km2=365.0)
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert prepared.derive("comparison", compute) == 1
    assert prepared.derive("comparison", compute) == 1
    assert prepared.derive("other", compute) == 2
    assert calls == [1, 1]
    assert isinstance(prepared, PreparedLayer)


def test_a_layer_drawn_on_a_canvas_gets_a_binary_copy_simplified_less(monkeypatch):
    monkeypatch.setattr(simplify, "TOLERANCE_STEPS_M", ((0, 0.0),))  # always 30 m
    circles = gpd.GeoDataFrame(
        {"name": ["a", "b", "c"]},
        geometry=[Point(34.40 + i * 0.01, 31.40).buffer(0.001, quad_segs=16) for i in range(3)],
        crs="EPSG:4326",
    )

    def vertices(layer) -> int:
        return sum(len(f["geometry"]["coordinates"][0]) for f in layer.as_dict()["features"])

    svg = prepare_layer(circles, key="u", zoned=False, strip_km2=365.0).browser["all"]
    assert svg.binary is None  # small layers keep the GeoJSON path
    monkeypatch.setattr(prepare, "CANVAS_ABOVE", 2)
    prepared = prepare_layer(circles, key="u", zoned=False, strip_km2=365.0)
    layer = prepared.browser["all"]
    assert layer.binary is not None and layer.binary.count == 3
    binary_vertices = len(decode_payload(layer.binary.payload).arrays["coords"]) // 2
    assert binary_vertices > vertices(svg)  # the canvas copy keeps the circles round
    assert vertices(layer) == binary_vertices + 3  # one copy: the text closes its rings
    assert "30 m" not in (prepared.note or "")


def test_zone_categories_of_a_large_layer_get_their_own_binary_copy(zoned, monkeypatch):
    monkeypatch.setattr(prepare, "CANVAS_ABOVE", 1)
    prepared = prepare_layer(zoned, key="u", zoned=True, strip_km2=365.0)
    assert prepared.browser["all"].binary.count == 3
    assert prepared.browser["retained"].binary.count == 2
    assert prepared.browser["buffer"].binary is None  # one feature: under the threshold


def test_a_large_layer_without_zones_is_measured_in_the_background(monkeypatch):
    from concurrent.futures import Future

    from dashboard.zones.areas import with_areas

    monkeypatch.setattr(prepare, "CANVAS_ABOVE", 2)
    monkeypatch.setattr(prepare, "AREA_PART", 2)  # measured two features at a time
    squares = gpd.GeoDataFrame(
        {"name": list("abcde")},
        geometry=[
            box(34.40 + i * 0.01, 31.40, 34.405 + i * 0.01, 31.40 + 0.001 * (i + 1))
            for i in range(5)
        ],
        crs="EPSG:4326",
    )
    prepared = prepare_layer(squares, key="u", zoned=False, strip_km2=365.0)
    assert isinstance(prepared.measured, Future) and prepared.count == 5
    assert prepared.browser["all"].binary.count == 5  # drawn without waiting
    expected = with_areas(squares, 365.0)
    full = prepared.full  # waits for the areas
    assert list(full.columns) == [*expected.columns, "fid"]  # as measured in one go
    assert full["area_km2"].tolist() == pytest.approx(expected["area_km2"].tolist(), rel=1e-12)
    assert list(full["fid"]) == feature_ids("u", 5)
    assert prepared.hover_fields == ("name",)
    zoned = prepare_layer(squares.assign(zone="retained"), key="z", zoned=True, strip_km2=365.0)
    assert not isinstance(zoned.measured, Future)  # its tooltips show areas: measured first
    assert zoned.full["area_km2"].tolist() == pytest.approx(expected["area_km2"].tolist())


def test_the_text_of_a_large_layer_is_made_from_the_copy_it_draws(monkeypatch):
    monkeypatch.setattr(prepare, "CANVAS_ABOVE", 2)
    monkeypatch.setattr(simplify, "CANVAS_TOLERANCE_STEPS_M", ((0, 0.0),))  # always 5 m
    circles = gpd.GeoDataFrame(
        {"name": ["a", "b", "c"]},
        geometry=[Point(34.40 + i * 0.01, 31.40).buffer(0.001, quad_segs=64) for i in range(3)],
        crs="EPSG:4326",
    )
    layer = prepare_layer(circles, key="u", zoned=False, strip_km2=365.0).browser["all"]
    assert layer.source is None  # not made on the way to the map
    decoded = decode_payload(layer.binary.payload)
    features = layer.as_dict()["features"]
    assert [f["properties"]["fid"] for f in features] == decoded.properties["fid"]
    rings = [f["geometry"]["coordinates"][0] for f in features]
    assert sum(len(r) - 1 for r in rings) == len(decoded.arrays["coords"]) // 2


def test_memory_freed_by_the_background_areas_is_given_back(monkeypatch):
    calls = []
    monkeypatch.setattr(prepare, "CANVAS_ABOVE", 2)
    monkeypatch.setattr(prepare, "give_back_memory", lambda: calls.append("trim"))
    squares = gpd.GeoDataFrame(
        {"name": list("abc")},
        geometry=[box(34.40 + i * 0.01, 31.40, 34.405 + i * 0.01, 31.401) for i in range(3)],
        crs="EPSG:4326",
    )
    prepared = prepare_layer(squares, key="u", zoned=False, strip_km2=365.0)
    assert len(prepared.full) == 3 and calls == ["trim"]  # once the areas were measured


def test_giving_back_memory_never_fails():
    from dashboard.intake.memory import give_back_memory

    assert give_back_memory() is None


def test_a_user_layer_carries_its_classes_and_readable_dates_to_the_browser():
    """The classes travel as ``style_class`` (not in the full geometry); the hover's dates
    since 1970 as dates; the name-like property is hovered first."""
    import geopandas as gpd
    import numpy as np
    from shapely.geometry import box

    from dashboard.browser.prepare import prepare_layer

    gdf = gpd.GeoDataFrame(
        {"OBJECTID": [1, 2], "NAME": ["A", "B"], "date": [1744373160000, 1744373160000]},
        geometry=[box(34.40, 31.40, 34.41, 31.41), box(34.42, 31.40, 34.43, 31.41)],
        crs="EPSG:4326",
    )
    prepared = prepare_layer(
        gdf, key="u1", zoned=False, strip_km2=365, classes=np.array(["c0", "c1"], dtype=object)
    )
    assert prepared.hover_fields[0] == "NAME"
    features = prepared.browser["all"].as_dict()["features"]
    assert [f["properties"]["style_class"] for f in features] == ["c0", "c1"]
    assert features[0]["properties"]["date"] == "11 Apr 2025, 12:06 UTC"
    assert "style_class" not in prepared.full.columns
    assert prepared.browser["all"].style_keys >= {("", "", "c0"), ("", "", "c1")}
