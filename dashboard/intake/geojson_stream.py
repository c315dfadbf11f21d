"""A GeoJSON's features read with one opening of GDAL's reader, the property budget
checked between the opening and the first feature.

GDAL's GeoJSON driver scans the whole text when it opens a file (to learn the name and
type of every property), then reads the features in a second pass. Asking for the
layer's header first (``pyogrio.read_info``) and for its features after opened it twice:
a third pass over the text, about 0.6 s of CPU on a 50 MB upload. Here it is opened once,
as an Arrow stream, whose schema is known before any feature is read:

- only the first ``max_properties`` properties are read (a file that declares more is
  opened again with those: a rare file pays the third pass, not every file);
- features × properties is held to its budget before the features are read, with the
  features counted in the text (``counted``), and again while they are read, batch by
  batch, with the features actually read: a batch at most is read past the budget;
- a file with more features than its text shows (escaped type names, ``"Fea\\u0074ure"``,
  hide them from that count) is counted by GDAL (a second pass, for such files only) as
  soon as its first batches pass the text's count, and its count checked before the rest;
- the reading stops once the features pass ``max_features``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Future

import geopandas as gpd
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyogrio
import shapely

from dashboard.intake.properties import check_property_values, properties_to_read
from dashboard.intake.read_geometries import ReadGeometries
from dashboard.messages import Message
from dashboard.zones.geometry_threads import later

# Features per Arrow batch: the running totals are checked this often, and at most this
# many features of a file over its budget are read before it is refused.
BATCH_FEATURES = 10_000


def read_geojson(
    target: str,
    label: str,
    limits,
    messages: list[Message],
    counted: int,
    check_count: Callable[[int], None],
) -> tuple[gpd.GeoDataFrame, ReadGeometries | None]:
    """The features of the GeoJSON GDAL opens as ``target``, with their first
    ``limits.max_properties`` properties (a note in ``messages`` when there are more); the
    reading stops after the batch that passes ``limits.max_features`` (the caller refuses
    such a file); and what was found of their geometries as they were made.

    Parameters
    ----------
    counted : int
        The features counted in the text before GDAL parsed it (an upper bound for honest
        files): the budget of property values is checked with it before any feature is read.
    check_count : callable
        Refuses a feature count (the caller's limit and message): called with GDAL's own
        count of a file whose features outnumber ``counted``.

    Raises
    ------
    GeodataError
        When features × properties exceeds ``limits.max_property_values``.
    Exception
        Whatever GDAL raises on a file it cannot read (the caller words it).
    """
    with pyogrio.raw.open_arrow(target, **_OPTIONS) as (meta, reader):
        fields = [str(name) for name in meta["fields"]]
        columns = properties_to_read(fields, label, limits, messages)
        check_property_values(counted, len(columns), label, limits)

        def counting() -> int:
            exact = int(pyogrio.read_info(target)["features"])
            check_count(exact)
            check_property_values(exact, len(columns), label, limits)
            return exact

        if len(columns) == len(fields):
            read = _batches(reader, meta, len(columns), label, limits, counted, counting)
    if len(columns) < len(fields):
        with pyogrio.raw.open_arrow(target, columns=columns, **_OPTIONS) as (meta, reader):
            read = _batches(reader, meta, len(columns), label, limits, counted, counting)
    return _frame(*read, meta)


# Date-times as GDAL writes them (the offsets kept), as the reader gives them otherwise.
_OPTIONS = {"use_pyarrow": True, "datetime_as_string": True, "batch_size": BATCH_FEATURES}


def _batches(
    reader,
    meta: dict,
    properties: int,
    label: str,
    limits,
    counted: int,
    counting: Callable[[], int],
) -> tuple[pa.Table, list[Future]]:
    """The stream's batches, until they hold more than ``limits.max_features`` features,
    without their geometry, and each batch's geometries being made (see :func:`_shapes`);
    features × properties checked after each batch, and the features counted by GDAL
    (``counting``, which refuses too many) once they outnumber ``counted``."""
    name = meta["geometry_name"] or "wkb_geometry"
    batches, shapes, features = [], [], 0
    try:
        for batch in reader:
            # GDAL parses the next batch (without Python's lock) while a thread turns this
            # one's WKB into geometries: about a fifth of a large file's read, hidden.
            shapes.append(later(_shapes, batch.column(name)))
            batches.append(batch.drop_columns([name]))
            features += batch.num_rows
            if features > counted:
                counted = counting()
            check_property_values(features, properties, label, limits)
            if features > limits.max_features:
                break
    except BaseException:
        for shape in shapes:
            shape.cancel()
        raise
    schema = reader.schema.remove(reader.schema.get_field_index(name))
    return pa.Table.from_batches(batches, schema=schema), shapes


def _shapes(wkb: pa.Array) -> tuple[np.ndarray, np.ndarray, pa.Array | None]:
    """Geometries from GDAL's WKB (GDAL caps a collection's nesting: this WKB cannot
    overflow GEOS's stack, see :mod:`dashboard.intake.wkb_checks`), their validity, and
    that WKB; an unclosed ring closed as ``pyogrio.read_dataframe``'s ``on_invalid="fix"``
    does (the WKB, which no longer describes it, is then not kept)."""
    raw = wkb.to_numpy(zero_copy_only=False)
    try:
        geometries, kept = shapely.from_wkb(raw), wkb
    except shapely.errors.GEOSException:
        geometries, kept = shapely.from_wkb(raw, on_invalid="fix"), None
    return geometries, shapely.is_valid(geometries), kept


def _frame(
    table: pa.Table, shapes: list[Future], meta: dict
) -> tuple[gpd.GeoDataFrame, ReadGeometries | None]:
    """A GeoDataFrame as ``pyogrio.read_dataframe`` makes it: the properties in the file's
    order, dates as ISO text, JSON objects as values, the geometry last; with what was
    found of its geometries as they were made (see :mod:`dashboard.intake.read_geometries`)."""
    for index, column in enumerate(table.schema):
        if pa.types.is_date(column.type):  # Arrow keeps dates as dates; text, as elsewhere
            table = table.set_column(index, column.name, pc.cast(table[index], pa.string()))
    frame = table.to_pandas()
    for column, subtype in zip(meta["fields"], meta["ogr_subtypes"], strict=True):
        if subtype == "OFSTJSON" and column in frame:  # objects and arrays: values again
            frame[column] = frame[column].map(json.loads, na_action="ignore")
    parts = [shape.result() for shape in shapes]
    if not parts:
        return gpd.GeoDataFrame(frame, geometry=[], crs=meta["crs"]), None
    gdf = gpd.GeoDataFrame(
        frame, geometry=np.concatenate([g for g, _, _ in parts]), crs=meta["crs"]
    )
    wkb = [w for _, _, w in parts]
    whole = None if any(w is None for w in wkb) else pa.chunked_array(wkb)
    valid = np.concatenate([v for _, v, _ in parts])
    return gdf, ReadGeometries(gdf.geometry.to_numpy(), valid, whole)
