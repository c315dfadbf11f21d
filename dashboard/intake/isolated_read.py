"""Reading a user's file where a crash or a bomb costs that one file, not the server.

:func:`read_isolated` has the signature and the outcome of
:func:`~dashboard.intake.user_files.read_geodata`, but the file is parsed by a worker
process (:mod:`dashboard.intake.read_worker`) with its own memory and CPU caps. A worker
that runs out of its budget or dies becomes a :class:`~dashboard.messages.GeodataError`
that names the file, and the caller goes on.

A worker serves one read at a time and is kept for the next only when that read ended
with an answer and left it small (the worker says so: it retires itself past
``READ_WORKER_KEEP_MB`` of memory, after a memory error, or after ``READ_WORKER_READS``
reads); a worker that died, ran out of time or grew is ended, so nothing a file did to
one process outlives it for long, and a large read's memory goes back when its worker
exits. The page keeps one idle worker started (:func:`warm_up`), so that a read does not
wait for the worker's imports (about a second); the command line, which reads once, does
not. At most ``READ_WORKERS`` files are read at once in one app process (two by default,
one per core of the machine this was measured on): hostile uploads cannot stack more than
that many budgets, and honest ones from many visitors do not wait for each other one by one.
"""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
import threading
from dataclasses import asdict

from dashboard.config import READ_CPU_SECONDS, READ_MEMORY_BYTES, READ_WORKERS, REPO_DIR
from dashboard.intake import scratch
from dashboard.intake import worker_wire as wire
from dashboard.intake.user_files import DEFAULT_LIMITS, Handover, Limits, LoadedLayer
from dashboard.messages import GeodataError, isolate, megabytes, message_language, say

_slots = threading.BoundedSemaphore(max(1, READ_WORKERS))  # reads at once, in this process
_idle_lock = threading.Lock()  # the idle worker, taken or kept (never held for a read)
_idle: list[subprocess.Popen] = []  # at most one: a started worker waiting for a file
_keep_spare = False
# What the worker is told about its environment: Arrow's allocator is the system's, whose
# reservations fit under an address-space cap (mimalloc reserves large areas up front);
# a few malloc arenas, not one per thread (each reserves 64 MB of address space), for the
# same reason. Not two: the reader's threads (dashboard.zones.geometry_threads) then wait
# for each other's allocations, and a 50,000-polygon read took 3.5 s instead of 2.6 s.
_WORKER_ENV = {"ARROW_DEFAULT_MEMORY_POOL": "system", "MALLOC_ARENA_MAX": "4"}


def _spawn() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "dashboard.intake.read_worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=REPO_DIR,  # `-m` finds this package from here, however the app was started
        env={**os.environ, **_WORKER_ENV},
    )


def _take_worker() -> subprocess.Popen:
    with _idle_lock:
        while _idle:
            worker = _idle.pop()
            if worker.poll() is None:
                return worker
    return _spawn()


def _keep_or_end(worker: subprocess.Popen, keep: bool) -> int | None:
    """Keep ``worker`` as the idle one (when ``keep`` and there is none), else end it;
    its exit status when it was ended."""
    if keep and worker.poll() is None:
        with _idle_lock:
            if not _idle:
                _idle.append(worker)
                return None
    return _end(worker)


def _start_spare() -> None:
    with _idle_lock:
        _idle[:] = [worker for worker in _idle if worker.poll() is None]
        if _keep_spare and not _idle:
            _idle.append(_spawn())


def warm_up() -> None:
    """Keep a worker started from now on, so that each read finds one ready (cheap to
    call on every run of the page: it starts one only when there is none)."""
    global _keep_spare
    _keep_spare = True
    _start_spare()


@atexit.register
def _stop_spare() -> None:
    for worker in _idle:
        if worker.poll() is None:
            worker.kill()


def _end(worker: subprocess.Popen) -> int:
    """Close the worker's input (it exits between requests) and its exit status."""
    for stream in (worker.stdin, worker.stdout):
        try:
            stream.close()
        except OSError:
            pass
    try:
        return worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()
        return worker.wait()


def _death_message(status: int, timed_out: bool, label: str, memory: int, seconds: int) -> str:
    """Why a worker gave no answer, for the person whose file it was reading."""
    if timed_out or status == -signal.SIGXCPU:
        return say("worker.too_slow", name=label, seconds=seconds)
    if status in (-signal.SIGKILL, -signal.SIGABRT):  # the kernel's OOM killer; bad_alloc
        return say("worker.out_of_memory", name=label, limit=megabytes(memory))
    return say("worker.crashed", name=label)


def read_isolated(
    data: bytes | Handover,
    filename: str,
    *,
    layer: str | None = None,
    crs: str | None = None,
    swap_axes: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    memory_bytes: int = READ_MEMORY_BYTES,
    cpu_seconds: int = READ_CPU_SECONDS,
) -> LoadedLayer:
    """:func:`~dashboard.intake.user_files.read_geodata` in a worker process.

    Parameters are those of ``read_geodata``, and:

    memory_bytes : int
        Address space the worker may add to what it maps before reading (0: no cap).
    cpu_seconds : int
        CPU time the read may take (0: no cap); the wall-clock limit is three times this.

    Raises
    ------
    GeodataError
        As ``read_geodata`` does, and when the worker ran out of memory or time or died.
    """
    label = isolate(filename)
    handed = data if isinstance(data, Handover) else None
    content = handed.take() if handed is not None else data
    del data
    request = {
        "filename": filename,
        "layer": layer,
        "crs": crs,
        "swap_axes": swap_axes,
        "limits": asdict(limits),
        "language": message_language(),
        "memory_bytes": memory_bytes,
        "cpu_seconds": cpu_seconds,
    }
    with _slots:
        worker = _take_worker()
        timed_out = threading.Event()

        def _stop() -> None:
            timed_out.set()
            worker.kill()

        watchdog = threading.Timer(3 * cpu_seconds + 10 if cpu_seconds else 3600, _stop)
        watchdog.daemon = True
        watchdog.start()
        try:
            try:
                wire.send(worker.stdin, request, content)
                content = b""
                frame = wire.receive(worker.stdout, 2 * limits.max_bytes + 2**31)
            except (OSError, wire.WireError):
                frame = None
        finally:
            watchdog.cancel()
            keep = frame is not None and not frame[0].get("retiring") and not timed_out.is_set()
            status = _keep_or_end(worker, keep)
        _start_spare()
    if frame is None:
        scratch.remove_stale()  # the dead worker's private folder
        why = _death_message(status or 0, timed_out.is_set(), label, memory_bytes, cpu_seconds)
        raise GeodataError(why)
    header, payload = frame
    if not header.get("ok"):
        error = wire.error_from_wire(header)
        if handed is not None:
            handed.data = payload  # the bytes, for a read with the user's choice
        raise error
    try:
        as_json = [str(c) for c in header.get("json_columns") or []]
        gdf = wire.frame_from_wire(payload, str(header.get("geometry", "geometry")), as_json)
    except Exception:  # noqa: BLE001 - a reply that is not a layer: the worker went wrong
        raise GeodataError(say("worker.crashed", name=label)) from None
    return LoadedLayer(
        name=str(header.get("name", filename)),
        gdf=gdf,
        messages=wire.messages_from_wire(header.get("messages")),
        source_crs=header.get("source_crs"),
        content_hash=str(header.get("content_hash", "")),
        layers=[str(n) for n in header.get("layers") or []],
    )
