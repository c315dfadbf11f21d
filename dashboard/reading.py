"""Where user files are read and checked: uploads, drop-in files and the command line.

One boundary normalises everything: whatever comes in (GeoJSON, GeoPackage, KML,
zipped shapefile), what goes out is a GeoDataFrame in EPSG:4326 with valid
geometries and JSON-safe columns, plus the messages that say what was done. A
file that cannot be used raises :class:`~dashboard.messages.GeodataError` with a
message for the user; nothing else escapes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import math
import shutil
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS, Geod

from dashboard.config import (
    GAZA_BOUNDS,
    GEOGRAPHIC_CRS,
    MAX_FEATURES,
    MAX_UNZIPPED_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_VERTICES,
    MAX_ZIP_RATIO,
)
from dashboard.messages import AxesSwapped, CrsRequired, GeodataError, Message

__all__ = [
    "AxesSwapped",
    "CrsRequired",
    "DEFAULT_LIMITS",
    "GeodataError",
    "Limits",
    "LoadedLayer",
    "list_layers",
    "read_geodata",
]

SUPPORTED = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".gpkg": "GeoPackage",
    ".kml": "KML",
    ".zip": "zip",
}
VECTOR_SUFFIXES = (".shp", ".geojson", ".json", ".gpkg", ".kml")
GEOJSON_TYPES = {
    "FeatureCollection",
    "Feature",
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}
# Data further than this from the Strip's bounding box (degrees) is "outside the region".
REGION_MARGIN_DEGREES = 0.5
MAX_LISTED = 5  # features named in one message before "and N more"
POLYGONAL = ("Polygon", "MultiPolygon")
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class Limits:
    """What one file may hold; defaults from :mod:`dashboard.config` (environment-tunable)."""

    max_bytes: int = MAX_UPLOAD_BYTES
    max_features: int = MAX_FEATURES
    max_vertices: int = MAX_VERTICES
    max_unzipped_bytes: int = MAX_UNZIPPED_BYTES
    max_zip_ratio: int = MAX_ZIP_RATIO


DEFAULT_LIMITS = Limits()


@dataclass
class LoadedLayer:
    """A file that was read: its features and what the user should know about them."""

    name: str
    gdf: gpd.GeoDataFrame
    messages: list[Message] = field(default_factory=list)
    source_crs: str | None = None
    content_hash: str = ""


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def _listing(labels: list[str]) -> str:
    shown = ", ".join(labels[:MAX_LISTED])
    more = len(labels) - MAX_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


def _feature_label(gdf: gpd.GeoDataFrame, index) -> str:
    for column in ("name", "Name", "NAME", "title"):
        if column in gdf.columns:
            value = gdf.at[index, column]
            if isinstance(value, str) and value.strip():
                return f"#{index} ('{value.strip()[:60]}')"
    return f"#{index}"


# --- the bytes ----------------------------------------------------------------------------


def _kind(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED:
        raise GeodataError(
            f"{filename}: files of type '{suffix or 'none'}' are not supported. Use GeoJSON "
            "(.geojson, .json), GeoPackage (.gpkg), KML (.kml) or a zipped shapefile (.zip)."
        )
    return SUPPORTED[suffix]


def _check_geojson_text(data: bytes, filename: str) -> None:
    """Precise messages for the common GeoJSON mistakes, before GDAL sees the file."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise GeodataError(
            f"{filename}: the file is not text (not UTF-8). A GeoJSON file is UTF-8 text; "
            "check that it was exported as GeoJSON."
        ) from None
    except json.JSONDecodeError as exc:
        truncated = exc.pos >= len(data.rstrip()) - 1
        what = "ends too early (truncated?)" if truncated else "is not valid JSON"
        raise GeodataError(
            f"{filename}: the file {what}: {exc.msg} at line {exc.lineno}, column {exc.colno}. "
            "Download or export it again."
        ) from None
    if not isinstance(doc, dict) or doc.get("type") not in GEOJSON_TYPES:
        found = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        raise GeodataError(
            f"{filename}: this is JSON but not GeoJSON (no FeatureCollection, Feature or "
            f"geometry 'type'; found {found!r}). Export the data as GeoJSON."
        )
    if doc["type"] == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list) or not features:
            raise GeodataError(
                f"{filename}: the FeatureCollection has no features. Nothing to show."
            )
        missing = [
            str(i)
            for i, f in enumerate(features)
            if not isinstance(f, dict) or not isinstance(f.get("geometry"), dict)
        ]
        if len(missing) == len(features):
            raise GeodataError(
                f"{filename}: none of its {len(features)} features has a geometry. "
                "Export the file with its geometries."
            )


def _check_zip(archive: zipfile.ZipFile, size: int, filename: str, limits: Limits) -> None:
    infos = archive.infolist()
    if any(info.flag_bits & 0x1 for info in infos):
        raise GeodataError(
            f"{filename}: the zip archive is encrypted (password-protected). "
            "Zip the files again without a password."
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_unzipped_bytes or total > limits.max_zip_ratio * max(size, 1):
        raise GeodataError(
            f"{filename}: the zip archive would expand to {_mb(total)} from {_mb(size)}, more "
            f"than allowed ({_mb(limits.max_unzipped_bytes)}, or {limits.max_zip_ratio} times "
            "its size). Upload the shapefile's own files zipped, without other content."
        )
    for info in infos:
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts:
            raise GeodataError(
                f"{filename}: the zip archive contains an unsafe path ({info.filename}). "
                "Zip the files again from their own folder."
            )


def _extract(data: bytes, filename: str, folder: Path, limits: Limits) -> None:
    """Extract a zip safely: limits checked on the directory *and* while writing."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise GeodataError(
            f"{filename}: this is not a readable zip archive (corrupt or truncated). "
            "Create the zip again."
        ) from None
    with archive:
        _check_zip(archive, len(data), filename, limits)
        written = 0
        for info in archive.infolist():
            if info.is_dir() or info.filename.startswith("__MACOSX"):
                continue
            target = folder / PurePosixPath(info.filename.replace("\\", "/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as src, target.open("wb") as dst:
                    while chunk := src.read(1 << 20):
                        written += len(chunk)
                        if written > limits.max_unzipped_bytes:
                            raise GeodataError(
                                f"{filename}: the zip archive expands to more than "
                                f"{_mb(limits.max_unzipped_bytes)}. Upload a smaller file."
                            )
                        dst.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                if isinstance(exc, GeodataError):
                    raise
                raise GeodataError(
                    f"{filename}: the zip archive is corrupt ({info.filename} cannot be "
                    "extracted). Create the zip again."
                ) from None


def _zip_layers(folder: Path) -> list[str]:
    found = [
        p.relative_to(folder).as_posix()
        for p in sorted(folder.rglob("*"))
        if p.suffix.lower() in VECTOR_SUFFIXES and p.is_file()
    ]
    return found


def _materialise(
    data: bytes, filename: str, folder: Path, limits: Limits
) -> tuple[Path, list[str]]:
    """Write the file (or the zip's content) into ``folder``; return its path and layers."""
    kind = _kind(filename)
    if kind == "zip":
        _extract(data, filename, folder, limits)
        layers = _zip_layers(folder)
        if not layers:
            raise GeodataError(
                f"{filename}: the zip archive holds no vector data (no .shp, .geojson, .gpkg "
                "or .kml file). A zipped shapefile needs at least its .shp, .shx and .dbf."
            )
        return folder, layers
    path = folder / f"upload{Path(filename).suffix.lower()}"
    path.write_bytes(data)
    if kind == "GeoJSON":
        # One layer by definition; parsing the whole file twice would double the cost, so
        # the precise JSON diagnosis runs only if GDAL fails to read it (see _read).
        return path, [path.stem]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # GDAL's notes, not for users
            layers = [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception:  # noqa: BLE001 - GDAL's own error texts are not for users
        raise GeodataError(
            f"{filename}: GDAL cannot read this file as {kind}. Check the format, or export it "
            "again as GeoJSON."
        ) from None
    return path, layers


def list_layers(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """The layers a file holds (zip: the vector files inside; GeoPackage/KML: its layers)."""
    _check_size(data, filename, limits)
    with tempfile.TemporaryDirectory(prefix="gazamap-") as tmp:
        _, layers = _materialise(data, filename, Path(tmp), limits)
    return layers


def _check_size(data: bytes, filename: str, limits: Limits) -> None:
    if len(data) > limits.max_bytes:
        raise GeodataError(
            f"{filename}: the file is {_mb(len(data))}, over the limit of "
            f"{_mb(limits.max_bytes)}. Simplify it or split it into smaller files."
        )
    if not data:
        raise GeodataError(f"{filename}: the file is empty.")


# --- reading ------------------------------------------------------------------------------


def _read(
    path: Path,
    layers: list[str],
    layer: str | None,
    filename: str,
    limits: Limits,
    messages: list[Message],
):
    if layer is not None and layer not in layers:
        raise GeodataError(f"{filename}: there is no layer '{layer}'. Layers: {_listing(layers)}.")
    if layer is None and len(layers) > 1:
        raise GeodataError(
            f"{filename}: the file holds {len(layers)} layers ({_listing(layers)}); choose one."
        )
    chosen = layer or layers[0]
    source = path / chosen if path.is_dir() else path
    read_layer = None if path.is_dir() or path.suffix in (".geojson", ".json") else chosen
    is_geojson = source.suffix.lower() in (".geojson", ".json")
    if is_geojson:
        # A cheap upper bound of the feature count, without parsing the file.
        count = source.read_bytes().count(b'"Feature"')
    else:
        try:
            count = pyogrio.read_info(source, layer=read_layer)["features"]
        except Exception:  # noqa: BLE001
            raise GeodataError(
                f"{filename}: GDAL cannot read the layer '{chosen}'. If it is a shapefile, the "
                "zip needs its .shp, .shx and .dbf files."
            ) from None
    if count > limits.max_features:
        raise GeodataError(
            f"{filename}: {count:,} features, over the limit of "
            f"{limits.max_features:,}. Split the file or aggregate its features."
        )
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            # on_invalid="fix": a ring GDAL accepted unclosed is closed instead of failing.
            gdf = pyogrio.read_dataframe(
                source, layer=read_layer, on_invalid="fix", datetime_as_string=True
            )
    except Exception:  # noqa: BLE001
        if is_geojson:
            _check_geojson_text(source.read_bytes(), filename)  # raises the precise message
        raise GeodataError(
            f"{filename}: the layer '{chosen}' could not be read (the file may be damaged). "
            "Export it again."
        ) from None
    if is_geojson and (gdf.empty or gdf.geometry.isna().all()):
        _check_geojson_text(source.read_bytes(), filename)
    notes = [str(w.message) for w in caught]
    if any("Non closed ring" in note for note in notes):
        messages.append(
            Message(
                "warning",
                f"{filename}: some polygon rings were not closed (last point not equal to the "
                "first); they were closed. Check those shapes on the map.",
            )
        )
    return gdf, chosen


def _normalise_crs(
    gdf: gpd.GeoDataFrame, crs: str | None, filename: str, messages: list[Message]
) -> tuple[gpd.GeoDataFrame, str | None]:
    if gdf.crs is None:
        if crs is None:
            raise CrsRequired(
                f"{filename}: the file does not say which coordinate reference system it uses "
                "(a shapefile without its .prj file?). Say which one, e.g. EPSG:4326 "
                "(longitude/latitude), EPSG:2039 (Israeli grid) or EPSG:32636 (UTM 36N)."
            )
        try:
            gdf = gdf.set_crs(CRS.from_user_input(crs))
        except Exception:  # noqa: BLE001
            raise CrsRequired(
                f"{filename}: '{crs}' is not a coordinate reference system that PROJ knows. "
                "Use an EPSG code such as EPSG:2039."
            ) from None
        messages.append(Message("info", f"{filename}: read with the CRS you gave ({crs})."))
    source = gdf.crs.to_string()
    if gdf.crs.is_geographic:
        minx, miny, maxx, maxy = gdf.total_bounds
        if min(minx, miny) < -180 or maxx > 180 or maxy > 90 or miny < -90:
            raise GeodataError(
                f"{filename}: the coordinates ({minx:,.0f} … {maxx:,.0f}, {miny:,.0f} … "
                f"{maxy:,.0f}) are not longitude/latitude; they look like metres of a projected "
                "system, but the file does not say which. Export it as GeoJSON in EPSG:4326, "
                "or as a GeoPackage/shapefile that carries its CRS (e.g. EPSG:2039, EPSG:32636)."
            )
        if not gdf.crs.equals(CRS.from_user_input(GEOGRAPHIC_CRS)):
            gdf = gdf.to_crs(GEOGRAPHIC_CRS)
        return gdf, source
    name = gdf.crs.name
    gdf = gdf.to_crs(GEOGRAPHIC_CRS)
    messages.append(
        Message("info", f"{filename}: reprojected from {source} ({name}) to longitude/latitude.")
    )
    return gdf, source


def _in_region(bounds) -> bool:
    minx, miny, maxx, maxy = bounds
    gx0, gy0, gx1, gy1 = GAZA_BOUNDS
    m = REGION_MARGIN_DEGREES
    return not (maxx < gx0 - m or minx > gx1 + m or maxy < gy0 - m or miny > gy1 + m)


def _distance_km(geom) -> float:
    """Geodesic distance (km) from a geometry's representative point to the Strip's box."""
    point = geom.representative_point()
    gx0, gy0, gx1, gy1 = GAZA_BOUNDS
    lon, lat = min(max(point.x, gx0), gx1), min(max(point.y, gy0), gy1)
    return _GEOD.inv(point.x, point.y, lon, lat)[2] / 1000


def _check_region(
    gdf: gpd.GeoDataFrame, filename: str, swap_axes: bool, messages: list[Message]
) -> gpd.GeoDataFrame:
    if swap_axes:
        gdf = gdf.copy()
        gdf["geometry"] = shapely.transform(gdf.geometry.values, lambda xy: xy[:, ::-1])
        messages.append(Message("info", f"{filename}: latitude and longitude were swapped back."))
    if _in_region(gdf.total_bounds):
        outside = [
            i
            for i, b in zip(gdf.index, gdf.geometry.bounds.values, strict=True)
            if not _in_region(b)
        ]
        if outside:
            messages.append(
                Message(
                    "warning",
                    f"{filename}: {len(outside)} feature(s) lie far from Gaza "
                    f"({_listing([_feature_label(gdf, i) for i in outside])}).",
                )
            )
        return gdf
    swapped = gdf.total_bounds[[1, 0, 3, 2]]
    if not swap_axes and _in_region(swapped):
        raise AxesSwapped(
            f"{filename}: latitude and longitude look swapped (the data lands "
            f"{_distance_km(shapely.box(*gdf.total_bounds)):,.0f} km from Gaza, but exactly on it "
            "with the axes exchanged). Swap them to load the file."
        )
    distance = _distance_km(shapely.box(*gdf.total_bounds))
    messages.append(
        Message(
            "warning",
            f"{filename}: the data lies outside the Gaza region, about {distance:,.0f} km from the "
            "Strip. Check that it is the right file and that its CRS is right.",
        )
    )
    return gdf


def _polygonal_part(geom):
    parts = [
        p
        for p in shapely.get_parts(geom)
        for p in shapely.get_parts(p)
        if p.geom_type == "Polygon" and not p.is_empty
    ]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def _clean_geometries(
    gdf: gpd.GeoDataFrame, filename: str, limits: Limits, messages: list[Message]
) -> gpd.GeoDataFrame:
    empty = gdf.geometry.isna() | gdf.geometry.is_empty
    if empty.all():
        raise GeodataError(f"{filename}: no feature has a geometry. Nothing to show.")
    if empty.any():
        labels = [_feature_label(gdf, i) for i in gdf.index[empty]]
        messages.append(
            Message(
                "warning",
                f"{filename}: {len(labels)} feature(s) without geometry were left out "
                f"({_listing(labels)}).",
            )
        )
        gdf = gdf[~empty]
    vertices = int(shapely.get_num_coordinates(gdf.geometry.values).sum())
    if vertices > limits.max_vertices:
        raise GeodataError(
            f"{filename}: {vertices:,} vertices, over the limit of {limits.max_vertices:,}. "
            "Simplify the geometries (e.g. to 5-10 m) and try again."
        )
    invalid = ~gdf.geometry.is_valid
    if invalid.any():
        gdf = gdf.copy()
        details = []
        for index in gdf.index[invalid]:
            geom = gdf.at[index, "geometry"]
            reason = shapely.is_valid_reason(geom)
            repaired = shapely.make_valid(geom)
            if geom.geom_type in POLYGONAL:
                repaired = _polygonal_part(repaired) or repaired
            gdf.at[index, "geometry"] = repaired
            details.append(f"{_feature_label(gdf, index)}: {reason}")
        messages.append(
            Message(
                "warning",
                f"{filename}: {len(details)} invalid geometry(ies) repaired "
                f"({_listing(details)}). Check the repaired shapes on the map.",
            )
        )
    types = gdf.geom_type
    if types.isin(POLYGONAL).any() and not types.isin(POLYGONAL).all():
        others = int((~types.isin(POLYGONAL)).sum())
        messages.append(
            Message(
                "info",
                f"{filename}: {others} point or line feature(s) are shown but left out of the area "
                "statistics.",
            )
        )
    return gdf


def _json_safe(value):
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (dt.date, dt.datetime, dt.time, pd.Timestamp)):  # noqa: UP038
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return value.item()
    if isinstance(value, (str, int, float, bool)):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return str(value)


def _is_missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists, dicts, arrays
        return False


def _json_safe_columns(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Every property JSON-serialisable: dates as ISO text, NaN as None, names as strings."""
    gdf = gdf.rename(columns={c: str(c) for c in gdf.columns if not isinstance(c, str)})
    for column in gdf.columns:
        if column == gdf.geometry.name:
            continue
        series = gdf[column]
        if pd.api.types.is_integer_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        # Object dtype, so that a missing value stays None (pandas' string dtype makes it NaN).
        if pd.api.types.is_string_dtype(series) or pd.api.types.is_float_dtype(series):
            # Already JSON-safe values: only the missing ones change (vectorised).
            values = series.astype(object).where(series.notna(), None)
            gdf[column] = pd.Series(values, index=gdf.index, dtype=object)
            continue
        values = [None if _is_missing(v) else _json_safe(v) for v in series.astype(object)]
        gdf[column] = pd.Series(values, index=gdf.index, dtype=object)
    return gdf.reset_index(drop=True)


def read_geodata(
    data: bytes,
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
    data : bytes
        The file's content.
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
    _check_size(data, filename, limits)
    messages: list[Message] = []
    folder = Path(tempfile.mkdtemp(prefix="gazamap-"))
    try:
        path, layers = _materialise(data, filename, folder, limits)
        gdf, chosen = _read(path, layers, layer, filename, limits, messages)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if gdf.empty:
        raise GeodataError(f"{filename}: the layer '{chosen}' has no features.")
    gdf, source_crs = _normalise_crs(gdf, crs, filename, messages)
    gdf = _clean_geometries(gdf, filename, limits, messages)
    gdf = _check_region(gdf, filename, swap_axes, messages)
    gdf = _json_safe_columns(gdf)
    name = Path(filename).stem if len(layers) == 1 else f"{Path(filename).stem} – {chosen}"
    return LoadedLayer(
        name=name,
        gdf=gdf,
        messages=messages,
        source_crs=source_crs,
        content_hash=hashlib.sha256(data).hexdigest(),
    )
