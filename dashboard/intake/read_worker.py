"""The worker process that reads one untrusted file: ``python -m dashboard.intake.read_worker``.

GDAL, Arrow and GEOS parse what visitors upload. A file crafted to crash them (GEOS's WKB
reader overflows its stack on collections nested 15,000 deep) or to exhaust memory or
time would, in the app's own process, end every visitor's session. Here it ends this
process only: :mod:`dashboard.intake.isolated_read` starts it, sends it one file, and
turns its death into a message.

Before reading, the worker caps its own address space and CPU time
(``resource.setrlimit``): past the memory cap an allocation fails (a refusal with a
message, or the process dies), past the CPU cap the kernel ends it (SIGXCPU). It reads
with :func:`~dashboard.intake.user_files.read_geodata`, the same checks as ever, and
answers with the checked layer or the refusal (:mod:`dashboard.intake.worker_wire`).
The protocol has the process's original standard output to itself: file descriptor 1 is
pointed at standard error, so a library that prints cannot corrupt a frame.
"""

from __future__ import annotations

import os
import resource
import sys
from dataclasses import fields

import pyarrow as pa

from dashboard.config import READ_WORKER_KEEP_BYTES, READ_WORKER_READS
from dashboard.intake import worker_wire as wire
from dashboard.intake.memory import give_back_memory
from dashboard.intake.user_files import DEFAULT_LIMITS, Handover, Limits, read_geodata
from dashboard.messages import GeodataError, isolate, language_of, megabytes, say

# A request's payload: the file's bytes, at most the largest upload plus its header.
MAX_REQUEST_BYTES = 2**34


def _address_space() -> int:
    """Bytes of address space this process has mapped now (``VmSize``)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


def cap_resources(memory_bytes: int, cpu_seconds: int) -> None:
    """Allow this process ``memory_bytes`` more address space and ``cpu_seconds`` more CPU.

    Only the soft limits are set: they bound what a file can make the reader do, not what
    this process's own code may later allow itself.
    """
    if memory_bytes > 0:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = _address_space() + memory_bytes
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    if cpu_seconds > 0:
        used = resource.getrusage(resource.RUSAGE_SELF)
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        soft = int(used.ru_utime + used.ru_stime) + 1 + cpu_seconds
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _limits(values: object) -> Limits:
    if not isinstance(values, dict):
        return DEFAULT_LIMITS
    names = {f.name for f in fields(Limits)}
    return Limits(**{k: int(v) for k, v in values.items() if k in names})


def handle(header: dict, payload: bytes) -> tuple[dict, bytes | pa.Buffer]:
    """Read the file a request carries; the reply's header and payload."""
    filename = str(header.get("filename", ""))
    handover = Handover(payload)
    del payload
    with language_of(str(header.get("language", "en"))):
        try:
            loaded = read_geodata(
                handover,
                filename,
                layer=header.get("layer"),
                crs=header.get("crs"),
                swap_axes=bool(header.get("swap_axes")),
                limits=_limits(header.get("limits")),
            )
            body, as_json = wire.frame_to_wire(loaded.gdf, loaded.wkb)
            reply = {
                "ok": True,
                "name": loaded.name,
                "messages": wire.messages_to_wire(loaded.messages),
                "source_crs": loaded.source_crs,
                "content_hash": loaded.content_hash,
                "layers": loaded.layers,
                "geometry": loaded.gdf.geometry.name,
                "json_columns": as_json,
            }
            return reply, body
        except MemoryError:
            return wire.error_to_wire(_out_of_memory(filename, header)), b""
        except GeodataError as exc:
            if getattr(exc.args[0] if exc.args else None, "key", "") == "file.out_of_memory":
                return wire.error_to_wire(_out_of_memory(filename, header)), b""
            # A choice to make (layer, CRS, axes): the bytes go back for the next read.
            return wire.error_to_wire(exc), handover.data


def _out_of_memory(filename: str, header: dict) -> GeodataError:
    """The refusal of a file that needed more than the worker's memory cap."""
    limit = megabytes(int(header.get("memory_bytes", 0)))
    return GeodataError(say("worker.out_of_memory", name=isolate(filename), limit=limit))


def _resident_bytes() -> int:
    """Bytes of memory this process holds now (``VmRSS``)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


def retiring(reply: dict, body: bytes, served: int) -> bool:
    """Whether this worker should end after ``reply``: it hit its memory cap, has served
    its share of reads, or still holds more than a fresh worker plus a small read (glibc
    keeps freed memory; a later file would get that much more room under the cap)."""
    text = reply.get("text")
    if isinstance(text, dict) and text.get("key") == "worker.out_of_memory":
        return True
    return served >= READ_WORKER_READS or _resident_bytes() - len(body) > READ_WORKER_KEEP_BYTES


def main() -> int:
    """Serve requests on standard input until it closes; one file per request."""
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to standard error, not into a frame
    requests = sys.stdin.buffer
    served = 0
    while True:
        try:
            frame = wire.receive(requests, MAX_REQUEST_BYTES)
        except wire.WireError:
            return 1
        if frame is None:
            return 0
        header, payload = frame
        cap_resources(int(header.get("memory_bytes", 0)), int(header.get("cpu_seconds", 0)))
        reply, body = handle(header, payload)
        del payload
        served += 1
        give_back_memory()
        reply["retiring"] = retiring(reply, body, served)
        wire.send(replies, reply, body)
        if reply["retiring"]:
            return 0


if __name__ == "__main__":
    sys.exit(main())
