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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import geopandas as gpd
import shapely

from dashboard.browser.binary_geometry import BinaryLayer, encode_frame
from dashboard.browser.escaping import escape_series, escaped_names, script_safe_json

# About 1 m at Gaza's latitude: finer than any source deserves, and it halves the payload.
DISPLAY_GRID_DEGREES = 1e-5
# Properties the style functions read: always sent to the browser with the tooltip fields.
STYLE_FIELDS = ("zone", "kind")
# Above this many features a layer is drawn on a canvas: far faster than SVG paths.
CANVAS_ABOVE = 5_000


@dataclass(frozen=True)
class BrowserLayer:
    """A layer serialised once for the browser: escaped, rounded GeoJSON text.

    Building it is the costly step (conversion and serialisation); the page caches it,
    so a rerun that changes nothing about a layer only pastes this text into the map.
    The text holds no ``<``, ``>`` or ``&``
    (see :func:`dashboard.browser.escaping.script_safe_json`).
    """

    text: str
    style_keys: frozenset[tuple[str, str]]
    count: int
    url: str | None = None  # where the page serves ``text``, if not pasted into the script
    # The same features as flat binary arrays, for the canvas layer (large layers only;
    # see dashboard.browser.binary_geometry). ``text`` stays for exports, which have no
    # server to fetch from.
    binary: BinaryLayer | None = None

    @cached_property
    def payload(self) -> bytes:
        """The text as UTF-8 bytes, encoded once (what a server sends when asked for it)."""
        return self.text.encode()

    @cached_property
    def digest(self) -> str:
        """A fingerprint of the text: equal digests, equal layers (the browser's cache key)."""
        return hashlib.sha256(self.payload).hexdigest()[:32]

    def served_at(self, url: str) -> BrowserLayer:
        """This layer, to be fetched by the browser from ``url`` rather than pasted into the
        map's script (the digest and bytes are carried over, not computed again)."""
        served = replace(self, url=url)
        served.__dict__.update(payload=self.payload, digest=self.digest)
        return served

    def binary_served_at(self, url: str) -> BrowserLayer:
        """This layer, its binary copy to be fetched by the browser from ``url``."""
        if self.binary is None:
            raise ValueError("this layer has no binary copy")
        served = replace(self, binary=self.binary.served_at(url))
        served.__dict__.update(payload=self.payload, digest=self.digest)
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
    drawn: gpd.GeoDataFrame | None = None,
) -> BrowserLayer:
    """What the browser gets of a layer: ``fields`` plus style fields and ``fid``, escaped
    and rounded (see :func:`display_frame`), serialised once as JSON
    that is safe inside a ``<script>`` element.

    With ``binary``, the features are also encoded as flat arrays for the canvas layer
    (:func:`dashboard.browser.binary_geometry.encode_frame`): same properties, same
    escaping; from ``drawn`` if given (the same features with finer geometry, see
    :func:`dashboard.browser.simplify.simplify_for_display`), else from ``gdf``.
    """
    frame_fields = [*fields, *STYLE_FIELDS, "fid"]
    frame = display_frame(gdf, frame_fields)
    keys = frozenset(
        zip(
            *(frame[f] if f in frame.columns else [""] * len(frame) for f in STYLE_FIELDS),
            strict=True,
        )
    )
    text = script_safe_json(feature_collection_text(frame))
    encoded = None
    if binary:
        # Coordinates are put on the same grid by the encoder itself.
        source = frame if drawn is None else display_frame(drawn, frame_fields, grid=None)
        encoded = encode_frame(source, STYLE_FIELDS)
    return BrowserLayer(text, keys, len(frame), binary=encoded)


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
        out[column] = escape_series(out[column])
    out = out.rename(columns=names)
    if grid:
        out["geometry"] = shapely.set_precision(out.geometry.to_numpy(), grid, mode="pointwise")
    return out


def feature_collection_text(frame: gpd.GeoDataFrame) -> str:
    """Serialise a GeoDataFrame as compact GeoJSON text, fast.

    Geometries are written by GEOS in one vectorised call (``shapely.to_geojson``);
    ``GeoDataFrame.to_json`` builds a Python dict per coordinate and is about ten times
    slower on large layers.
    """
    geometries = shapely.to_geojson(frame.geometry.to_numpy())
    columns = [c for c in frame.columns if c != frame.geometry.name]
    properties = _properties_text(frame, columns)
    features = ",".join(
        f'{{"type":"Feature","properties":{props},"geometry":{geom}}}'
        for props, geom in zip(properties, geometries, strict=True)
    )
    return f'{{"type":"FeatureCollection","features":[{features}]}}'


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
    start = layer.text.find('"properties":{')
    if start < 0:
        return set()
    decoder = json.JSONDecoder()
    props, _ = decoder.raw_decode(layer.text, start + len('"properties":'))
    return set(props)
