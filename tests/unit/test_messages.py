"""dashboard.messages: how messages list items and sizes; the refusal exceptions."""

from __future__ import annotations

import pytest

from dashboard.messages import (
    MAX_LISTED,
    AxesSwapped,
    CrsRequired,
    GeodataError,
    LayerChoiceRequired,
    Message,
    isolate,
    listing,
    megabytes,
    without_isolates,
)


def test_listing_names_the_first_items_then_counts_the_rest():
    assert listing([]) == ""
    assert listing(["a", "b"]) == "a, b"
    items = [str(i) for i in range(MAX_LISTED + 3)]
    assert listing(items) == ", ".join(items[:MAX_LISTED]) + " and 3 more"
    assert listing(["a", "b", "c"], limit=2) == "a, b and 1 more"


def test_megabytes():
    assert megabytes(0) == "0.0 MB"
    assert megabytes(int(12.34 * 2**20)) == "12.3 MB"


def test_refusals_are_geodata_errors():
    for error in (CrsRequired, AxesSwapped, LayerChoiceRequired):
        assert issubclass(error, GeodataError) and issubclass(error, ValueError)
    choice = LayerChoiceRequired("f: choose one", ("a", "b"))
    assert str(choice) == "f: choose one" and choice.layers == ["a", "b"]
    with pytest.raises(GeodataError):
        raise choice


def test_message_is_a_value():
    assert Message("info", "x") == Message("info", "x")
    with pytest.raises(AttributeError):
        Message("info", "x").text = "y"


# --- names inside messages ------------------------------------------------------------------


def test_isolate_wraps_a_name_in_first_strong_isolate_and_pop():
    assert isolate("zones.geojson") == "\u2068zones.geojson\u2069"
    assert isolate("غزة") == "\u2068غزة\u2069"
    assert isolate(12) == "\u206812\u2069"
    assert isolate("") == "\u2068\u2069"


@pytest.mark.parametrize(
    ("name", "inside"),
    [
        ("a\u2069\u202eb", "a\u202eb"),  # a stray PDI would end the isolate early: dropped
        ("a\u2067b", "a\u2067b\u2069"),  # an isolate the name opens is closed
        ("\u2066a\u2069b", "\u2066a\u2069b"),  # balanced isolates are kept
    ],
)
def test_isolate_balances_the_isolates_of_the_name(name, inside):
    assert isolate(name) == "\u2068" + inside + "\u2069"


def test_without_isolates_gives_the_plain_text_back():
    text = f"{isolate('مناطق.geojson')}: read with {isolate('x')}."
    assert without_isolates(text) == "مناطق.geojson: read with x."
