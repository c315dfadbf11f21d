"""Where user files are read and checked: uploads, drop-in files and the command line.

One boundary normalises everything: whatever comes in (GeoJSON, GeoPackage, KML,
zipped shapefile), what goes out is a GeoDataFrame in EPSG:4326 with valid
geometries and JSON-safe columns, plus the messages that say what was done. A
file that cannot be used raises :class:`~dashboard.messages.GeodataError` with a
message for the user; nothing else escapes. In every message, names that came from the
file (its name, its layers', its features') stand between Unicode isolates
(:func:`~dashboard.messages.isolate`), so a right-to-left name reads correctly.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import geopandas as gpd
import pyarrow as pa
import pyarrow.parquet as pq
import pyogrio
import shapely
from pyproj.exceptions import CRSError, ProjError

from dashboard.intake.crs_checks import normalise_crs
from dashboard.intake.file_formats import HEAD_BYTES, check_content, check_no_entities, kind_of
from dashboard.intake.flatgeobuf_count import check_feature_count as check_flatgeobuf_count
from dashboard.intake.gdal_safety import EXPECTED_DRIVER, gdal_path, harden
from dashboard.intake.geojson_stream import read_geojson
from dashboard.intake.geojson_text import check_geojson_text, count_in_file, gdal_failure
from dashboard.intake.geometry_checks import check_region, clean_geometries, drop_unusable
from dashboard.intake.geoparquet import read_geoparquet
from dashboard.intake.geoparquet_metadata import check_geo_metadata
from dashboard.intake.memory import give_back_memory
from dashboard.intake.properties import (
    cap_properties,
    check_property_values,
    json_safe_columns,
    properties_to_read,
)
from dashboard.intake.read_limits import (
    DEFAULT_LIMITS,
    Limits,
    check_feature_count,
    check_size,
)
from dashboard.intake.scratch import private_folder
from dashboard.intake.zip_archives import extract, vector_files
from dashboard.messages import (
    AxesSwapped,
    CrsRequired,
    GeodataError,
    LayerChoiceRequired,
    Message,
    isolate,
    listing,
    megabytes,
    say,
    token,
)

harden()  # before any user file reaches GDAL (idempotent)

__all__ = [
    "AxesSwapped",
    "CrsRequired",
    "DEFAULT_LIMITS",
    "GeodataError",
    "Handover",
    "LayerChoiceRequired",
    "Limits",
    "LoadedLayer",
    "read_geodata",
]


@dataclass
class LoadedLayer:
    """A file that was read: its features and what the user should know about them."""

    name: str
    gdf: gpd.GeoDataFrame
    messages: list[Message] = field(default_factory=list)
    source_crs: str | None = None
    content_hash: str = ""
    layers: list[str] = field(default_factory=list)  # every layer the file holds
    wkb: pa.Array | None = field(default=None, repr=False)  # the reader's, if it still fits


# From this size on, a GeoJSON upload gets a hint that a binary format would serve better.
LARGE_GEOJSON_BYTES = 20 * 2**20


# --- the bytes ----------------------------------------------------------------------------
# Helpers that only write messages take ``label``: the file name as messages show it,
# isolated (see :func:`dashboard.messages.isolate`); those that look at the name take
# ``filename``.


def _kind(filename: str) -> str:
    kind = kind_of(filename)
    if kind is None or kind == "Shapefile":
        suffix = Path(filename).suffix.lower()
        raise GeodataError(
            say(
                "file.unsupported_type",
                name=isolate(filename),
                suffix=isolate(suffix) if suffix else say("file.no_suffix"),
            )
        )
    return kind


def _materialise(
    data: bytes, filename: str, folder: Path, limits: Limits
) -> tuple[Path, list[str]]:
    """Write the file (or the zip's content) into ``folder`` once; return its path and layers.

    The content is checked against the format its extension names before it is written
    (a zip's members when they are opened, see :func:`_open_source`).
    """
    kind = _kind(filename)
    label = isolate(filename)
    if kind == "zip":
        extract(data, label, folder, limits)
        layers = vector_files(folder)
        if not layers:
            raise GeodataError(say("zip.no_vector_data", name=label))
        return folder, layers
    check_content(data[:HEAD_BYTES], kind, label)
    if kind == "KML":
        check_no_entities(data, label)
    path = folder / f"upload{Path(filename).suffix.lower()}"
    path.write_bytes(data)
    if kind == "GeoJSON":
        # One layer by definition; parsing the whole file twice would double the cost, so
        # the precise JSON diagnosis runs only if GDAL fails to read it (see _read).
        return path, [path.stem]
    if kind == "GeoParquet":
        return path, [path.stem]  # one table, read by pyarrow (see _read_geoparquet)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # GDAL's notes, not for users
            layers = [str(name) for name, _ in pyogrio.list_layers(gdal_path(path, kind))]
    except Exception:  # noqa: BLE001 - GDAL's own error texts are not for users
        raise GeodataError(say("gdal.cannot_list", name=label, kind=token(kind))) from None
    if not layers:  # e.g. a FlatGeobuf cut short inside its header
        raise GeodataError(say("gdal.no_layers", name=label, kind=token(kind)))
    return path, layers


# --- reading ------------------------------------------------------------------------------


def _open_source(path: Path, chosen: str, filename: str) -> tuple[Path, str, str | None]:
    """The file to open, its kind, and the layer name to pass GDAL (None: the only one)."""
    if not path.is_dir():
        kind = _kind(filename)
        return path, kind, None if kind == "GeoJSON" else chosen
    source = path / chosen
    kind = kind_of(source.name)
    if kind is None or kind == "zip":
        raise GeodataError(
            say("zip.member_unreadable", name=isolate(filename), member=isolate(chosen))
        )
    label = f"{isolate(filename)} ({isolate(chosen)})"
    if kind == "KML":  # small files, and entities are looked for in the whole body
        data = source.read_bytes()
        check_content(data[:HEAD_BYTES], kind, label)
        check_no_entities(data, label)
    else:
        with source.open("rb") as handle:
            check_content(handle.read(HEAD_BYTES), kind, label)
    return source, kind, None


def _layer_info(target: str, kind: str, read_layer: str | None, source: Path, label: str) -> dict:
    """The layer's header as GDAL reads it (driver, feature count, fields), before any
    feature is read; refused unless the expected driver took it.

    A GeoJSON that GDAL cannot open gets the precise JSON diagnosis instead.
    """
    try:
        info = pyogrio.read_info(target, layer=read_layer)
    except Exception as exc:  # noqa: BLE001
        if kind == "GeoJSON":
            check_geojson_text(source.read_bytes(), label)  # raises the precise message
            raise GeodataError(gdal_failure(str(exc), source.stem, label)) from None
        raise GeodataError(say("gdal.cannot_read_layer", name=label, kind=token(kind))) from None
    if info.get("driver") != EXPECTED_DRIVER[kind]:
        raise GeodataError(
            say(
                "gdal.wrong_driver",
                name=label,
                kind=token(kind),
                driver=token(info.get("driver")),
            )
        )
    return info


def _read_geoparquet(
    path: Path, label: str, limits: Limits, messages: list[Message]
) -> gpd.GeoDataFrame:
    """Read a GeoParquet file with pyarrow (no GDAL, no network), within the limits.

    The footer is read first: the row count and the uncompressed size of the data are
    checked before any data page is decompressed, so a small file cannot expand to fill
    the memory; then the data, in batches, within the limits of what it decodes to (see
    :mod:`dashboard.intake.geoparquet`).
    """
    try:
        meta = pq.ParquetFile(path).metadata
    except Exception:  # noqa: BLE001 - pyarrow's texts are not for users
        raise GeodataError(say("parquet.unreadable", name=label)) from None
    check_feature_count(meta.num_rows, label, limits)
    expanded = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if expanded > limits.max_unzipped_bytes:
        raise GeodataError(
            say(
                "parquet.too_large",
                name=label,
                size=megabytes(expanded),
                limit=megabytes(limits.max_unzipped_bytes),
            )
        )
    if b"geo" not in (meta.metadata or {}):
        raise GeodataError(say("parquet.not_geoparquet", name=label))
    check_geo_metadata(meta.metadata[b"geo"], meta.schema.to_arrow_schema(), label)
    try:
        return read_geoparquet(path, meta.metadata[b"geo"], label, limits, messages)
    except (GeodataError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - pyarrow's and GEOS's texts are not for users
        raise GeodataError(say("parquet.failed", name=label, error=_unexpected(exc))) from None


def _read(
    path: Path,
    layers: list[str],
    layer: str | None,
    filename: str,
    limits: Limits,
    messages: list[Message],
):
    label = isolate(filename)
    names = [isolate(name) for name in layers]
    if layer is not None and layer not in layers:
        raise GeodataError(
            say("layer.missing", name=label, layer=isolate(layer), layers=listing(names))
        )
    if layer is None and len(layers) > 1:
        raise LayerChoiceRequired(
            say("layer.choose", name=label, count=len(layers), layers=listing(names)),
            layers,
        )
    chosen, read = layer or layers[0], None
    source, kind, read_layer = _open_source(path, chosen, filename)
    if kind == "GeoParquet":
        return _read_geoparquet(source, label, limits, messages), chosen, None
    target = gdal_path(source, kind)
    if kind == "GeoJSON":
        # A cheap upper bound of the feature count, before GDAL parses the file; the exact
        # count is checked after parsing (escaped keys can hide features from this one).
        counted = count_in_file(source, b'"Feature"')
        check_feature_count(counted, label, limits)
    else:
        # The header first: GDAL gives every feature every field, empty or not (300 fields
        # declared on 200,000 features took 1.5 GB), so only the first fields are read, and
        # features x fields is held to a budget before any feature is. (A GeoJSON has no
        # header: its reader does the same between opening the file and reading it.)
        info = _layer_info(target, kind, read_layer, source, label)
        if kind == "FlatGeobuf":
            check_flatgeobuf_count(source, label)  # GDAL reads only as many as the header says
        count = int(info.get("features", -1))
        check_feature_count(count, label, limits)
        fields = [str(name) for name in info.get("fields", [])]
        columns = properties_to_read(fields, label, limits, messages)
        check_property_values(max(count, 0), len(columns), label, limits)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if kind == "GeoJSON":  # opened once, not twice (see geojson_stream)
                refuse = partial(check_feature_count, label=label, limits=limits)
                gdf, read = read_geojson(target, label, limits, messages, counted, refuse)
            else:
                # on_invalid="fix": a ring GDAL accepted unclosed is closed, not refused.
                gdf = pyogrio.read_dataframe(
                    target,
                    layer=read_layer,
                    columns=columns,
                    on_invalid="fix",
                    datetime_as_string=True,
                    max_features=limits.max_features + 1,
                )
    except GeodataError:
        raise
    except Exception as exc:  # noqa: BLE001
        if kind == "GeoJSON":
            check_geojson_text(source.read_bytes(), label)  # raises the precise message
        raise GeodataError(gdal_failure(str(exc), chosen, label)) from None
    give_back_memory()  # the features' WKB, parsed and freed: before the checks' copies
    check_feature_count(len(gdf), label, limits, capped=True)
    if kind == "GeoJSON" and (gdf.empty or gdf.geometry.isna().all()):
        check_geojson_text(source.read_bytes(), label)
    notes = [str(w.message) for w in caught]
    if any("Non closed ring" in note for note in notes):
        messages.append(Message("warning", say("geometry.rings_closed", name=label)))
    return gdf, chosen, read


class Handover:
    """A file's bytes handed to :func:`read_geodata` for good: it lets go of them once they
    are written to its private folder, before the file is parsed (on a 160 MB GeoJSON, that
    much less memory at the peak of the read), and hands them back (:attr:`data`) when the
    user must choose a layer, a CRS or swapped axes, for the next read.

    The caller keeps no other reference to the bytes (else nothing is let go).
    """

    def __init__(self, data: bytes) -> None:
        self.data = data

    def take(self) -> bytes:
        """The bytes, no longer held here."""
        data, self.data = self.data, b""
        return data


def read_geodata(
    data: bytes | Handover,
    filename: str,
    *,
    layer: str | None = None,
    crs: str | None = None,
    swap_axes: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> LoadedLayer:
    """Read, check and normalise one user file.

    Parameters
    ----------
    data : bytes or Handover
        The file's content (handed over: let go of once written, see :class:`Handover`).
    filename : str
        Its name: the extension decides the format, and messages name it.
    layer : str, optional
        The layer to read when the file holds several (see :func:`list_layers`).
    crs : str, optional
        The CRS of a file that does not declare one (never assumed).
    swap_axes : bool
        Exchange x and y, for a file whose latitude and longitude were swapped.
    limits : Limits
        Size, feature, vertex and zip limits.

    Returns
    -------
    LoadedLayer
        The features in EPSG:4326 with valid geometries and JSON-safe properties.

    Raises
    ------
    GeodataError
        When the file cannot be used (its subclasses :class:`CrsRequired` and
        :class:`AxesSwapped` ask the user for a decision).
    """
    label = isolate(filename)  # how messages name the file
    handed = data if isinstance(data, Handover) else None
    content = handed.take() if handed is not None else data
    del data
    check_size(content, label, limits)
    size, content_hash = len(content), hashlib.sha256(content).hexdigest()
    messages: list[Message] = []
    try:
        with private_folder() as folder:
            path, layers = _materialise(content, filename, folder, limits)
            # Handed over: let go of the bytes before they are parsed (a zip's are not on
            # disk as they came: kept, to be handed back if the user must choose).
            kept = content if handed is None or path.is_dir() else None
            content = b""
            try:
                gdf, chosen, read = _read(path, layers, layer, filename, limits, messages)
                if kind_of(filename) == "GeoJSON" and size >= LARGE_GEOJSON_BYTES:
                    messages.append(
                        Message("info", say("file.large_geojson", name=label, size=megabytes(size)))
                    )
                if gdf.empty:
                    raise GeodataError(say("layer.no_features", name=label, layer=isolate(chosen)))
                gdf = drop_unusable(gdf, label, messages)
                gdf, source_crs = normalise_crs(gdf, crs, label, messages)
                gdf = clean_geometries(
                    gdf,
                    label,
                    messages,
                    max_vertices=limits.max_vertices,
                    max_repair_crossings=limits.max_repair_crossings,
                    read=read,
                )
                gdf = check_region(gdf, label, swap_axes, messages)
            except (LayerChoiceRequired, CrsRequired, AxesSwapped):
                if handed is not None:  # read again with the user's choice: hand them back
                    handed.data = kept if kept is not None else path.read_bytes()
                raise
        gdf = json_safe_columns(gdf)
        gdf = cap_properties(gdf, label, limits, messages)
    except GeodataError:
        raise
    except MemoryError:
        raise GeodataError(say("file.out_of_memory", name=label)) from None
    except RecursionError:
        raise GeodataError(say("file.too_deep", name=label)) from None
    except Exception as exc:  # noqa: BLE001 - the last net: a message, never a traceback
        raise GeodataError(say("file.unexpected", name=label, error=_unexpected(exc))) from None
    name = Path(filename).stem if len(layers) == 1 else f"{Path(filename).stem} – {chosen}"
    return LoadedLayer(
        name=name,
        gdf=gdf,
        messages=messages,
        source_crs=source_crs,
        content_hash=content_hash,
        layers=layers,
        wkb=None if read is None else read.wkb_of(gdf.geometry.to_numpy()),
    )


def _unexpected(exc: Exception) -> str:
    """A short, path-free description of an unexpected error, for a message."""
    if isinstance(exc, shapely.errors.GEOSException):
        return say("unexpected.geometry", detail=token(str(exc).split("\n")[0][:120]))
    if isinstance(exc, (CRSError, ProjError)):
        return say("unexpected.crs")
    if isinstance(exc, OSError):
        return say("unexpected.file")
    # Any other class (IndexError, AttributeError...) is a reader tripping over content
    # laid out against its format: its name alone would tell the user nothing.
    return say("unexpected.damaged")
