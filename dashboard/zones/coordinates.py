"""Coordinates typed by a person: two numbers, in either order, in Western or Arabic digits.

People copy coordinates from many places: "31.42, 34.38" (latitude first, as most map
sites give them), "34.38 31.42" (longitude first, as GeoJSON and GIS tools do), with
degree signs or hemisphere letters, with decimal commas ("31,42; 34,38") or in
Arabic-Indic digits ("٣١٫٤٢، ٣٤٫٣٨"). Which number is the latitude is decided by the place:
the order that falls inside the Strip wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Arabic-Indic and Eastern Arabic (Persian) digits; the Arabic decimal separator, comma
# and semicolon.
_DIGITS = {chr(base + i): str(i) for base in (0x660, 0x6F0) for i in range(10)}
_SEPARATORS = {"\u066b": ".", "\u060c": ",", "\u061b": ";"}
_TO_WESTERN = str.maketrans({**_DIGITS, **_SEPARATORS})
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
# What may surround the two numbers: separators, degree signs, hemisphere letters, spaces.
_ALLOWED_REST = re.compile(r"^[\s,;/°ºNnEe()\[\]]*$")


def two_numbers(text: str) -> tuple[float, float] | None:
    """The two numbers of ``text`` in the order typed, or None when it is not two numbers
    (a place name, one number, three numbers, words around them)."""
    plain = text.strip().translate(_TO_WESTERN)
    found = _NUMBER.findall(plain)
    if len(found) != 2 or not _ALLOWED_REST.match(_NUMBER.sub("", plain)):
        return None
    return float(found[0].replace(",", ".")), float(found[1].replace(",", "."))


def read_coordinates(
    text: str, inside: Callable[[float, float], bool]
) -> tuple[float, float] | None:
    """``text`` as (latitude, longitude), or None when it is not two numbers.

    ``inside(lat, lon)`` says whether a point is in the area asked about (the Strip): the
    numbers are taken as typed (latitude first) unless only the other order is inside.
    A point inside in neither order is returned as typed, for the caller to say so.
    """
    numbers = two_numbers(text)
    if numbers is None:
        return None
    first, second = numbers
    if not inside(first, second) and abs(second) <= 90 and inside(second, first):
        return second, first
    return first, second
