"""Layers prepared for the browser in one pass: fields kept, escaped, rounded, serialised.

Folium's ``GeoJson`` re-serialises its data and writes a style case per feature on every
render; on a 50,000-feature layer that costs seconds per rerun. Here a layer is turned
into GeoJSON text once (:func:`browser_geojson`: only the shown properties, names and
values escaped, on rounded coordinates, safe inside a ``<script>``) and
:class:`dashboard.browser.fast_geojson.FastGeoJson` pastes that text into the map.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, partial

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.browser.binary_geometry import BinaryLayer, encode_frame
from dashboard.browser.escaping import escape_series, escaped_names, script_safe_json
from dashboard.intake.properties import repeated_texts

# About 1 m at Gaza's latitude: finer than any source deserves, and it halves the payload.
DISPLAY_GRID_DEGREES = 1e-5
# A user layer's class in the look the user chose (see dashboard.browser.layer_classes).
STYLE_CLASS = "style_class"
# Properties the style functions read: always sent to the browser with the tooltip fields.
# A layer's styles are looked up by their values joined with "|" ("retained|corridor|").
STYLE_FIELDS = ("zone", "kind", STYLE_CLASS)
# Above this many features a layer is drawn on a canvas: far faster than SVG paths.
CANVAS_ABOVE = 5_000


@dataclass(frozen=True)
class BrowserLayer:
    """A layer serialised once for the browser: escaped, rounded GeoJSON text.

    Building it is the costly step (conversion and serialisation); the page caches it,
    so a rerun that changes nothing about a layer only pastes this text into the map.
    The text holds no ``<``, ``>`` or ``&``
    (see :func:`dashboard.browser.escaping.script_safe_json`).

    A layer with a binary copy is drawn from that copy; its text is only read when the
    map is exported (or drawn without a server), so it is not made with the layer:
    ``source`` is then None and :attr:`text` builds it on each use (``build``) without
    keeping it. On 150,000 polygons that text took a second to make and compress, on the
    way from the upload to the map.
    """

    source: str | None  # the text; None: built on use by ``build`` (large layers)
    style_keys: frozenset[tuple[str, ...]]  # the STYLE_FIELDS' values present
    count: int
    url: str | None = None  # where the page serves ``text``, if not pasted into the script
    # The same features as flat binary arrays, for the canvas layer (large layers only;
    # see dashboard.browser.binary_geometry). The text stays for exports, which have no
    # server to fetch from.
    binary: BinaryLayer | None = None
    names: frozenset[str] | None = None  # property names (escaped) of a text not kept
    build: Callable[[], str] | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The GeoJSON text (built again on each call when not kept)."""
        if self.source is not None:
            return self.source
        if self.build is None:
            raise ValueError("this layer has neither its text nor a way to build it")
        return self.build()

    @property
    def text_chars(self) -> int:
        """Length of :attr:`text` (built to count it when not kept)."""
        return len(self.text)

    @property
    def payload(self) -> bytes:
        """The text as UTF-8 bytes, what a server sends when asked for it: encoded once
        when the layer is served (see :meth:`served_at`), else on each call."""
        cached = self.__dict__.get("_payload")
        return cached if cached is not None else self.text.encode()

    @cached_property
    def digest(self) -> str:
        """A fingerprint of the text: equal digests, equal layers (the browser's cache key).
        A layer whose text is not kept is fingerprinted by its binary copy, made from the
        same features and properties."""
        if self.source is None and self.binary is not None:
            return self.binary.digest
        return hashlib.sha256(self.payload).hexdigest()[:32]

    def served_at(self, url: str) -> BrowserLayer:
        """This layer, to be fetched by the browser from ``url`` rather than pasted into the
        map's script (the digest and bytes are carried over, not computed again)."""
        payload = self.__dict__.get("_payload")
        if payload is None:
            payload = self.__dict__["_payload"] = self.text.encode()
        served = replace(self, url=url)
        served.__dict__.update(_payload=payload, digest=self.digest)
        return served

    def binary_served_at(self, url: str, gz_url: str | None = None) -> BrowserLayer:
        """This layer, its binary copy to be fetched by the browser from ``url`` (or gzipped
        from ``gz_url``, see :attr:`BinaryLayer.compressed`; the text is not made: the
        browser never fetches it)."""
        if self.binary is None:
            raise ValueError("this layer has no binary copy")
        served = replace(self, binary=self.binary.served_at(url, gz_url))
        served.__dict__["digest"] = self.digest
        return served

    def as_dict(self) -> dict:
        return json.loads(self.text)


# A layer's data: a GeoDataFrame, or what browser_geojson() made of it.
LayerData = gpd.GeoDataFrame | BrowserLayer


def browser_geojson(
    gdf: gpd.GeoDataFrame,
    fields: Sequence[str] = ("name",),
    *,
    binary: bool = False,
    text_from: Callable[[], gpd.GeoDataFrame] | None = None,
) -> BrowserLayer:
    """What the browser gets of a layer: ``fields`` plus style fields and ``fid``, escaped
    and rounded (see :func:`display_frame`), serialised once as JSON
    that is safe inside a ``<script>`` element.

    With ``binary``, the features are encoded as flat arrays for the canvas layer
    (:func:`dashboard.browser.binary_geometry.encode_frame`): same properties, same
    escaping, same grid; the text is then made only when it is read
    (:attr:`BrowserLayer.text`), from ``text_from()`` if given (the same features, made
    again: a caller that can remake them saves keeping them), else from ``gdf``.
    """
    frame_fields = [*fields, *STYLE_FIELDS, "fid"]
    if not binary:
        frame = display_frame(gdf, frame_fields)
        text = script_safe_json(feature_collection_text(frame))
        return BrowserLayer(text, _style_keys(frame), len(frame))
    # Coordinates are put on the display grid by the encoder itself.
    frame = display_frame(gdf, frame_fields, grid=None)
    names = frozenset(c for c in frame.columns if c != frame.geometry.name)
    return BrowserLayer(
        None,
        _style_keys(frame),
        len(frame),
        binary=encode_frame(frame, STYLE_FIELDS),
        names=names,
        build=partial(_text_of, text_from or partial(_same, gdf), frame_fields),
    )


def _same(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return gdf


def _text_of(features: Callable[[], gpd.GeoDataFrame], fields: list[str]) -> str:
    """The script-safe GeoJSON text of ``features()``, as :func:`browser_geojson` makes it."""
    return script_safe_json(feature_collection_text(display_frame(features(), fields)))


def _style_keys(frame: gpd.GeoDataFrame) -> frozenset[tuple[str, ...]]:
    """The distinct (zone, kind, class) of a display frame (missing fields: empty text)."""
    return frozenset(
        zip(
            *(frame[f] if f in frame.columns else [""] * len(frame) for f in STYLE_FIELDS),
            strict=True,
        )
    )


def display_frame(
    gdf: gpd.GeoDataFrame, fields: Iterable[str], *, grid: float | None = DISPLAY_GRID_DEGREES
) -> gpd.GeoDataFrame:
    """A copy of ``gdf`` with only ``fields`` (escaped strings) and rounded geometry.

    Values and property names are both escaped (see :func:`escaped_names`). Missing
    fields are skipped; empty geometries are dropped (Leaflet cannot draw them).
    """
    names = escaped_names(f for f in dict.fromkeys(fields) if f in gdf.columns)
    out = gdf[[*names, "geometry"]].copy()
    out = out[~(out.geometry.isna() | out.geometry.is_empty)]
    for column in names:
        out[column] = _escaped(out[column])
    out = out.rename(columns=names)
    if grid:
        out["geometry"] = shapely.set_precision(out.geometry.to_numpy(), grid, mode="pointwise")
    return out


def _escaped(values: pd.Series) -> pd.Series:
    """:func:`escape_series` of ``values``; a text column that repeats its values is
    escaped once per distinct value, and its rows share the escaped texts (a new text per
    row took 60 MB at the peak of preparing 150,000 polygons)."""
    repeated = repeated_texts(values.to_numpy(dtype=object))
    if repeated is None:
        return escape_series(values)
    codes, distinct = repeated
    escaped = escape_series(pd.Series(distinct, dtype=object)).to_numpy(dtype=object)
    missing = np.array([""], dtype=object)  # as escape_series writes a missing value
    return pd.Series(np.concatenate([escaped, missing])[codes], index=values.index, dtype=object)


def feature_collection_text(frame: gpd.GeoDataFrame) -> str:
    """Serialise a GeoDataFrame as compact GeoJSON text, fast.

    Geometries are written by GEOS in one vectorised call (``shapely.to_geojson``);
    ``GeoDataFrame.to_json`` builds a Python dict per coordinate and is about ten times
    slower on large layers.
    """
    return f'{{"type":"FeatureCollection","features":[{_features_text(frame)}]}}'


def _features_text(frame: gpd.GeoDataFrame) -> str:
    """The features of ``frame`` as GeoJSON text, separated by commas."""
    geometries = shapely.to_geojson(frame.geometry.to_numpy())
    columns = [c for c in frame.columns if c != frame.geometry.name]
    properties = _properties_text(frame, columns)
    return ",".join(
        f'{{"type":"Feature","properties":{props},"geometry":{geom}}}'
        for props, geom in zip(properties, geometries, strict=True)
    )


def _properties_text(frame: gpd.GeoDataFrame, columns: list[str]) -> list[str]:
    """Each row's properties as JSON text.

    Escaped display text (see display_frame) holds no double quote, so a whole column can
    be encoded by one ``json.dumps`` of the list and split on ``","``: far faster than a
    dict per row. Anything else takes the general path.
    """
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    if not columns:
        return ["{}"] * len(frame)
    texts = [frame[c].tolist() for c in columns]
    if all(isinstance(v, str) and '"' not in v for column in texts for v in column):
        encoded = [encode(column)[2:-2].split('","') if column else [] for column in texts]
        keys = [encode(c) for c in columns]
        return [
            "{" + ",".join(f'{k}:"{v}"' for k, v in zip(keys, row, strict=True)) + "}"
            for row in zip(*encoded, strict=True)
        ]
    return [encode(record) for record in frame[columns].to_dict(orient="records")]


def is_empty(data: LayerData) -> bool:
    """True when a layer has no feature to draw."""
    return data.count == 0 if isinstance(data, BrowserLayer) else data.empty


def property_names(layer: BrowserLayer) -> set[str]:
    """Property names of the layer's first feature (all features share them)."""
    if layer.names is not None:  # a text not kept: its names were kept instead
        return set(layer.names)
    head = layer.text
    start = head.find('"properties":{')
    if start < 0:
        return set()
    props, _ = json.JSONDecoder().raw_decode(head, start + len('"properties":'))
    return set(props)
