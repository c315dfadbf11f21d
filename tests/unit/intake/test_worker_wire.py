"""What travels between the app and a read worker: frames, texts, refusals and layers."""

from __future__ import annotations

import io

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from dashboard.intake import worker_wire as wire
from dashboard.messages import LayerChoiceRequired, Said, in_language, isolate, language_of, say


def test_a_frame_goes_through_a_pipe_unchanged():
    pipe = io.BytesIO()
    wire.send(pipe, {"filename": "a.geojson"}, b"\x00bytes")
    pipe.seek(0)
    assert wire.receive(pipe, 100) == ({"filename": "a.geojson"}, b"\x00bytes")
    assert wire.receive(pipe, 100) is None  # closed between frames


def test_a_layer_is_sent_from_arrows_buffer_without_a_copy_as_bytes():
    gdf = gpd.GeoDataFrame({"name": ["a"]}, geometry=[shapely.Point(34.4, 31.4)], crs=4326)
    payload, as_json = wire.frame_to_wire(gdf)
    assert not isinstance(payload, bytes)  # Arrow's buffer, written as it is
    pipe = io.BytesIO()
    wire.send(pipe, {"ok": True}, payload)
    pipe.seek(0)
    header, received = wire.receive(pipe, 2**20)
    back = wire.frame_from_wire(received, "geometry", as_json)
    assert back["name"].tolist() == ["a"] and back.geometry.iloc[0].equals(gdf.geometry.iloc[0])


def test_a_frame_larger_than_allowed_or_cut_short_is_refused():
    pipe = io.BytesIO()
    wire.send(pipe, {}, b"x" * 50)
    with pytest.raises(wire.WireError):
        wire.receive(io.BytesIO(pipe.getvalue()), 10)
    with pytest.raises(wire.WireError):
        wire.receive(io.BytesIO(pipe.getvalue()[:-5]), 100)


def test_a_message_keeps_what_it_needs_to_be_written_in_another_language():
    with language_of("ar"):
        text = say("file.empty", name=isolate("a.geojson"))
    back = wire.text_from_wire(wire.text_to_wire(text))
    assert isinstance(back, Said) and back == text
    assert in_language(back, "en") == in_language(text, "en")


def test_a_refusal_comes_back_as_its_class_with_its_layers():
    error = LayerChoiceRequired(say("file.empty", name="x"), ["a", "b"])
    back = wire.error_from_wire(wire.error_to_wire(error))
    assert type(back) is LayerChoiceRequired and back.layers == ["a", "b"]
    assert str(back) == str(error)


def test_an_unknown_class_is_a_plain_refusal():
    back = wire.error_from_wire({"error": "SystemExit", "text": "no"})
    assert type(back).__name__ == "GeodataError" and str(back) == "no"


def test_properties_of_every_kind_come_back_as_the_reader_made_them():
    columns = {
        "mixed": [1, "two", None],  # Arrow cannot type it: sent as JSON
        "whole": [1, None, 3],  # integers with a gap stay integers (JSON too)
        "float": [1.5, None, 2.0],
        "text": ["a", None, "c"],
    }
    gdf = gpd.GeoDataFrame(
        {name: pd.Series(values, dtype=object) for name, values in columns.items()},
        geometry=[shapely.Point(34.4, 31.4), shapely.Point(34.5, 31.5), None],
        crs="EPSG:4326",
    )
    payload, as_json = wire.frame_to_wire(gdf)
    assert set(as_json) == {"mixed", "whole"}
    back = wire.frame_from_wire(payload, "geometry", as_json)
    assert back.crs == gdf.crs
    for column in ("mixed", "whole", "float", "text"):
        assert back[column].tolist() == gdf[column].tolist(), column
    assert back["whole"].tolist()[0] == 1 and isinstance(back["whole"].tolist()[0], int)
    assert back.geometry.iloc[:2].geom_equals_exact(gdf.geometry.iloc[:2], 0).all()
    assert back.geometry.iloc[2] is None
