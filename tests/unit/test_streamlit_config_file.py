""".streamlit/config.toml: the app listens on this machine only."""

from __future__ import annotations

import pytest

from tests.conftest import REPO

tomllib = pytest.importorskip("tomllib")  # Python 3.11+


def server_options() -> dict:
    with (REPO / ".streamlit" / "config.toml").open("rb") as file:
        return tomllib.load(file)["server"]


def test_the_app_listens_on_loopback_unless_told_otherwise():
    # Other machines reach it through deploy/'s proxy, or --server.address 0.0.0.0.
    assert server_options()["address"] == "127.0.0.1"
