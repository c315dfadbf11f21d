"""What travels between the app and a read worker (see :mod:`dashboard.intake.read_worker`).

A frame is a JSON header and a payload of bytes, each behind its length. Nothing is
pickled: the worker parses untrusted files, so what it sends back is read as data only
(JSON, and the checked layer as an Arrow IPC stream whose geometry is WKB), never as
code that the app would run.

Messages written by :func:`~dashboard.messages.say` keep their key and values on the way
(so that the page can write them again in another language), and refusals come back as
the same exception classes that :func:`~dashboard.intake.user_files.read_geodata` raises.
"""

from __future__ import annotations

import json
import struct
from typing import BinaryIO

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.intake.properties import json_safe_columns
from dashboard.messages import (
    AxesSwapped,
    CrsRequired,
    GeodataError,
    LayerChoiceRequired,
    Message,
    Said,
)

_LENGTHS = struct.Struct(">IQ")  # header bytes, payload bytes
MAX_HEADER_BYTES = 16 * 2**20  # messages and names: far below this in any honest reply

# Refusals by name, so that a reply can name its class without pickling it.
ERRORS: dict[str, type[GeodataError]] = {
    cls.__name__: cls for cls in (GeodataError, CrsRequired, AxesSwapped, LayerChoiceRequired)
}


class WireError(Exception):
    """The other side closed the pipe or sent something that is not a frame."""


def send(stream: BinaryIO, header: dict, payload: bytes | pa.Buffer = b"") -> None:
    """Write one frame and flush it (``payload``: any bytes-like object)."""
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    stream.write(_LENGTHS.pack(len(head), len(payload)))
    stream.write(head)
    if payload:
        stream.write(payload)
    stream.flush()


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = stream.read(min(left, 2**24))
        if not chunk:
            raise WireError("the pipe closed mid-frame")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def receive(stream: BinaryIO, max_payload: int) -> tuple[dict, bytes] | None:
    """One frame, or ``None`` when the other side closed the pipe between frames.

    Raises
    ------
    WireError
        On a truncated frame, or lengths beyond ``max_payload`` and :data:`MAX_HEADER_BYTES`.
    """
    lengths = stream.read(_LENGTHS.size)
    if not lengths:
        return None
    if len(lengths) < _LENGTHS.size:
        raise WireError("the pipe closed mid-frame")
    head_size, payload_size = _LENGTHS.unpack(lengths)
    if head_size > MAX_HEADER_BYTES or payload_size > max_payload:
        raise WireError("a frame larger than allowed")
    try:
        header = json.loads(_read_exactly(stream, head_size))
    except ValueError as exc:
        raise WireError("a header that is not JSON") from exc
    if not isinstance(header, dict):
        raise WireError("a header that is not an object")
    return header, _read_exactly(stream, payload_size)


# --- texts ---------------------------------------------------------------------------------


def text_to_wire(text: object) -> object:
    """A message (or a value inside one) as JSON: a :class:`Said` keeps its key and values."""
    if isinstance(text, Said):
        values = {name: text_to_wire(value) for name, value in text.values.items()}
        return {"said": str(text), "key": text.key, "values": values}
    if isinstance(text, (str, int, float, bool)) or text is None:
        return text
    return str(text)


def text_from_wire(value: object) -> object:
    """The inverse of :func:`text_to_wire`."""
    if isinstance(value, dict) and {"said", "key", "values"} <= value.keys():
        values = value["values"] if isinstance(value["values"], dict) else {}
        return Said(
            str(value["said"]),
            str(value["key"]),
            {str(name): text_from_wire(item) for name, item in values.items()},
        )
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


# --- refusals ------------------------------------------------------------------------------


def error_to_wire(error: GeodataError) -> dict:
    """A refusal as a reply header."""
    first = error.args[0] if error.args else str(error)
    header = {"error": type(error).__name__, "text": text_to_wire(first)}
    if isinstance(error, LayerChoiceRequired):
        header["layers"] = [str(name) for name in error.layers]
    return header


def error_from_wire(header: dict) -> GeodataError:
    """The refusal a reply header describes (its class, message and layers)."""
    cls = ERRORS.get(str(header.get("error")), GeodataError)
    text = text_from_wire(header.get("text"))
    text = text if isinstance(text, str) else str(text)
    if cls is LayerChoiceRequired:
        layers = header.get("layers")
        names = [str(n) for n in layers] if isinstance(layers, list) else []
        return LayerChoiceRequired(text, names)
    return cls(text)


# --- the checked layer ---------------------------------------------------------------------


def messages_to_wire(messages: list[Message]) -> list[dict]:
    return [{"level": m.level, "text": text_to_wire(m.text)} for m in messages]


def messages_from_wire(items: object) -> list[Message]:
    if not isinstance(items, list):
        return []
    found = []
    for item in items:
        if isinstance(item, dict) and item.get("level") in ("info", "warning", "error"):
            text = text_from_wire(item.get("text"))
            found.append(Message(item["level"], text if isinstance(text, str) else str(text)))
    return found


# Object columns whose values Arrow types without changing them: texts, and floats (which
# come back as floats; a column of integers with gaps would come back as floats: JSON).
_ARROW_TYPED = ("string", "empty", "floating")


def frame_to_wire(
    gdf: gpd.GeoDataFrame, wkb: pa.Array | None = None
) -> tuple[pa.Buffer, list[str]]:
    """A GeoDataFrame as an Arrow IPC stream (geometry as WKB, the CRS in its metadata),
    and the columns sent as JSON text: those whose values are not all texts (a property
    can hold numbers on some features and texts on others, which Arrow cannot type).

    ``wkb``: the geometries' WKB as the reader gave it (see
    :mod:`dashboard.intake.read_geometries`), sent instead of encoding them again."""
    as_json = [
        str(column)
        for column in gdf.columns
        if column != gdf.geometry.name
        and gdf[column].dtype == object
        and pd.api.types.infer_dtype(gdf[column], skipna=True) not in _ARROW_TYPED
    ]
    if as_json:
        gdf = gdf.copy()
        for column in as_json:
            gdf[column] = [None if v is None else json.dumps(v) for v in gdf[column]]
    table = _arrow(gdf, wkb)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    # Arrow's own buffer, written to the pipe as it is: a copy as bytes would add the whole
    # layer's size to the worker's peak (36 MB on 50,000 polygons) for nothing.
    return sink.getvalue(), as_json


def _arrow(gdf: gpd.GeoDataFrame, wkb: pa.Array | None) -> pa.Table:
    name = gdf.geometry.name
    if wkb is None or len(wkb) != len(gdf) or len(gdf) == 0:
        return pa.table(gdf.to_arrow(index=False, geometry_encoding="WKB"))
    # GeoPandas writes the geometry field's metadata (its CRS) from one row; the rows' WKB
    # is the reader's.
    field = pa.table(gdf.iloc[:1].to_arrow(index=False, geometry_encoding="WKB")).field(name)
    frame = pd.DataFrame(gdf.copy(deep=False))
    frame[name] = None  # its place, as GeoPandas keeps it
    table = pa.Table.from_pandas(frame, preserve_index=False)
    return table.set_column(table.schema.get_field_index(name), field, wkb)


def frame_from_wire(payload: bytes, geometry: str, as_json: list[str]) -> gpd.GeoDataFrame:
    """The inverse of :func:`frame_to_wire`; ``geometry`` names the geometry column.

    Texts come back as Python objects with ``None`` where missing, as the reader made them
    (see :func:`dashboard.intake.properties.json_safe_columns`).
    """
    with pa.ipc.open_stream(pa.py_buffer(payload)) as reader:
        table = reader.read_all()
    gdf = gpd.GeoDataFrame.from_arrow(table, geometry=geometry)
    for column in as_json:
        if column in gdf.columns:
            values = [None if v is None or v is np.nan else json.loads(v) for v in gdf[column]]
            gdf[column] = pd.Series(values, index=gdf.index, dtype=object)
    return json_safe_columns(gdf)
