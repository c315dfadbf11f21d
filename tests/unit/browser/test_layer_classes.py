"""dashboard.browser.layer_classes: a user layer's classes, colours and legend."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from dashboard.browser.layer_classes import (
    LayerLook,
    bound_text,
    category_classes,
    category_columns,
    classed_style,
    classify,
    graduated_classes,
    numeric_columns,
    ramp,
)
from dashboard.config import CATEGORY_PALETTE, OTHER_COLOUR


def frame(**columns) -> gpd.GeoDataFrame:
    rows = len(next(iter(columns.values())))
    return gpd.GeoDataFrame(columns, geometry=[Point(34.4, 31.4)] * rows, crs="EPSG:4326")


def test_quantile_classes_have_bounds_and_as_many_features_each():
    values = pd.Series([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, None], dtype=object)
    classes = graduated_classes(values, 5)
    assert classes.keys.tolist() == ["c0"] * 2 + ["c1"] * 2 + ["c2"] * 2 + ["c3"] * 2 + [
        "c4"
    ] * 2 + [""]  # the missing value has no class: drawn in the layer's own colour
    bounds = [bound for e in classes.legend for bound in (e.low, e.high)]
    assert bounds == pytest.approx([1.0, 2.8, 2.8, 4.6, 4.6, 6.4, 6.4, 8.2, 8.2, 10.0])
    assert [bound_text(e.high) for e in classes.legend] == ["2.8", "4.6", "6.4", "8.2", "10"]
    assert [e.count for e in classes.legend] == [2, 2, 2, 2, 2]
    assert len(set(classes.colours.values())) == 5


def test_equal_intervals_are_as_wide_each():
    values = pd.Series([0.0, 1.0, 2.0, 10.0])
    classes = graduated_classes(values, 2, "equal")
    assert [(e.low, e.high) for e in classes.legend] == [(0.0, 5.0), (5.0, 10.0)]
    assert classes.keys.tolist() == ["c0", "c0", "c0", "c1"]


def test_fewer_classes_than_asked_when_the_values_are_few():
    classes = graduated_classes(pd.Series([3.0, 3.0, 7.0]), 5)
    assert len(classes.legend) == 2


def test_no_numbers_no_classes():
    with pytest.raises(ValueError):
        graduated_classes(pd.Series(["a", "b"]), 3)


def test_category_legend_names_the_values_most_frequent_first_and_the_rest_other():
    values = pd.Series(["b", "a", "b", None, *[f"rare{i}" for i in range(8)]], dtype=object)
    classes = category_classes(values)
    names = [e.value for e in classes.legend]
    assert names[:2] == ["b", "a"] and len(names) == len(CATEGORY_PALETTE)
    other = classes.legend[-1]
    assert other.colour == OTHER_COLOUR and other.others == 4 and other.count == 4
    assert classes.keys[0] == classes.keys[2] == "c0" and classes.keys[3] == ""
    assert classes.colours["c0"] == CATEGORY_PALETTE[0]
    assert classes.keys.tolist().count("other") == 4


def test_few_values_need_no_other():
    classes = category_classes(pd.Series([1, 2, 1]))
    assert [e.value for e in classes.legend] == ["1", "2"]
    assert "other" not in classes.colours


def test_columns_offered():
    gdf = frame(
        name=["a", "b"], value=[0.5, 1.5], block=[118, 118], flag=[True, False], empty=[None, None]
    )
    assert numeric_columns(gdf) == ["value"]  # one value only, text, true/false: not numbers
    assert category_columns(gdf) == ["name", "value", "block", "flag"]


def test_classify_follows_the_look():
    gdf = frame(value=[1.0, 2.0, 3.0, 4.0])
    assert classify(gdf, LayerLook()) is None
    assert classify(gdf, LayerLook("classes", "missing")) is None
    look = LayerLook("classes", "value", "quantiles", 2)
    assert look.data_key == ("classes", "value", "quantiles", 2)
    assert (
        LayerLook("classes", "value", opacity=0.9).data_key
        == LayerLook("classes", "value").data_key
    )  # the opacity changes the look, not the classes
    assert classify(gdf, look).keys.tolist() == ["c0", "c0", "c1", "c1"]


def test_ramp_goes_from_pale_to_dark():
    colours = ramp(5)
    assert len(set(colours)) == 5
    assert colours[0] != "#ffffd9"  # not the ramp's near-white start


def test_bound_text_is_read_as_people_write_numbers():
    assert bound_text(118.0) == "118"
    assert bound_text(1200.0) == "1,200"
    assert bound_text(0.12345) == "0.123"
    assert bound_text(12.5) == "12.5"
    assert bound_text(12345.6) == "12,346"


def test_classed_style_gives_each_class_its_colour_and_the_chosen_opacity():
    colours = (("c0", "#111111"), ("c1", "#222222"))
    one = classed_style({"properties": {"style_class": "c1"}}, "#009E73", colours, 0.3)
    assert one["fillColor"] == "#222222" and one["fillOpacity"] == 0.3
    none = classed_style({"properties": {"style_class": None}}, "#009E73", colours, 0.3)
    assert none["fillColor"] == "#009E73"
    single = classed_style({"properties": {}}, "#009E73", (), 0.1)
    assert single["color"] == "#009E73" and single["fillOpacity"] == 0.1
