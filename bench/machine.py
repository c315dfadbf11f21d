"""What machine a benchmark ran on, for its results file."""

from __future__ import annotations

import os
import platform
from importlib.metadata import version
from pathlib import Path


def describe(packages: tuple[str, ...] = ()) -> dict:
    """CPU model, cores, memory, Python and the versions of ``packages``."""
    cpu, mem_kb = "unknown", 0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": {p: version(p) for p in packages},
    }
