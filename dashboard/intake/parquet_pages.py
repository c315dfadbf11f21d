"""How much a Parquet column chunk decodes to, from its page headers, before reading it.

A chunk's pages say how they are encoded: plain pages decode to about their own size,
dictionary-encoded pages to one dictionary value per row. So the decoded size is at most
the plain pages' size plus the dictionary-encoded values times the longest dictionary
value. The headers are read here (Thrift's compact protocol) and the dictionary page is
decompressed to measure its longest value; the data pages are not read.

Reading a column as a dictionary bounds its memory whatever it holds, but costs a hash of
every value when the writer gave up on the dictionary after its first megabyte (most
files from GeoPandas): with this bound, such a column is read plain.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

DICTIONARY_PAGE = 2  # PageType
DICTIONARY_ENCODINGS = (2, 8)  # PLAIN_DICTIONARY, RLE_DICTIONARY
# Past these, the headers are not read (the caller reads the column as a dictionary).
MAX_PAGES = 100_000
MAX_DICTIONARY_VALUES = 1_000_000
MAX_DICTIONARY_PAGE_BYTES = 64 * 2**20  # a writer's default is 1 MB
MAX_NESTING = 16
# Parquet's names of codecs -> pyarrow's; LZ4 (Hadoop's framing) is not read here.
CODECS = {
    "ZSTD": "zstd",
    "SNAPPY": "snappy",
    "GZIP": "gzip",
    "BROTLI": "brotli",
    "LZ4_RAW": "lz4_raw",
}


class _Unreadable(Exception):
    """Headers that this reader does not follow: the bound is unknown."""


def _byte(handle) -> int:
    data = handle.read(1)
    if not data:
        raise _Unreadable
    return data[0]


def _varint(handle) -> int:
    shift = result = 0
    while True:
        byte = _byte(handle)
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result
        shift += 7
        if shift > 63:
            raise _Unreadable


def _zigzag(value: int) -> int:
    return (value >> 1) ^ -(value & 1)


def _skip(handle, kind: int, depth: int) -> None:
    """Skip one value of compact-protocol type ``kind``."""
    if depth > MAX_NESTING:
        raise _Unreadable
    if kind in (1, 2):  # a boolean (inside a list: one byte)
        return
    if kind == 3:
        _byte(handle)
    elif kind in (4, 5, 6):
        _varint(handle)
    elif kind == 7:
        handle.seek(8, io.SEEK_CUR)
    elif kind == 8:
        handle.seek(_varint(handle), io.SEEK_CUR)
    elif kind in (9, 10):
        header = _byte(handle)
        size, element = header >> 4, header & 0x0F
        if size == 15:
            size = _varint(handle)
        for _ in range(size):
            if element in (1, 2):
                _byte(handle)
            else:
                _skip(handle, element, depth + 1)
    elif kind == 11:
        size = _varint(handle)
        if size:
            types = _byte(handle)
            for _ in range(size):
                _skip(handle, types >> 4, depth + 1)
                _skip(handle, types & 0x0F, depth + 1)
    elif kind == 12:
        _struct(handle, depth + 1)
    else:
        raise _Unreadable


def _struct(handle, depth: int = 0) -> dict[int, object]:
    """A compact-protocol struct: its integer, boolean and struct fields by id."""
    if depth > MAX_NESTING:
        raise _Unreadable
    fields: dict[int, object] = {}
    last = 0
    while True:
        byte = _byte(handle)
        if byte == 0:
            return fields
        kind, delta = byte & 0x0F, byte >> 4
        last = last + delta if delta else _zigzag(_varint(handle))
        if kind in (1, 2):
            fields[last] = kind == 1
        elif kind in (3, 4, 5, 6):
            fields[last] = _byte(handle) if kind == 3 else _zigzag(_varint(handle))
        elif kind == 12:
            fields[last] = _struct(handle, depth + 1)
        else:
            _skip(handle, kind, depth + 1)


def _longest_plain_value(data: bytes, count: int) -> int:
    """The longest of ``count`` PLAIN byte arrays (a 4-byte length, then the bytes)."""
    position = longest = 0
    for _ in range(count):
        if position + 4 > len(data):
            raise _Unreadable
        (length,) = struct.unpack_from("<I", data, position)
        position += 4 + length
        longest = max(longest, length)
    if position > len(data):
        raise _Unreadable
    return longest


def _chunk_bound(handle, chunk: pq.ColumnChunkMetaData) -> int:
    codec = chunk.compression
    if codec != "UNCOMPRESSED" and codec not in CODECS:
        raise _Unreadable
    start = chunk.dictionary_page_offset if chunk.has_dictionary_page else chunk.data_page_offset
    if start is None:
        raise _Unreadable
    end = start + chunk.total_compressed_size
    position, pages = start, 0
    plain = dictionary_values = longest = 0
    while position < end:
        pages += 1
        if pages > MAX_PAGES:
            raise _Unreadable
        handle.seek(position)
        header = _struct(handle)
        body = handle.tell()
        compressed, uncompressed = header.get(3), header.get(2)
        if not isinstance(compressed, int) or not isinstance(uncompressed, int):
            raise _Unreadable
        if compressed < 0 or uncompressed < 0:
            raise _Unreadable
        if header.get(1) == DICTIONARY_PAGE:
            values = header.get(7, {}).get(1) if isinstance(header.get(7), dict) else None
            if not isinstance(values, int) or not 0 <= values <= MAX_DICTIONARY_VALUES:
                raise _Unreadable
            if uncompressed > MAX_DICTIONARY_PAGE_BYTES:
                raise _Unreadable
            data = handle.read(compressed)
            if codec != "UNCOMPRESSED":
                data = pa.Codec(CODECS[codec]).decompress(
                    data, decompressed_size=uncompressed, asbytes=True
                )
            longest = max(longest, _longest_plain_value(data, values))
        else:
            page = header.get(5) if isinstance(header.get(5), dict) else header.get(8)
            if not isinstance(page, dict):
                raise _Unreadable
            values = page.get(1)
            encoding = page.get(2) if 5 in header else page.get(4)
            if not isinstance(values, int) or values < 0:
                raise _Unreadable
            if encoding in DICTIONARY_ENCODINGS:
                dictionary_values += values
            else:
                plain += uncompressed
        position = body + compressed
    # Arrow keeps a 4-byte offset per value besides the value.
    return plain + dictionary_values * (longest + 4)


def decoded_bound(path: Path, metadata: pq.FileMetaData, column: str, limit: int) -> int | None:
    """At most how many bytes the column ``column`` (a top-level binary column) decodes
    to, read plain, over every row group (counted up to just past ``limit``); None when
    its headers cannot tell (an unknown codec, a dictionary page over 64 MB, damage): then
    it must be read as a dictionary.
    """
    names = [metadata.schema.column(i).path for i in range(metadata.num_columns)]
    if column not in names:
        return None
    index = names.index(column)
    total = 0
    try:
        with open(path, "rb") as handle:
            for group in range(metadata.num_row_groups):
                chunk = metadata.row_group(group).column(index)
                total += _chunk_bound(handle, chunk)
                if total > limit:
                    return total
    except (_Unreadable, OSError, pa.ArrowException, struct.error):
        return None
    return total
