"""A display frame's geometry as flat binary arrays, for the canvas layer of large uploads.

Turning 50,000 GeoJSON features into Leaflet objects costs the browser seconds; reading
typed arrays costs it milliseconds. :func:`encode_frame` writes one payload per layer:

* ``GZB1``, then a little-endian ``uint32`` header length, then the header (UTF-8 JSON);
* sections, each starting on a 4-byte boundary, that the header lists by name as
  ``[dtype, byte offset, element count]`` (dtype ``u8``, ``u16`` or ``u32``):

  ``feature_parts``
      ``count + 1`` offsets into the parts (feature ``f``: ``[f]`` to ``[f + 1]``);
  ``part_kind``, ``part_rings``
      per part: 1 point, 2 line, 3 polygon; offsets into the rings (a polygon part: its
      exterior, then its holes; a point or a line part: one ring);
  ``ring_vertices``
      offsets into the vertices (a polygon ring does not repeat its first vertex);
  ``coords``
      ``x, y`` per vertex on a grid of :data:`GRID_DEGREES` (about 1 m), counted from
      the header's ``origin`` (in grid steps): ``lon = (origin[0] + x) * grid``;
  ``bbox``, ``style``
      per feature ``min x, min y, max x, max y`` on the same grid; an index into the
      header's ``styles`` (``"zone|kind|class"`` keys, as ``FastGeoJson`` looks them up);
  ``properties``
      UTF-8 JSON ``{"columns": [...], "values": [...]}``: an array per column, else
      ``{"codes": [...], "values": [...]}`` (few distinct values) or ``{"prefix": ...}``.

Polygons are oriented (exteriors counter-clockwise, holes clockwise: the browser fills
them with the non-zero rule). Properties are the display frame's, names and values
HTML-escaped (:func:`dashboard.browser.serialise.display_frame`): a tooltip built from
them cannot run as markup. All with numpy and shapely's vectorised functions.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import struct
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.browser.escaping import script_safe_json

MAGIC = b"GZB1"
FORMAT_VERSION = 1
GRID_DEGREES = 1e-5  # the display grid of dashboard.browser.serialise (about 1 m)
KIND_POINT, KIND_LINE, KIND_POLYGON = 1, 2, 3
# shapely type ids -> part kinds (after multi-part geometries are taken apart)
_KINDS = {0: KIND_POINT, 1: KIND_LINE, 2: KIND_LINE, 3: KIND_POLYGON}
_MULTI_TYPES = (4, 5, 6, 7)  # MultiPoint, MultiLineString, MultiPolygon, GeometryCollection
_DTYPES = {"u8": np.uint8, "u16": np.uint16, "u32": np.uint32}
# A column is dictionary-encoded when it has at most this share of distinct values.
DICTIONARY_SHARE = 0.25
MIN_PREFIX = 2  # shorter common prefixes are not worth their own encoding
# Features laid out at a time (see _laid_on_grid).
ENCODE_ROWS = 10_000


@dataclass(frozen=True)
class BinaryLayer:
    """One layer's binary payload (see the module's description), fetched by the browser.

    Attributes
    ----------
    payload : bytes
        Header, geometry arrays and properties.
    count : int
        Number of features.
    url : str or None
        Where the page serves the payload (set by the page, see :meth:`served_at`).
    gz_url : str or None
        Where it serves :attr:`compressed` (for a browser that can decompress it).
    """

    payload: bytes
    count: int
    url: str | None = None
    gz_url: str | None = None

    @cached_property
    def digest(self) -> str:
        """A fingerprint of the payload (its address, and the browser's cache key)."""
        return hashlib.sha256(self.payload).hexdigest()[:32]

    @cached_property
    def compressed(self) -> bytes:
        """The payload gzipped once, at the fastest level (2% over the smallest): Streamlit
        gzips what it serves at level 9 at every request, before the first byte (0.15 s
        on 50,000 polygons), but sends a gzip file (``application/gzip``) as it is."""
        return gzip.compress(self.payload, compresslevel=1, mtime=0)

    def served_at(self, url: str, gz_url: str | None = None) -> BinaryLayer:
        """This layer, fetched from ``url`` or, gzipped, from ``gz_url`` (the digest and
        the gzipped bytes are carried over)."""
        served = replace(self, url=url, gz_url=gz_url)
        served.__dict__.update(
            {k: v for k, v in vars(self).items() if k in ("digest", "compressed")}
        )
        return served


def encode_frame(
    frame: gpd.GeoDataFrame,
    style_fields: Sequence[str] = ("zone", "kind", "style_class"),
    *,
    grid: float = GRID_DEGREES,
    rows: int = ENCODE_ROWS,
) -> BinaryLayer:
    """The binary payload of ``frame`` (a display frame: escaped text columns, lon/lat).

    Features without any vertex are left out, with their properties. The geometry is laid
    out ``rows`` features at a time (see :data:`ENCODE_ROWS`).
    """
    geoms = frame.geometry.to_numpy()
    chunks = [
        _laid_on_grid(geoms[start : start + rows], grid)
        for start in range(0, max(len(geoms), 1), rows)
    ]
    vertices_of = np.concatenate([chunk.vertices_of for chunk in chunks])
    if len(geoms) and not (vertices_of > 0).all():
        return encode_frame(frame[vertices_of > 0], style_fields, grid=grid, rows=rows)
    steps = np.concatenate([chunk.steps for chunk in chunks])
    origin = steps.min(axis=0) if len(steps) else np.zeros(2, dtype=np.int64)
    steps -= origin
    coord_type = "u16" if steps.size == 0 or steps.max() <= np.iinfo(np.uint16).max else "u32"
    bbox = np.concatenate([chunk.bbox for chunk in chunks]) - np.tile(origin, 2)
    feature_parts = _offsets(np.concatenate([chunk.parts_of for chunk in chunks]))
    part_rings = _offsets(np.concatenate([chunk.rings_of for chunk in chunks]))
    ring_vertices = _offsets(np.concatenate([chunk.ring_sizes for chunk in chunks]))
    kinds = np.concatenate([chunk.kinds for chunk in chunks])
    del chunks
    styles, style_index = _style_index(frame, style_fields)
    columns = [c for c in frame.columns if c != frame.geometry.name]
    properties = {
        "columns": columns,
        "values": [_column(_texts(frame[c])) for c in columns],
    }
    properties_text = script_safe_json(
        json.dumps(properties, ensure_ascii=False, separators=(",", ":"))
    )
    sections = {
        "feature_parts": ("u32", feature_parts),
        "part_kind": ("u8", kinds),
        "part_rings": ("u32", part_rings),
        "ring_vertices": ("u32", ring_vertices),
        "coords": (coord_type, steps.ravel()),
        "bbox": (coord_type, bbox.ravel()),
        "style": ("u16" if len(styles) <= 65_535 else "u32", style_index),
        "properties": ("u8", np.frombuffer(properties_text.encode(), dtype=np.uint8)),
    }
    header = {
        "format": "gazamap-binary-geometry",
        "version": FORMAT_VERSION,
        "count": len(geoms),
        "grid": grid,
        "origin": [int(origin[0]), int(origin[1])],
        "styles": styles,
    }
    return BinaryLayer(_pack(header, sections), len(geoms))


@dataclass(frozen=True)
class _Laid:
    """A run of features laid out for the payload, its vertices on the grid (absolute
    steps: the layer's origin is subtracted once all runs are laid out)."""

    parts_of: np.ndarray  # per feature: its parts
    kinds: np.ndarray  # per part: KIND_*
    rings_of: np.ndarray  # per part: its rings
    ring_sizes: np.ndarray  # per ring: its vertices
    steps: np.ndarray  # (n, 2) grid steps (int32, or int64 if they do not fit)
    bbox: np.ndarray  # (features, 4) int64 grid steps; empty if a feature has no vertex
    vertices_of: np.ndarray  # per feature: its vertices


def _laid_on_grid(geoms: np.ndarray, grid: float) -> _Laid:
    """:func:`_polygon_layout` (or :func:`_general_layout`) of ``geoms``, on the grid.

    Called on a run of features at a time: the layout's temporary arrays (several per
    vertex: coordinates, their rings, the orientation's products) then never exist for the
    whole layer at once, which on 150,000 polygons took 150 MB at the peak of an upload.
    """
    laid = _polygon_layout(geoms) or _general_layout(geoms)
    steps = np.rint(laid.coords / grid)
    # 32-bit while the whole layer's vertices are gathered (lon/lat on a 1e-5° grid fit
    # easily): half the memory of the largest array, at the peak of an upload.
    fits = steps.size == 0 or np.abs(steps).max() < np.iinfo(np.int32).max
    steps = steps.astype(np.int32 if fits else np.int64)
    parts_of = np.bincount(laid.owner, minlength=len(geoms))
    rings_of = np.bincount(laid.ring_part, minlength=len(laid.kinds))
    bbox = np.empty((0, 4), dtype=np.int64)
    if len(geoms) and (laid.vertices_of > 0).all():  # else the caller leaves features out
        ring_vertices = _offsets(laid.ring_sizes)
        starts = ring_vertices[_offsets(rings_of)[_offsets(parts_of)[:-1]]]
        bbox = np.empty((len(geoms), 4), dtype=np.int64)
        bbox[:, :2] = np.minimum.reduceat(steps, starts, axis=0)
        bbox[:, 2:] = np.maximum.reduceat(steps, starts, axis=0)
    return _Laid(parts_of, laid.kinds, rings_of, laid.ring_sizes, steps, bbox, laid.vertices_of)


@dataclass(frozen=True)
class _Layout:
    """Parts, rings and vertices of a layer, as the payload lays them out."""

    owner: np.ndarray  # per part: its feature
    kinds: np.ndarray  # per part: KIND_*
    ring_part: np.ndarray  # per ring: its part
    ring_sizes: np.ndarray  # per ring: its vertices (a polygon ring's last one dropped)
    coords: np.ndarray  # (n, 2) lon, lat; polygons oriented
    vertices_of: np.ndarray  # per feature: its vertices


def _general_layout(geoms: np.ndarray) -> _Layout:
    """Any geometries: taken apart into parts and rings as shapely objects."""
    parts, owner = _simple_parts(geoms)
    sizes = shapely.get_num_coordinates(parts)
    vertices_of = np.bincount(owner, weights=sizes, minlength=len(geoms))
    kinds = np.array([_KINDS[t] for t in range(4)], dtype=np.uint8)[shapely.get_type_id(parts)]
    is_polygon = kinds == KIND_POLYGON
    parts[is_polygon] = shapely.orient_polygons(parts[is_polygon])
    rings, ring_part = _rings(parts, is_polygon)
    coords, vertex_ring = shapely.get_coordinates(rings, return_index=True)
    ring_sizes = np.bincount(vertex_ring, minlength=len(rings))
    # A polygon ring's last vertex repeats its first: drop it (the browser closes the path).
    closed = is_polygon[ring_part] & (ring_sizes > 1)
    keep = np.ones(len(coords), dtype=bool)
    keep[(np.cumsum(ring_sizes) - 1)[closed]] = False
    return _Layout(owner, kinds, ring_part, ring_sizes - closed, coords[keep], vertices_of)


def _polygon_layout(geoms: np.ndarray) -> _Layout | None:
    """A layer of polygons and multipolygons only (what large uploads are), laid out from
    flat arrays (``shapely.to_ragged_array``) and oriented with numpy: no shapely object
    per part or ring. On 150,000 polygons, the general path made three copies of every
    polygon at once (parts, oriented parts, rings). None for any other layer."""
    if not len(geoms) or not np.isin(shapely.get_type_id(geoms), (3, 6)).all():
        return None
    kind, coords, offsets = shapely.to_ragged_array(geoms, include_z=False)
    if kind == shapely.GeometryType.POLYGON:  # one part per feature
        ring_offsets, part_rings = offsets
        feature_parts = np.arange(len(geoms) + 1)
    else:
        ring_offsets, part_rings, feature_parts = offsets
    ring_sizes = np.diff(ring_offsets)
    ring_part = np.repeat(np.arange(len(part_rings) - 1), np.diff(part_rings))
    part_owner = np.repeat(np.arange(len(geoms)), np.diff(feature_parts))
    # Empty rings, and the parts left without one, are left out (as the general path does).
    present = ring_sizes > 0
    coords_ring = np.repeat(np.arange(len(ring_sizes)), ring_sizes)
    first_ring = np.zeros(len(ring_sizes), dtype=bool)
    first_ring[part_rings[:-1][np.diff(part_rings) > 0]] = True  # each part's exterior
    coords = _oriented(coords, ring_offsets, ring_sizes, coords_ring, first_ring)
    ring_part, ring_sizes, first_of = ring_part[present], ring_sizes[present], ring_offsets[:-1]
    parts_used, ring_part = np.unique(ring_part, return_inverse=True)
    owner = part_owner[parts_used]
    vertices_of = np.bincount(owner[ring_part], weights=ring_sizes, minlength=len(geoms))
    # A ring's last vertex repeats its first: drop it (the browser closes the path).
    closed = ring_sizes > 1
    keep = np.ones(len(coords), dtype=bool)
    keep[(first_of[present] + ring_sizes - 1)[closed]] = False
    kinds = np.full(len(parts_used), KIND_POLYGON, dtype=np.uint8)
    return _Layout(owner, kinds, ring_part, ring_sizes - closed, coords[keep], vertices_of)


def _oriented(
    coords: np.ndarray,
    ring_offsets: np.ndarray,
    ring_sizes: np.ndarray,
    coords_ring: np.ndarray,
    exterior: np.ndarray,
) -> np.ndarray:
    """``coords`` with each exterior ring counter-clockwise and each hole clockwise (as
    ``shapely.orient_polygons``): a ring the wrong way round is reversed in place."""
    start = ring_offsets[:-1]
    # Twice the signed area (shoelace) of each ring, on coordinates taken from the ring's
    # first vertex: small numbers, so the sign is right for rings a metre wide.
    local = coords - coords[start[coords_ring]]
    x, y = local[:, 0], local[:, 1]
    same = coords_ring[:-1] == coords_ring[1:]  # consecutive vertices of one ring
    cross = (x[:-1] * y[1:] - x[1:] * y[:-1])[same]
    area2 = np.bincount(coords_ring[:-1][same], weights=cross, minlength=len(ring_sizes))
    flip = np.where(exterior, area2 < 0, area2 > 0)
    if not flip.any():
        return coords
    index = np.arange(len(coords))
    flipped = flip[coords_ring]
    ring = coords_ring[flipped]
    index[flipped] = 2 * start[ring] + ring_sizes[ring] - 1 - index[flipped]
    return coords[index]


def _simple_parts(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points, lines and polygons of ``geoms`` (multi-part geometries and collections
    taken apart, empty parts left out) and, for each, the index of its geometry."""
    parts, owner = shapely.get_parts(geoms, return_index=True)
    while len(parts) and np.isin(shapely.get_type_id(parts), _MULTI_TYPES).any():
        parts, inner = shapely.get_parts(parts, return_index=True)
        owner = owner[inner]
    present = ~shapely.is_empty(parts)
    return parts[present], owner[present]


def _rings(parts: np.ndarray, is_polygon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each polygon's exterior and holes, and each other part as one ring; in part order,
    with the index of each ring's part."""
    polygons = np.flatnonzero(is_polygon)
    others = np.flatnonzero(~is_polygon)
    rings, of_polygon = shapely.get_rings(parts[polygons], return_index=True)
    present = ~shapely.is_empty(rings)
    ring_part = np.concatenate([polygons[of_polygon[present]], others])
    rings = np.concatenate([rings[present], parts[others]])
    order = np.argsort(ring_part, kind="stable")  # keeps exterior before holes
    return rings[order], ring_part[order]


def _offsets(sizes: np.ndarray) -> np.ndarray:
    """``[0, sizes[0], sizes[0] + sizes[1], ...]``: where each item starts, and the end."""
    return np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)


def _style_index(frame: gpd.GeoDataFrame, fields: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """The distinct ``"zone|kind|class"`` keys of ``frame``, and each feature's index into them."""
    keys = pd.Series("", index=frame.index, dtype=object)
    for i, field in enumerate(fields):
        value = frame[field].astype(str) if field in frame.columns else ""
        keys = (keys + "|" + value) if i else keys + value
    index, styles = pd.factorize(keys.to_numpy(dtype=object), sort=True)
    return [str(s) for s in styles], index


def _texts(column: pd.Series) -> list[str]:
    """The column's values as text. A display frame's are text already: taken as they are
    (``astype(str)`` copied each of them twice, through pandas' string type)."""
    return [v if isinstance(v, str) else str(v) for v in column.to_numpy(dtype=object)]


def _column(values: list[str]) -> list | dict:
    """One property column, in its most compact JSON form (see the module's description)."""
    distinct = dict.fromkeys(values)
    if len(values) > 8 and len(distinct) <= DICTIONARY_SHARE * len(values):
        code = {value: i for i, value in enumerate(distinct)}
        return {"codes": [code[v] for v in values], "values": list(distinct)}
    prefix = os.path.commonprefix(values) if values else ""
    if len(prefix) >= MIN_PREFIX:
        return {"prefix": prefix, "values": [v[len(prefix) :] for v in values]}
    return values


def _pack(header: dict, sections: dict[str, tuple[str, np.ndarray]]) -> bytes:
    """Header and sections as one payload, each section on a 4-byte boundary."""
    blobs: list[tuple[str, str, memoryview, int]] = []
    for name, (dtype, values) in sections.items():
        array = np.ascontiguousarray(values, dtype=np.dtype(_DTYPES[dtype]).newbyteorder("<"))
        # A view of the array's bytes: the payload is their only copy (a copy of each
        # section, then a growing buffer, then the payload made three at the peak).
        blobs.append((name, dtype, memoryview(array).cast("B"), len(array)))
    # The header holds the sections' offsets, which depend on the header's length: lay out
    # with a fixed-width placeholder first, then fill in.
    table: dict[str, list] = {name: [dtype, 0, count] for name, dtype, _, count in blobs}
    text, length = b"", -1
    while len(text) != length:  # the offsets' digits change the length: a few rounds
        length = len(text)
        position = _aligned(8 + length)
        for name, _, data, _ in blobs:
            table[name][1] = position
            position = _aligned(position + len(data))
        text = json.dumps({**header, "sections": table}, separators=(",", ":")).encode()
    pieces: list[bytes | memoryview] = [MAGIC, struct.pack("<I", len(text)), text]
    position = 8 + len(text)
    for name, _, data, _ in blobs:
        pieces.append(b"\0" * (table[name][1] - position))
        pieces.append(data)
        position = table[name][1] + len(data)
    return b"".join(pieces)


def _aligned(position: int) -> int:
    return (position + 3) // 4 * 4


@dataclass(frozen=True)
class Decoded:
    """A payload read back (what the browser reads; for tests and checks)."""

    header: dict
    arrays: dict[str, np.ndarray]
    properties: dict[str, list[str]]

    def lonlat(self) -> np.ndarray:
        """Vertices as ``(lon, lat)`` rows."""
        grid = self.header["grid"]
        steps = self.arrays["coords"].astype(np.int64).reshape(-1, 2)
        return (steps + np.asarray(self.header["origin"])) * grid

    def geometries(self) -> list[shapely.Geometry]:
        """Each feature as a shapely geometry (multi-part if it has several parts)."""
        a = self.arrays
        xy = self.lonlat()
        out = []
        for f in range(self.header["count"]):
            shapes = []
            for p in range(a["feature_parts"][f], a["feature_parts"][f + 1]):
                rings = [
                    xy[a["ring_vertices"][r] : a["ring_vertices"][r + 1]]
                    for r in range(a["part_rings"][p], a["part_rings"][p + 1])
                ]
                kind = a["part_kind"][p]
                if kind == KIND_POLYGON:
                    shapes.append(shapely.Polygon(rings[0], rings[1:]))
                elif kind == KIND_LINE:
                    shapes.append(shapely.LineString(rings[0]))
                else:
                    shapes.append(shapely.Point(rings[0][0]))
            out.append(shapes[0] if len(shapes) == 1 else shapely.GeometryCollection(shapes))
        return out


def decode_payload(payload: bytes) -> Decoded:
    """Read a payload written by :func:`encode_frame`."""
    if payload[:4] != MAGIC:
        raise ValueError("not a binary geometry payload")
    (length,) = struct.unpack_from("<I", payload, 4)
    header = json.loads(payload[8 : 8 + length])
    arrays = {
        name: np.frombuffer(
            payload, dtype=np.dtype(_DTYPES[dtype]).newbyteorder("<"), count=count, offset=offset
        )
        for name, (dtype, offset, count) in header["sections"].items()
    }
    raw = json.loads(arrays.pop("properties").tobytes())
    properties = {
        name: _expand(values, header["count"])
        for name, values in zip(raw["columns"], raw["values"], strict=True)
    }
    return Decoded(header, arrays, properties)


def _expand(column: list | dict, count: int) -> list[str]:
    if isinstance(column, list):
        return column
    if "codes" in column:
        return [column["values"][c] for c in column["codes"]]
    return [column["prefix"] + v for v in column["values"]]
