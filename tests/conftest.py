"""Shared test helpers."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "dashboard" / "app.py"
DATA = Path(__file__).resolve().parent / "data"


def zip_of(members: dict[str, bytes]) -> bytes:
    """A zip archive (deflated) holding ``members`` (name -> content), in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


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
