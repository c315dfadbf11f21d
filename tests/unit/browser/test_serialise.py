"""dashboard.browser.serialise: a layer turned once into escaped, rounded, script-safe
GeoJSON text; the fast path for property text agrees with the general one."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import GeometryCollection, Point, box

from dashboard.browser.escaping import escape_text
from dashboard.browser.serialise import (
    DISPLAY_GRID_DEGREES,
    STYLE_FIELDS,
    BrowserLayer,
    _properties_text,
    browser_geojson,
    display_frame,
    feature_collection_text,
    is_empty,
    property_names,
)

SCRIPT_UNSAFE = {"<", ">", "&", "\u2028", "\u2029"}
HOSTILE_NAME = "</script><b onmouseover=x>&"
HOSTILE_VALUE = "<img src=x onerror=alert(1)>\u2028\u2029'\"`{{x}}"


@pytest.fixture
def layer() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "name": ["East", HOSTILE_VALUE, None],
            HOSTILE_NAME: ["a&b", "<i>", "x"],
            "zone": ["retained", "withdrawal", None],
            "value": [1, 2.5, float("nan")],
            "fid": ["u:0", "u:1", "u:2"],
            "unshown": ["no", "no", "no"],
        },
        geometry=[
            box(34.123456789, 31.40, 34.13, 31.41),
            Point(34.4000049, 31.4000051),
            box(34.20, 31.40, 34.21, 31.41),
        ],
        crs="EPSG:4326",
    )


def general_path(frame: gpd.GeoDataFrame, columns: list[str]) -> list[dict]:
    """What the general path (one dict per row) makes of ``frame``: the reference."""
    return [
        json.loads(json.dumps(record, ensure_ascii=False))
        for record in frame[columns].to_dict(orient="records")
    ]


def frame_of(columns: dict[str, list]) -> gpd.GeoDataFrame:
    rows = len(next(iter(columns.values())))
    return gpd.GeoDataFrame(columns, geometry=[Point(34.4, 31.4)] * rows, crs="EPSG:4326")


# --- _properties_text: fast path and general path agree -----------------------------------

STRINGS = {
    "name": ["East", "", "é ü ☃", "back\\slash", "new\nline", "\u2028\u2029", "a,b:c}"],
    "<k>": ["1", "2", "3", "4", "5", "6", "7"],
}


def test_string_only_columns_take_the_fast_path_and_match_the_general_path():
    frame = frame_of(STRINGS)
    fast = [json.loads(t) for t in _properties_text(frame, list(STRINGS))]
    assert fast == general_path(frame, list(STRINGS))
    # The same rows, once a double quote forces the general path: the same JSON.
    forced = frame_of({k: [*v, 'has "quote"'] for k, v in STRINGS.items()})
    general = [json.loads(t) for t in _properties_text(forced, list(STRINGS))]
    assert general[:-1] == fast
    assert general[-1] == {"name": 'has "quote"', "<k>": 'has "quote"'}


def test_mixed_type_columns_take_the_general_path():
    columns = {"name": ["A", "B", "C"], "n": [1, 2, 3], "x": [1.5, True, "text"]}
    frame = frame_of(columns)
    texts = _properties_text(frame, list(columns))
    assert [json.loads(t) for t in texts] == general_path(frame, list(columns))
    assert json.loads(texts[1]) == {"name": "B", "n": 2, "x": True}


def test_no_columns_and_no_rows():
    frame = frame_of({"name": ["a", "b"]})
    assert _properties_text(frame, []) == ["{}", "{}"]
    assert _properties_text(frame.iloc[:0], ["name"]) == []
    assert json.loads(feature_collection_text(frame.iloc[:0])) == {
        "type": "FeatureCollection",
        "features": [],
    }


def test_feature_collection_text_is_geojson():
    frame = frame_of({"name": ["a"]})
    data = json.loads(feature_collection_text(frame))
    (feature,) = data["features"]
    assert feature["type"] == "Feature" and feature["properties"] == {"name": "a"}
    assert shapely.geometry.shape(feature["geometry"]).equals(Point(34.4, 31.4))


# --- display_frame --------------------------------------------------------------------------


def test_display_frame_keeps_only_what_is_shown_escaped_and_rounded(layer):
    shown = display_frame(layer, ["name", HOSTILE_NAME, "name", "missing"])
    assert list(shown.columns) == ["name", escape_text(HOSTILE_NAME), "geometry"]
    assert list(shown["name"]) == ["East", escape_text(HOSTILE_VALUE), ""]
    x, y = shown.geometry.iloc[1].coords[0]
    assert (x, y) == (34.4, 31.40001)
    for x, y in shown.geometry.iloc[0].exterior.coords:
        assert round(x, 5) == x and round(y, 5) == y
    assert "name" in layer.columns and layer["name"].iloc[1] == HOSTILE_VALUE  # untouched


def test_display_frame_without_rounding(layer):
    shown = display_frame(layer, ["name"], grid=None)
    assert shown.geometry.iloc[1].equals(layer.geometry.iloc[1])


def test_empty_geometries_are_dropped(layer):
    layer.loc[0, "geometry"] = None
    layer.loc[2, "geometry"] = GeometryCollection()
    assert list(display_frame(layer, ["name"])["name"]) == [escape_text(HOSTILE_VALUE)]
    result = browser_geojson(layer)
    assert result.count == 1 and len(result.as_dict()["features"]) == 1


# --- browser_geojson ------------------------------------------------------------------------


def test_browser_geojson_sends_the_fields_styles_and_ids_escaped(layer):
    result = browser_geojson(layer, ["name", HOSTILE_NAME, "value"])
    assert isinstance(result, BrowserLayer) and result.count == 3
    assert not set(result.text) & SCRIPT_UNSAFE
    features = result.as_dict()["features"]
    first = features[0]["properties"]
    assert set(first) == {"name", escape_text(HOSTILE_NAME), "value", "zone", "fid"}
    assert "unshown" not in first and "kind" not in first
    assert [f["properties"]["fid"] for f in features] == ["u:0", "u:1", "u:2"]
    assert features[1]["properties"]["name"] == escape_text(HOSTILE_VALUE)
    assert first[escape_text(HOSTILE_NAME)] == "a&amp;b"
    assert [f["properties"]["value"] for f in features] == ["1.0", "2.5", ""]
    assert features[2]["properties"]["zone"] == ""
    assert result.style_keys == {("retained", "", ""), ("withdrawal", "", ""), ("", "", "")}


def test_browser_geojson_rounds_to_the_display_grid(layer):
    features = browser_geojson(layer).as_dict()["features"]
    ring = features[0]["geometry"]["coordinates"][0]
    assert [34.12346, 31.4] in ring
    for x, y in ring:
        assert abs(x / DISPLAY_GRID_DEGREES - round(x / DISPLAY_GRID_DEGREES)) < 1e-6
        assert abs(y / DISPLAY_GRID_DEGREES - round(y / DISPLAY_GRID_DEGREES)) < 1e-6
    assert features[1]["geometry"]["coordinates"] == [34.4, 31.40001]


def test_browser_geojson_has_nothing_that_ends_a_script():
    frame = frame_of(
        {"name": ["</script><!--", "\u2028x\u2029", "&amp;"], HOSTILE_NAME: list("abc")}
    )
    result = browser_geojson(frame, ["name", HOSTILE_NAME])
    assert not set(result.text) & SCRIPT_UNSAFE
    assert "</script" not in result.text.lower()
    names = [f["properties"]["name"] for f in result.as_dict()["features"]]
    assert names == ["&lt;/script&gt;&lt;!--", "\u2028x\u2029", "&amp;amp;"]


def test_kind_is_a_style_field():
    frame = frame_of({"kind": ["town", "crossing"], "name": ["a", "b"]})
    assert browser_geojson(frame).style_keys == {("", "town", ""), ("", "crossing", "")}


# --- property_names, is_empty ---------------------------------------------------------------


def test_property_names(layer):
    assert property_names(browser_geojson(layer, ["name", HOSTILE_NAME])) == {
        "name",
        escape_text(HOSTILE_NAME),
        "zone",
        "fid",
    }
    assert property_names(browser_geojson(layer.iloc[:0])) == set()


def test_is_empty(layer):
    assert not is_empty(layer) and not is_empty(browser_geojson(layer))
    assert is_empty(layer.iloc[:0]) and is_empty(browser_geojson(layer.iloc[:0]))
    layer["geometry"] = None
    assert is_empty(browser_geojson(layer))  # nothing left to draw


# --- a layer drawn from its binary copy makes its text only when it is read -----------------


def test_a_binary_layer_makes_the_same_text_when_read(layer):
    fields = ["name", HOSTILE_NAME, "value"]
    plain = browser_geojson(layer, fields)
    binary = browser_geojson(layer, fields, binary=True)
    assert binary.binary is not None and binary.source is None  # no text kept
    assert isinstance(plain.source, str) and plain.text is plain.source
    assert binary.text == plain.text  # made on use: the same GeoJSON, rounded, escaped
    assert binary.text_chars == len(plain.text) == plain.text_chars
    assert property_names(binary) == property_names(plain)
    assert binary.as_dict() == plain.as_dict()
    assert not SCRIPT_UNSAFE & set(binary.text)


def test_the_text_of_a_binary_layer_comes_from_text_from(layer):
    made = []

    def again() -> gpd.GeoDataFrame:
        made.append(1)
        return layer

    binary = browser_geojson(layer, ["name"], binary=True, text_from=again)
    assert not made  # nothing made until the text is read
    assert binary.text == browser_geojson(layer, ["name"]).text and made == [1]
    assert binary.payload == binary.text.encode() and made == [1, 1, 1]  # never kept


def test_serving_a_binary_copy_makes_no_text(layer):
    def refuse() -> gpd.GeoDataFrame:
        raise AssertionError("the text was made")

    binary = browser_geojson(layer, ["name"], binary=True, text_from=refuse)
    served = binary.binary_served_at("/media/abc.bin")
    assert served.binary.url == "/media/abc.bin" and served.digest == binary.digest
    assert binary.digest == binary.binary.digest  # fingerprinted by its binary copy
    assert "_payload" not in binary.__dict__ and "_payload" not in served.__dict__
    assert property_names(served) == {"name", "zone", "fid"}
    again = browser_geojson(layer, ["name"], binary=True)
    assert again.digest == binary.digest  # the same layer, the same fingerprint
    as_json = again.served_at("/media/abc.json")  # a layer served as text: encoded once
    assert as_json.payload == again.text.encode() and as_json.digest == again.digest


def test_property_names_of_a_long_first_feature():
    frame = frame_of({"name": ["x" * 100_000], "other": ["y"]})
    assert property_names(browser_geojson(frame, ["name", "other"])) == {"name", "other"}
    layer = browser_geojson(frame, ["name", "other"], binary=True)
    assert property_names(layer) == {"name", "other"}


def test_the_binary_copy_is_the_one_made_from_the_rounded_frame(layer):
    """The encoder puts coordinates on the grid itself: the display frame need not."""
    from dashboard.browser.binary_geometry import encode_frame

    fields = ["name", HOSTILE_NAME, "zone", "fid"]
    rounded = encode_frame(display_frame(layer, fields), STYLE_FIELDS)
    assert browser_geojson(layer, fields[:2], binary=True).binary.payload == rounded.payload


def test_a_repeated_text_is_escaped_once_and_shared_by_its_rows():
    import geopandas as gpd
    from shapely.geometry import Point

    from dashboard.browser.escaping import escape_series
    from dashboard.browser.serialise import display_frame

    kinds = ["<b>shop</b>", "home & yard", None, "<b>shop</b>"] * 50
    names = [f"<i>{i}</i>" for i in range(200)]
    gdf = gpd.GeoDataFrame(
        {"kind": kinds, "name": names},
        geometry=[Point(34.4, 31.4)] * 200,
        crs="EPSG:4326",
    )
    frame = display_frame(gdf, ["kind", "name"])
    assert frame["kind"].tolist() == escape_series(gdf["kind"]).tolist()
    assert frame["name"].tolist() == escape_series(gdf["name"]).tolist()
    assert frame["kind"].iloc[0] == "&lt;b&gt;shop&lt;/b&gt;" and frame["kind"].iloc[2] == ""
    assert frame["kind"].iloc[0] is frame["kind"].iloc[3]  # one object, not one per row
