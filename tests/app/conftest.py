"""Helpers for the page tests: the script run headless with Streamlit's AppTest."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import REPO

APP = REPO / "dashboard" / "app.py"


def walk_elements(node):
    """Every element below an AppTest tree node."""
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield child
            yield from walk_elements(child)


def map_components(at) -> list[dict]:
    """The JSON arguments of every st_folium component the script rendered."""
    return [
        json.loads(e.proto.json_args)
        for e in walk_elements(at._tree)
        if getattr(e, "type", None) == "component_instance"
    ]


@pytest.fixture
def app_test():
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(APP), default_timeout=90)


def drawn_features(feature_group: str) -> list[dict]:
    """Every GeoJSON feature a component's ``feature_group`` script adds to the map.

    FastGeoJson writes each layer pasted into the script as one
    ``fast_geo_json_<n>.addData(<GeoJSON text>);`` line (a layer served by URL is not there).
    """
    return [
        feature
        for text in re.findall(r"fast_geo_json_\w+\.addData\((.*)\);$", feature_group, re.M)
        for feature in json.loads(text)["features"]
    ]


_CIRCLE_MARKER = re.compile(
    r"L\.circleMarker\(\s*\[([-\d.]+), ([-\d.]+)\],\s*(\{.*?\})\s*\)", flags=re.DOTALL
)


def circle_markers(feature_group: str) -> list[tuple[float, float, dict]]:
    """(lat, lon, options) of every folium CircleMarker in a ``feature_group`` script."""
    return [
        (float(lat), float(lon), json.loads(options))
        for lat, lon, options in _CIRCLE_MARKER.findall(feature_group)
    ]


def type_in_selectbox(at, key: str, text: str):
    """Type ``text`` in the selectbox ``key`` (one that accepts new options) and commit
    it, as the browser sends it: AppTest's own ``set_value`` only picks listed options."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    box = at.selectbox(key=key)

    class Typed(type(box)):
        @property
        def _widget_state(self) -> WidgetState:
            state = WidgetState()
            state.id = self.id
            state.string_value = text
            return state

    box.__class__ = Typed
    box._value = text
    return box
