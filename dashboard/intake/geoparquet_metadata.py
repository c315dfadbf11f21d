"""The ``geo`` metadata of a GeoParquet file, checked before the file is read.

GeoPandas trusts that metadata: a damaged one fails deep inside it with an exception that
says nothing to the person who made the file (``AttributeError``, ``ValueError``,
``GEOSException``). Checked here first, each fault gets a message that names it, and a CRS
written as text that would make PROJ open a file of the server is refused before anything
parses it (see :func:`dashboard.intake.crs_checks.check_declared_crs_text`).
"""

from __future__ import annotations

import json

import pyarrow as pa

from dashboard.intake.crs_checks import check_declared_crs_text
from dashboard.messages import GeodataError, isolate, say, shortened, token

WKB = "wkb"
_BINARY = (pa.types.is_binary, pa.types.is_large_binary, pa.types.is_binary_view)


def _refuse(label: str, key: str, **values: object) -> GeodataError:
    return GeodataError(say("parquet.bad_metadata", name=label, problem=say(key, **values)))


def check_geo_metadata(geo: bytes, schema: pa.Schema, label: str) -> None:
    """Refuse a GeoParquet file whose ``geo`` metadata does not describe its table.

    Parameters
    ----------
    geo : bytes
        The value of the file's ``geo`` key-value metadata.
    schema : pyarrow.Schema
        The file's schema (read from its footer, no data).
    label : str
        The file name as messages show it (isolated).

    Raises
    ------
    GeodataError
        With a message saying what is wrong: not JSON, no geometry column, a geometry
        column missing from the table or not in the encoding declared, a CRS that names
        files of the server.
    """
    try:
        meta = json.loads(geo)
    except (ValueError, UnicodeDecodeError):
        raise _refuse(label, "parquet.metadata_not_json") from None
    columns = meta.get("columns") if isinstance(meta, dict) else None
    primary = meta.get("primary_column") if isinstance(meta, dict) else None
    if not isinstance(columns, dict) or not columns or not isinstance(primary, str):
        raise _refuse(label, "parquet.metadata_no_geometry")
    for name, column in columns.items():
        quoted = isolate(shortened(name))
        if not isinstance(column, dict):
            raise _refuse(label, "parquet.metadata_no_geometry")
        if name not in schema.names:
            raise _refuse(label, "parquet.geometry_column_missing", column=quoted)
        encoding = column.get("encoding")
        binary = any(is_type(schema.field(name).type) for is_type in _BINARY)
        if not isinstance(encoding, str) or (encoding.lower() == WKB) != binary:
            raise _refuse(
                label,
                "parquet.geometry_encoding",
                column=quoted,
                encoding=token(shortened(encoding)) if encoding else say("file.no_suffix"),
            )
        check_declared_crs_text(column.get("crs"), label)
    if primary not in columns:
        raise _refuse(label, "parquet.geometry_column_missing", column=isolate(shortened(primary)))
