"""bench/load.py: the client's word for the map, the server's process tree, the table."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from streamlit.proto.Element_pb2 import Element

from bench.load import (
    StepFailed,
    _tree_now,
    map_word,
    parse_stat,
    process_tree,
    summarise,
    table,
)


def _component(name: str, default) -> tuple[str, object]:
    element = Element()
    proto = element.component_instance
    proto.component_name = name
    proto.json_args = json.dumps({"height": 600, "default": default, "key": "m"})
    return "component_instance", proto


def test_map_word_sends_the_maps_default_value_as_the_browser_does():
    default = {"last_clicked": None, "bounds": None, "zoom": None}
    widgets = {
        "$$ID-1-lang": ("button_group", object()),
        "$$ID-2-other": _component("another.component", {"x": 1}),
        "$$ID-3-map": _component("streamlit_folium.st_folium", default),
    }
    word = map_word(widgets)
    assert word.id == "$$ID-3-map"
    # The same text, keys in the page's order: a value in another order would differ.
    assert word.json_value == json.dumps(default)
    assert list(json.loads(word.json_value)) == ["last_clicked", "bounds", "zoom"]


def test_map_word_fails_the_step_when_the_first_run_has_no_map():
    with pytest.raises(StepFailed, match="no map"):
        map_word({"$$ID-1-lang": ("button_group", object())})


def test_parse_stat_reads_the_parent_and_cpu_of_the_process_and_its_reaped_children():
    # pid (comm) state ppid ... utime stime cutime cstime: a name with spaces and brackets.
    fields = ["S", "41", *["0"] * 9, "100", "20", "7", "3", *["0"] * 30]
    ppid, ticks = parse_stat("123 (python3 (a) b) " + " ".join(fields))
    assert ppid == 41
    assert ticks == 130


def test_process_tree_finds_every_descendant_and_nothing_else():
    parents = {1: 0, 10: 1, 11: 10, 12: 10, 13: 12, 20: 1, 21: 20}
    assert sorted(process_tree([10], parents)) == [10, 11, 12, 13]
    assert sorted(process_tree([12, 21], parents)) == [12, 13, 21]
    assert process_tree([99], parents) == [99]  # a root with no children


def test_the_tree_of_a_live_process_includes_its_child():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        tree, stats = _tree_now([os.getpid()])
        assert child.pid in tree and os.getpid() in tree
        assert stats[child.pid][0] == os.getpid()
    finally:
        child.kill()
        child.wait()


def test_table_gives_each_step_median_and_p95_and_cpu_per_session():
    steps = {
        name: summarise(values)
        for name, values in {
            "first_run_s": [0.3, 0.4],
            "page_s": [0.7, 0.9],
            "toggle_s": [0.5, 0.6],
            "event_s": [0.8, 1.0],
            "upload_s": [1.2, 1.4],
        }.items()
    }
    level = {
        "sessions": 2,
        "errors": 0,
        "processes": 1,
        "server_cpu_s": 3.7,
        "cpu_s_per_session": 1.85,
        "idle_mb": 229.0,
        "peak_mb": 302.4,
        "after_mb": 285.0,
        **steps,
    }
    row = table([level]).splitlines()[-1]
    assert row.startswith("| 2 | 0 / 2 | 0.35 / 0.40 | 0.80 / 0.89 |")
    assert row.endswith("| 4 | 1.85 | 229 | 302 | 285 |")
