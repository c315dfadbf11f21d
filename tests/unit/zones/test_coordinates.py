"""Coordinates typed by a person: two numbers in either order, in Western or Arabic digits."""

from __future__ import annotations

import pytest

from dashboard.zones.coordinates import read_coordinates, two_numbers


def in_gaza(lat: float, lon: float) -> bool:
    return 31.2 < lat < 31.6 and 34.2 < lon < 34.6


@pytest.mark.parametrize(
    "typed",
    [
        "31.42, 34.38",
        "31.42 34.38",
        "31.42,34.38",
        "31,42; 34,38",
        "31,42 34,38",
        "31.42°N 34.38°E",
        "(31.42, 34.38)",
        "٣١٫٤٢، ٣٤٫٣٨",
        "  31.42 ,  34.38  ",
    ],
)
def test_the_ways_people_write_a_point(typed):
    assert two_numbers(typed) == (31.42, 34.38)


@pytest.mark.parametrize("typed", ["Rafah", "31.42", "31.4 34.3 12", "Block 118, 34.38", ""])
def test_what_is_not_a_point_is_a_name(typed):
    assert two_numbers(typed) is None
    assert read_coordinates(typed, in_gaza) is None


def test_longitude_first_is_turned_round_when_only_that_order_is_in_the_strip():
    assert read_coordinates("34.38, 31.42", in_gaza) == (31.42, 34.38)
    assert read_coordinates("31.42, 34.38", in_gaza) == (31.42, 34.38)


def test_a_point_inside_in_neither_order_is_kept_as_typed_for_the_message():
    assert read_coordinates("48.85, 2.35", in_gaza) == (48.85, 2.35)
    assert read_coordinates("-34.38, 31.42", in_gaza) == (-34.38, 31.42)
