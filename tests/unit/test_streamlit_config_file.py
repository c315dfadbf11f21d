""".streamlit/config.toml: the app listens on this machine only; its websocket is compressed."""

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


def test_the_websocket_s_messages_are_compressed():
    # The first page's messages: 456 KB as sent, 149 KB compressed (deploy/README.md).
    assert server_options()["enableWebsocketCompression"] is True
