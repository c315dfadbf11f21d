"""A FlatGeobuf's own feature count checked against the features it holds.

GDAL's FlatGeobuf driver reads as many features as the file's header counts: a header that
counts fewer (written by a broken exporter, or on purpose) makes the rest of the file
vanish without a word. The header is a FlatBuffers table; the features follow it (after
the spatial index, when there is one), each behind its length. Walking those lengths
costs a read of 4 bytes per feature, no parsing.
"""

from __future__ import annotations

import math
import struct
from pathlib import Path

from dashboard.messages import GeodataError, say

MAGIC = b"fgb\x03"  # the first bytes of a FlatGeobuf of the current major version
_FEATURES_COUNT = 8  # the Header table's fields (FlatGeobuf's header.fbs)
_INDEX_NODE_SIZE = 9
_DEFAULT_NODE_SIZE = 16
_NODE_BYTES = 40  # an index node: its box (4 doubles) and an offset (uint64)


class _Unreadable(Exception):
    """The header is not what the format says: left to GDAL, which names the damage."""


def _unpack(fmt: str, data: bytes, at: int) -> int:
    try:
        return struct.unpack_from(fmt, data, at)[0]
    except struct.error:
        raise _Unreadable from None


def _header_fields(header: bytes) -> tuple[int, int]:
    """``(features_count, index_node_size)`` of a FlatBuffers Header table."""
    table = _unpack("<I", header, 0)
    vtable = table - _unpack("<i", header, table)
    vtable_size = _unpack("<H", header, vtable)

    def field(index: int) -> int | None:
        slot = 4 + 2 * index
        if slot >= vtable_size:
            return None
        offset = _unpack("<H", header, vtable + slot)
        return table + offset if offset else None

    count_at, node_at = field(_FEATURES_COUNT), field(_INDEX_NODE_SIZE)
    count = _unpack("<Q", header, count_at) if count_at is not None else 0
    node_size = _unpack("<H", header, node_at) if node_at is not None else _DEFAULT_NODE_SIZE
    return count, node_size


def index_bytes(features: int, node_size: int) -> int:
    """The size of the packed Hilbert R-tree FlatGeobuf writes for ``features``."""
    if node_size == 0 or features == 0:
        return 0
    node_size = min(max(node_size, 2), 65535)
    level, nodes = features, features
    while level != 1:
        level = math.ceil(level / node_size)
        nodes += level
    return nodes * _NODE_BYTES


def count_features(path: Path) -> tuple[int, int] | None:
    """``(counted by the header, held by the file)``; ``None`` when the file is not laid
    out as the format says (GDAL reads it, or names the damage)."""
    with path.open("rb") as handle:
        start = handle.read(12)
        if len(start) < 12 or not start.startswith(MAGIC):
            return None
        header_size = struct.unpack_from("<I", start, 8)[0]
        try:
            declared, node_size = _header_fields(handle.read(header_size))
        except _Unreadable:
            return None
        end = handle.seek(0, 2)
        position = 12 + header_size + index_bytes(declared, node_size)
        held = 0
        while position + 4 <= end:
            handle.seek(position)
            length = struct.unpack("<I", handle.read(4))[0]
            position += 4 + length
            if position > end:
                break  # a cut feature: GDAL's error names it
            held += 1
    return declared, held


def check_feature_count(path: Path, label: str) -> None:
    """Refuse a FlatGeobuf whose header counts fewer features than it holds."""
    counts = count_features(path)
    if counts is not None and counts[1] > counts[0]:
        declared, held = counts
        raise GeodataError(
            say("fgb.undercounted", name=label, declared=f"{declared:,}", held=f"{held:,}")
        )
