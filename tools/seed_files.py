"""Read the seed files of the base layers: ``geodata/seeds/`` (documented in ``geodata/README.md``,
"seeds/ -- the inputs of the base files").

The builders (``tools/build_geodata.py``, ``tools/build_context.py``) take every coordinate,
name, description and source of the files they write from here; they hold only the
construction. A seed feature may carry a control property (``geometry_from``, ``found_by``)
that says how the build uses it; it is not written to the output.
"""

from __future__ import annotations

import json
from pathlib import Path

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

SEEDS = Path(__file__).resolve().parents[1] / "geodata" / "seeds"


class SeedFileError(ValueError):
    """A seed file the build cannot use; the message names the file and the problem."""


def read_json(name: str, seeds: Path = SEEDS) -> dict:
    """The object of the JSON file ``name`` in ``seeds``."""
    return json.loads((seeds / name).read_text(encoding="utf-8"))


def read_features(name: str, seeds: Path = SEEDS) -> list[dict]:
    """The features of the GeoJSON file ``name`` in ``seeds``, in file order."""
    return read_json(name, seeds)["features"]


def geometry(feat: dict) -> BaseGeometry:
    """A seed feature's geometry, as shapely."""
    return shape(feat["geometry"])


def of_kind(features: list[dict], kind: str) -> list[dict]:
    """The features whose ``kind`` is ``kind``, in file order."""
    return [f for f in features if f["properties"].get("kind") == kind]


def without(props: dict, key: str) -> dict:
    """``props`` without the control property ``key`` (what goes into the output)."""
    return {k: v for k, v in props.items() if k != key}


def one(features: list[dict], name: str, **match: object) -> dict:
    """The one feature whose properties have the values of ``match``."""
    found = [f for f in features if all(f["properties"].get(k) == v for k, v in match.items())]
    if len(found) != 1:
        wanted = ", ".join(f"{k}={v!r}" for k, v in match.items())
        raise SeedFileError(f"{name}: expected one feature with {wanted}, found {len(found)}")
    return found[0]
