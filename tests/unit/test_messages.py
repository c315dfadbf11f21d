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
    listing,
    megabytes,
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
