"""Files read in a worker process: a crash, a memory or a time bomb costs that file only."""

from __future__ import annotations

import signal
import subprocess
import sys

from dashboard.intake import isolated_read
from dashboard.intake.isolated_read import read_isolated
from dashboard.intake.user_files import Handover, read_geodata
from dashboard.messages import (
    CrsRequired,
    GeodataError,
    LayerChoiceRequired,
    Said,
    in_language,
    language_of,
)
from tests.conftest import DATA, REPO


def _refusal(data: bytes, name: str, **options) -> GeodataError:
    try:
        read_isolated(data, name, **options)
    except GeodataError as exc:
        return exc
    raise AssertionError(f"{name} was read")


# A worker that a file crashes, as GEOS's WKB reader did on collections nested 20,000 deep
# (now refused before GEOS sees them: dashboard/intake/wkb_checks.py): it reads its request,
# then dies of a segmentation fault.
CRASHING_WORKER = (
    "import os, signal, sys\nsys.stdin.buffer.read(12)\nos.kill(os.getpid(), signal.SIGSEGV)\n"
)


def test_a_file_that_crashes_the_reader_is_a_message_and_the_next_file_is_read(monkeypatch):
    def crashing() -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-c", CRASHING_WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )

    data = (DATA / "valid_zones.geojson").read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr(isolated_read, "_spawn", crashing)
        error = _refusal(data, "crash.geojson")
    assert "made the reader crash" in str(error)
    assert "crash.geojson" in str(error)
    loaded = read_isolated(data, "valid_zones.geojson")
    assert len(loaded.gdf) == 2


def test_a_collection_nested_too_deep_is_refused_before_any_decoding(tmp_path):
    from tests.data.make_hostile_files import deep_collection_parquet

    data = deep_collection_parquet(tmp_path / "deep.parquet").read_bytes()
    error = _refusal(data, "deep.parquet")
    assert "nests collections inside collections" in str(error)


def test_the_layer_is_the_one_read_in_process():
    data = (DATA / "mixed_types.geojson").read_bytes()
    here = read_geodata(data, "mixed_types.geojson")
    there = read_isolated(data, "mixed_types.geojson")
    assert there.name == here.name and there.content_hash == here.content_hash
    assert list(there.gdf.columns) == list(here.gdf.columns)
    assert there.gdf.crs == here.gdf.crs
    assert there.gdf.drop(columns="geometry").equals(here.gdf.drop(columns="geometry"))
    assert there.gdf.geometry.geom_equals_exact(here.gdf.geometry, 0).all()
    assert [m.text for m in there.messages] == [m.text for m in here.messages]


def test_a_choice_hands_the_bytes_back_for_the_next_read():
    data = (DATA / "two_layers.gpkg").read_bytes()
    handover = Handover(data)
    try:
        read_isolated(handover, "two_layers.gpkg")
    except LayerChoiceRequired as exc:
        assert exc.layers == ["zones", "towns"]
    else:
        raise AssertionError("no choice asked")
    assert handover.data == data
    loaded = read_isolated(handover, "two_layers.gpkg", layer="towns")
    assert loaded.name.endswith("towns")


def test_messages_come_back_in_the_readers_language_and_can_be_written_again():
    data = (DATA / "projected_no_crs.geojson").read_bytes()
    with language_of("ar"):
        error = _refusal(data, "projected_no_crs.geojson")
    assert isinstance(error, CrsRequired)
    text = error.args[0]
    assert isinstance(text, Said)
    assert text.startswith("\u2068projected_no_crs.geojson\u2069: الإحداثيات")
    assert in_language(text, "en").startswith("\u2068projected_no_crs.geojson\u2069")


def test_a_file_over_the_memory_budget_is_refused_with_a_message():
    data = (DATA / "valid_zones.geojson").read_bytes()
    # A fresh worker: one that read before has GDAL's drivers and PROJ's database loaded,
    # and reads this small file within 2 MB more.
    while isolated_read._idle:
        isolated_read._end(isolated_read._idle.pop())
    error = _refusal(data, "valid_zones.geojson", memory_bytes=2 * 2**20)
    assert "more memory than an upload may use (2.0 MB)" in str(error)


def test_the_cpu_cap_ends_the_process(tmp_path):
    code = (
        "from dashboard.intake.read_worker import cap_resources\n"
        "cap_resources(0, 1)\n"
        "while True: pass\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, timeout=60)
    assert done.returncode == -signal.SIGXCPU


def test_each_way_a_worker_dies_has_its_message():
    said = {
        "slow": isolated_read._death_message(-signal.SIGXCPU, False, "f", 2**30, 60),
        "timer": isolated_read._death_message(-signal.SIGKILL, True, "f", 2**30, 60),
        "memory": isolated_read._death_message(-signal.SIGKILL, False, "f", 2**30, 60),
        "crash": isolated_read._death_message(-signal.SIGSEGV, False, "f", 2**30, 60),
    }
    assert said["slow"] == said["timer"] and "60 s" in said["slow"]
    assert "1024.0 MB" in said["memory"]
    assert "crash" in said["crash"]


def test_a_worker_that_answered_and_stayed_small_reads_the_next_file():
    data = (DATA / "valid_zones.geojson").read_bytes()
    isolated_read.warm_up()
    read_isolated(data, "a.geojson")
    kept = [worker.pid for worker in isolated_read._idle]
    read_isolated(data, "b.geojson")
    assert kept and [worker.pid for worker in isolated_read._idle] == kept


def test_a_worker_retires_after_a_memory_error_its_share_of_reads_or_when_large(monkeypatch):
    from dashboard.intake import read_worker

    out_of_memory = {"error": "GeodataError", "text": {"said": "", "key": "worker.out_of_memory"}}
    assert read_worker.retiring(out_of_memory, b"", 1)
    # As a fresh worker: the test process itself may hold more than a worker may keep.
    monkeypatch.setattr(read_worker, "_resident_bytes", lambda: 50 * 2**20)
    assert not read_worker.retiring({"ok": True}, b"", 1)
    assert read_worker.retiring({"ok": True}, b"", read_worker.READ_WORKER_READS)
    monkeypatch.setattr(read_worker, "READ_WORKER_KEEP_BYTES", 0)
    assert read_worker.retiring({"ok": True}, b"", 1)
