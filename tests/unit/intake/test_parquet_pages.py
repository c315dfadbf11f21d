"""The decoded size of a Parquet column, bounded from its page headers before reading."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.intake.parquet_pages import decoded_bound
from tests.data.make_hostile_files import _repeated


def _bound(path, limit=2**30):
    return decoded_bound(path, pq.ParquetFile(path).metadata, "geometry", limit)


def _decoded(path) -> int:
    return pq.read_table(path, columns=["geometry"]).column(0).nbytes


def _distinct(rows: int, shortest: int = 50, longest: int = 400) -> pa.Array:
    rng = np.random.default_rng(rows)
    sizes = rng.integers(shortest, longest + 1, rows)
    return pa.array([rng.bytes(int(n)) for n in sizes], pa.binary())


@pytest.mark.parametrize("compression", ["zstd", "snappy", "gzip", "none"])
@pytest.mark.parametrize("version", ["1.0", "2.0"])
def test_a_column_of_distinct_values_is_bounded_near_its_size(tmp_path, compression, version):
    path = tmp_path / "distinct.parquet"
    table = pa.table({"geometry": _distinct(3_000, 200, 200)})
    # Dictionary pages, and plain ones once the writer gives up on the dictionary.
    pq.write_table(
        table,
        path,
        compression=compression,
        dictionary_pagesize_limit=4_096,
        data_page_version=version,
        row_group_size=1_000,
    )
    assert pq.ParquetFile(path).metadata.row_group(0).column(0).has_dictionary_page
    bound, decoded = _bound(path), _decoded(path)
    assert decoded <= bound <= 1.01 * decoded


def test_values_of_different_lengths_are_bounded_by_the_longest(tmp_path):
    path = tmp_path / "lengths.parquet"
    pq.write_table(pa.table({"geometry": _distinct(3_000)}), path, row_group_size=1_000)
    bound, decoded = _bound(path), _decoded(path)
    assert decoded <= bound <= 2 * decoded  # values of 50-400 bytes: 225 on average


def test_a_repeated_value_is_counted_once_per_row(tmp_path):
    path = tmp_path / "repeated.parquet"
    table = pa.table({"geometry": _repeated(b"x" * 10_000, 1_000, pa.binary())})
    pq.write_table(table, path, store_schema=False)  # read back plain
    assert path.stat().st_size < 20_000
    assert _bound(path) >= _decoded(path) >= 1_000 * 10_000
    assert _bound(path, limit=10) > 10  # stops counting once past the limit


def test_headers_it_cannot_follow_give_no_bound(tmp_path):
    path = tmp_path / "damaged.parquet"
    pq.write_table(pa.table({"geometry": _distinct(500)}), path, compression="zstd")
    meta = pq.ParquetFile(path).metadata
    chunk = meta.row_group(0).column(0)
    data = bytearray(path.read_bytes())
    start = chunk.dictionary_page_offset or chunk.data_page_offset
    data[start : start + 8] = b"\xff" * 8  # the first page header, scrambled
    path.write_bytes(bytes(data))
    assert decoded_bound(path, meta, "geometry", 2**30) is None
    assert decoded_bound(path, meta, "no such column", 2**30) is None
