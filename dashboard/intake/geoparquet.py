"""A GeoParquet file read in record batches, its limits held before each batch is decoded.

The footer's sizes are those of the encoded pages: a page of one dictionary value and run
lengths decodes to that value on every row. So nothing is decoded whole here:

- only the first ``max_properties`` property columns of plain kinds (numbers, text,
  dates, booleans) are read, and features x properties is held to a budget before the
  first batch;
- text columns are read as dictionaries, and each batch's distinct values (not its rows)
  are cut to ``max_text_chars``: one 100,000-character text on 200,000 rows is cut once;
- the geometry column is read as a dictionary when its pages are dictionary-encoded and
  their headers do not show it small enough read plain (:mod:`dashboard.intake.parquet_pages`),
  and its WKB is walked as bytes (:mod:`dashboard.intake.wkb_checks`): too deeply nested
  collections are refused before GEOS sees them, and running totals of vertices, parts
  and decoded bytes refuse the file as soon as one passes its limit.

GeoArrow's native encodings (GeoParquet 1.1) cannot nest: their coordinates are counted
from the list lengths and decoded by GeoPandas.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import shapely

from dashboard.intake.parquet_pages import decoded_bound
from dashboard.intake.properties import check_property_values, properties_to_read
from dashboard.intake.wkb_checks import DAMAGED, FINE, TOO_DEEP, walk
from dashboard.messages import GeodataError, Message, isolate, listing, megabytes, say

# Rows decoded at a time: each batch's memory is bounded by this and the limits.
BATCH_ROWS = 65_536
DICTIONARY_ENCODINGS = {"PLAIN_DICTIONARY", "RLE_DICTIONARY"}
ELLIPSIS = "…"


def _plain(kind: pa.DataType) -> bool:
    """Whether a column of this type is read as a property (a value per row, bounded)."""
    if pa.types.is_dictionary(kind):
        return _text(kind.value_type)
    return (
        pa.types.is_integer(kind)
        or pa.types.is_floating(kind)
        or pa.types.is_boolean(kind)
        or pa.types.is_decimal(kind)
        or pa.types.is_temporal(kind)
        or pa.types.is_null(kind)
        or _text(kind)
    )


def _numeric_or_date(kind: pa.DataType) -> bool:
    return _plain(kind) and not (_text(kind) or pa.types.is_dictionary(kind))


def _text(kind: pa.DataType) -> bool:
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def _chunks(meta: pq.FileMetaData, column: str) -> list[pq.ColumnChunkMetaData]:
    """The column's chunk in each row group (none for a nested or unknown column)."""
    names = [meta.schema.column(i).path for i in range(meta.num_columns)]
    if column not in names:
        return []
    index = names.index(column)
    return [meta.row_group(g).column(index) for g in range(meta.num_row_groups)]


def _dictionary_encoded(meta: pq.FileMetaData, column: str) -> bool:
    """Whether any of the column's chunks has dictionary pages."""
    return any(DICTIONARY_ENCODINGS & set(c.encodings) for c in _chunks(meta, column))


def _encoded_size(meta: pq.FileMetaData, column: str) -> int:
    """The column's pages' size, uncompressed but still encoded."""
    return sum(c.total_uncompressed_size for c in _chunks(meta, column))


class _Totals:
    """Running totals of the geometries decoded so far, refused past their limits."""

    def __init__(self, label: str, limits) -> None:
        self.label, self.limits = label, limits
        self.vertices = self.parts = self.nbytes = 0

    def add(self, vertices: int, parts: int, nbytes: int) -> None:
        self.vertices += vertices
        self.parts += parts
        self.nbytes += nbytes
        limits = self.limits
        if self.vertices > limits.max_vertices:
            limit = f"{limits.max_vertices:,}"
            raise GeodataError(
                say(
                    "geometry.too_many_vertices",
                    name=self.label,
                    count=say("features.more_than", count=limit),
                    limit=limit,
                )
            )
        if self.parts > limits.max_geometry_parts:
            raise GeodataError(
                say(
                    "parquet.too_many_parts",
                    name=self.label,
                    limit=f"{limits.max_geometry_parts:,}",
                )
            )
        if self.nbytes > limits.max_geometry_bytes:
            raise GeodataError(
                say(
                    "parquet.geometry_too_large",
                    name=self.label,
                    limit=megabytes(limits.max_geometry_bytes),
                )
            )


def _binary_buffers(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The bytes and offsets of a binary array, without copying them."""
    offset_type = np.int64 if pa.types.is_large_binary(values.type) else np.int32
    buffers = values.buffers()
    offsets = np.frombuffer(buffers[1], offset_type)[
        values.offset : values.offset + len(values) + 1
    ]
    data = np.frombuffer(buffers[2], np.uint8) if buffers[2] is not None else np.zeros(0, np.uint8)
    return data, offsets


def _check_wkb(values: pa.Array, rows: np.ndarray, label: str, limits) -> np.ndarray:
    """Walk ``values`` (WKB, no nulls): refuse a bad one, naming the feature of ``rows``
    (1-based) that holds it; returns vertices, parts and bytes per value."""
    data, offsets = _binary_buffers(values)
    summary = walk(data, offsets, limits.max_collection_nesting)
    bad = np.flatnonzero(summary.problem != FINE)
    if bad.size:
        problem, feature = summary.problem[bad[0]], f"{rows[bad[0]]:,}"
        key = {DAMAGED: "parquet.bad_geometry", TOO_DEEP: "parquet.too_deep"}.get(
            int(problem), "parquet.unsupported_geometry"
        )
        raise GeodataError(
            say(key, name=label, feature=feature, limit=limits.max_collection_nesting)
        )
    return np.stack([summary.vertices, summary.parts, np.diff(offsets).astype(np.int64)])


def _wkb_geometries(column: pa.Array, first_row: int, totals: _Totals) -> np.ndarray:
    """A batch's WKB column as shapely geometries, checked and counted before decoding.

    A dictionary column is checked and decoded once per distinct value its rows use, and
    counted once per row (the rows share the geometry object).
    """
    label, limits = totals.label, totals.limits
    if pa.types.is_dictionary(column.type):
        codes = column.indices.to_numpy(zero_copy_only=False)
        valid = column.indices.is_valid().to_numpy(zero_copy_only=False)
        codes = np.where(valid, codes, 0).astype(np.int64)
        used, where = np.unique(codes[valid], return_inverse=True)
        values = _entries(column.dictionary, used)
        firsts = np.zeros(len(used), np.int64)  # the first row using each value
        rows_valid = np.flatnonzero(valid)
        firsts[where[::-1]] = rows_valid[::-1]
        sizes = _check_wkb(_no_nulls(values), first_row + firsts + 1, label, limits)
        totals.add(*(int(x) for x in sizes[:, where].sum(axis=1)))
        decoded = shapely.from_wkb(values.to_numpy(zero_copy_only=False))
        out = np.full(len(column), None, dtype=object)
        out[rows_valid] = decoded[where]
        return out
    valid = column.is_valid().to_numpy(zero_copy_only=False)
    present = column.filter(pa.array(valid)) if not valid.all() else column
    rows = first_row + np.flatnonzero(valid) + 1
    sizes = _check_wkb(_no_nulls(present), rows, label, limits)
    totals.add(*(int(x) for x in sizes.sum(axis=1)))
    out = np.full(len(column), None, dtype=object)
    out[valid] = shapely.from_wkb(present.to_numpy(zero_copy_only=False))
    return out


def _entries(dictionary: pa.Array, used: np.ndarray) -> pa.Array:
    """The dictionary entries ``used`` (sorted, distinct): a slice, not a copy, when they
    follow each other (a column whose values do not repeat, written with a dictionary
    page that the writer gave up on: most files from GeoPandas)."""
    if len(used) and used[-1] - used[0] == len(used) - 1:
        return dictionary.slice(int(used[0]), len(used))
    return dictionary.take(pa.array(used))


def _no_nulls(values: pa.Array) -> pa.Array:
    """A binary array whose nulls (a dictionary's) are empty values: walked as damaged."""
    return values.fill_null(b"") if values.null_count else values


def _native_geometries(
    column: pa.Array, field: pa.Field, encoding: str, totals: _Totals
) -> np.ndarray:
    """A batch's GeoArrow column (no nesting possible): counted, then decoded."""
    parts, level = len(column), column
    while pa.types.is_list(level.type) or pa.types.is_large_list(level.type):
        level = pc.list_flatten(level)
        parts += len(level)
    # The innermost level holds the points (structs of x, y...): not parts but vertices.
    parts -= len(level) if level is not column else 0
    if pa.types.is_struct(level.type):  # separated coordinates: a field per dimension
        width = 8 * level.type.num_fields
    else:  # interleaved: a fixed-size list of them
        width = 8 * getattr(level.type, "list_size", 2)
    totals.add(len(level), parts, len(level) * width)
    name = f"geoarrow.{encoding}".encode()
    typed = pa.field(field.name, column.type, metadata={b"ARROW:extension:name": name})
    table = pa.table([column], schema=pa.schema([typed]))
    return gpd.GeoDataFrame.from_arrow(table, geometry=field.name).geometry.to_numpy()


def _texts(column: pa.Array, cap: int) -> tuple[np.ndarray, int]:
    """A batch's text column as Python strings, cut on its distinct values: one object per
    distinct value, shared by its rows; and how many rows were cut."""
    if not pa.types.is_dictionary(column.type):
        column = column.dictionary_encode()
    codes = column.indices.to_numpy(zero_copy_only=False)
    valid = column.indices.is_valid().to_numpy(zero_copy_only=False)
    codes = np.where(valid, codes, 0).astype(np.int64)
    used, where = np.unique(codes[valid], return_inverse=True)
    values = _entries(column.dictionary, used)
    long = pc.greater(pc.utf8_length(values), cap).to_numpy(zero_copy_only=False)
    if long.any():
        # Cut to the limit, the mark included: later checks see them as short enough.
        short = pc.binary_join_element_wise(
            pc.utf8_slice_codeunits(values, 0, cap - 1), ELLIPSIS, ""
        )
        values = pc.if_else(pa.array(long), short, values)
    distinct = np.asarray(values.to_pylist(), dtype=object)
    out = np.full(len(column), None, dtype=object)
    out[valid] = distinct[where]
    return out, int(long[where].sum())


def _not_properties(geo: dict, primary: str) -> set[str]:
    """The columns that are not properties: every geometry column, the bounding-box
    columns (GeoParquet 1.1's "covering", written by GDAL by default) and the row labels
    pandas writes for a frame whose rows were filtered."""
    columns = geo["columns"] if isinstance(geo["columns"], dict) else {primary: {}}
    found = set(columns) | {f"__index_level_{i}__" for i in range(8)}  # pandas' row labels
    for meta in columns.values():
        covering = meta.get("covering") if isinstance(meta, dict) else None
        bbox = covering.get("bbox") if isinstance(covering, dict) else None
        for path in bbox.values() if isinstance(bbox, dict) else ():
            if isinstance(path, list) and path:
                found.add(str(path[0]))
    return found


def _crs(meta: dict):
    """The CRS a GeoParquet column declares: none given means OGC:CRS84 (lon/lat, WGS 84);
    an explicit null means unknown (the user is asked)."""
    if "crs" not in meta:
        return "EPSG:4326"
    return meta["crs"]


def read_geoparquet(
    path: Path, geo_metadata: bytes, label: str, limits, messages: list[Message]
) -> gpd.GeoDataFrame:
    """Read the GeoParquet file at ``path`` batch by batch, within ``limits``.

    Parameters
    ----------
    path : Path
        The file; its footer was checked (row count, encoded size) by the caller.
    geo_metadata : bytes
        Its ``geo`` footer metadata (GeoParquet's JSON).
    label : str
        The file's name as messages show it.
    limits
        A :class:`dashboard.intake.user_files.Limits`.
    messages : list of Message
        Notes for the user are appended here (properties left out or shortened).

    Raises
    ------
    GeodataError
        When a limit is passed or a geometry is unsafe, as soon as it is seen.
    """
    try:
        geo = json.loads(geo_metadata)
        primary = geo["primary_column"]
        column_meta = geo["columns"][primary]
        encoding = str(column_meta.get("encoding", "WKB")).lower()
    except (ValueError, KeyError, TypeError, AttributeError):
        raise GeodataError(say("parquet.not_geoparquet", name=label)) from None
    file = pq.ParquetFile(path)
    schema = file.schema_arrow
    if primary not in schema.names:
        raise GeodataError(say("parquet.not_geoparquet", name=label))
    others = [f for f in schema if f.name not in _not_properties(geo, primary)]
    plain = [f for f in others if _plain(f.type)]
    skipped = [f.name for f in others if not _plain(f.type)]
    if skipped:
        messages.append(
            Message(
                "warning",
                say(
                    "properties.not_read",
                    name=label,
                    count=len(skipped),
                    columns=listing([isolate(n) for n in skipped]),
                ),
            )
        )
    chosen = properties_to_read([f.name for f in plain], label, limits, messages)
    rows = file.metadata.num_rows
    check_property_values(rows, len(chosen), label, limits)
    texts = [f.name for f in plain if f.name in chosen and not _numeric_or_date(f.type)]
    dictionaries = list(texts)
    if encoding == "wkb" and _dictionary_encoded(file.metadata, primary):
        # Read as a dictionary (memory bounded, a hash per value) unless the page headers
        # show that read plain it decodes within the limit and to not much more than its
        # encoded size (most files: the writer gave up on the dictionary after its first
        # megabyte); values that repeat are better shared.
        bound = decoded_bound(path, file.metadata, primary, limits.max_geometry_bytes)
        encoded = _encoded_size(file.metadata, primary)
        if bound is None or bound > min(limits.max_geometry_bytes, 2 * encoded):
            dictionaries.append(primary)
    file = pq.ParquetFile(path, read_dictionary=dictionaries)
    totals = _Totals(label, limits)
    geometries: list[np.ndarray] = []
    properties: dict[str, list] = {name: [] for name in chosen}
    shortened = first_row = 0
    for batch in file.iter_batches(batch_size=BATCH_ROWS, columns=[*chosen, primary]):
        column = batch.column(primary)
        if encoding == "wkb":
            geometries.append(_wkb_geometries(column, first_row, totals))
        else:
            geometries.append(_native_geometries(column, schema.field(primary), encoding, totals))
        for name in chosen:
            values = batch.column(name)
            if name in texts:
                cut, count = _texts(values, limits.max_text_chars)
                properties[name].append(cut)
                shortened += count
            else:
                properties[name].append(values)
        first_row += batch.num_rows
    if shortened:
        messages.append(
            Message(
                "warning",
                say(
                    "properties.shortened",
                    name=label,
                    count=f"{shortened:,}",
                    limit=f"{limits.max_text_chars:,}",
                ),
            )
        )
    frame = {}
    for name in chosen:
        chunks = properties[name]
        if name in texts:  # kept as objects: pandas' string type would copy each row's
            values = np.concatenate(chunks) if chunks else np.array([], dtype=object)
            frame[name] = pd.Series(values, dtype=object)
        else:
            frame[name] = pa.chunked_array(chunks, schema.field(name).type).to_pandas()
    geometry = np.concatenate(geometries) if geometries else np.array([], dtype=object)
    return gpd.GeoDataFrame(
        pd.DataFrame(frame, index=pd.RangeIndex(len(geometry))),
        geometry=gpd.GeoSeries(geometry, crs=_crs(column_meta), name=primary),
    )
