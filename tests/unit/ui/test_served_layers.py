"""dashboard.ui.served_layers: a served layer is let go once its session's browser is gone.

Streamlit's ``/media/`` route serves a file to whoever has its address, as long as some
session holds it; a closed tab's session is kept a while for a reconnect. The sweep drops
the files of sessions with no browser, on Streamlit's real media file manager.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from dashboard.ui import served_layers

NO_CONTEXT_SESSION = "dontcare"  # Streamlit's session id for files added outside a run


@dataclass
class FakeRuntime:
    """The two things the sweep asks of Streamlit's runtime."""

    media_file_mgr: MediaFileManager
    connected: set[str] = field(default_factory=set)

    def is_active_session(self, session_id: str) -> bool:
        return session_id in self.connected


@pytest.fixture
def rt(monkeypatch):
    monkeypatch.setattr(served_layers, "_serving", set())
    monkeypatch.setattr(served_layers, "_gone_once", set())
    storage = MemoryMediaFileStorage("/media")
    return FakeRuntime(MediaFileManager(storage))


def file_id(url: str) -> str:
    return url.rsplit("/", 1)[-1].split(".")[0]


def test_a_closed_sessions_layer_is_dropped_at_the_second_sweep(rt):
    url = rt.media_file_mgr.add(b'{"type":"FeatureCollection"}', "application/json", "c")
    storage = rt.media_file_mgr._storage
    served_layers._serving.add(NO_CONTEXT_SESSION)
    rt.connected.add(NO_CONTEXT_SESSION)
    assert served_layers.drop_closed_sessions(rt) == []  # its tab is open
    storage.get_file(file_id(url))

    rt.connected.clear()  # the tab closed
    assert served_layers.drop_closed_sessions(rt) == []  # a blip shorter than a sweep
    storage.get_file(file_id(url))
    assert served_layers.drop_closed_sessions(rt) == [NO_CONTEXT_SESSION]
    with pytest.raises(MediaFileStorageError):
        storage.get_file(file_id(url))  # the address now answers 404
    assert served_layers._serving == set()


def test_a_session_that_reconnects_keeps_its_layers(rt):
    url = rt.media_file_mgr.add(b"\x00\x01", "application/octet-stream", "b")
    served_layers._serving.add(NO_CONTEXT_SESSION)
    assert served_layers.drop_closed_sessions(rt) == []  # gone at this sweep...
    rt.connected.add(NO_CONTEXT_SESSION)
    assert served_layers.drop_closed_sessions(rt) == []  # ...back at the next one
    assert served_layers.drop_closed_sessions(rt) == []
    rt.media_file_mgr._storage.get_file(file_id(url))
