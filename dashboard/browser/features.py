"""Feature ids, the columns a zone's tooltip shows, and the rows of the details panel.

Every feature the browser gets carries ``fid`` = ``"<layer key>:<row>"``: a click in the map
returns it, and :func:`lookup_feature` finds the feature again among the page's layers.
"""

from __future__ import annotations

import math

import geopandas as gpd

from dashboard.config import ZONE_LABELS


def feature_ids(layer_key: str, count: int) -> list[str]:
    """The ids of a layer's ``count`` features: ``"<layer key>:<row>"``.

    The ids are made here and in :func:`feature_id` only, so :func:`layer_of` can always
    read the layer back.
    """
    return [feature_id(layer_key, i) for i in range(count)]


def feature_id(layer_key: str, ident: object) -> str:
    """The id of one feature of a layer: ``"<layer key>:<ident>"`` (a row or a stable id)."""
    return f"{layer_key}:{ident}"


def layer_of(fid: str | None) -> str | None:
    """The layer key of a feature id (what precedes the last ``":"``), None if not an id."""
    if not isinstance(fid, str) or ":" not in fid:
        return None
    return fid.rsplit(":", 1)[0]


def format_area(area_km2: float, share_pct: float | None = None) -> str:
    """Area for people: whole km² above 10 km² (the zones are approximations), else 0.1."""
    area = f"{area_km2:.0f}" if area_km2 >= 10 else f"{area_km2:.1f}"
    if share_pct is None:
        return f"≈ {area} km²"
    share = f"{share_pct:.0f}" if share_pct >= 1 else "< 1"
    return f"≈ {area} km² ({share} % of the Strip)"


def describe_zones(zones: gpd.GeoDataFrame, layer_key: str) -> gpd.GeoDataFrame:
    """Add the columns the zone tooltip shows and a stable feature id ``fid``.

    Expects ``area_km2`` and ``share_pct`` (see :func:`dashboard.zones.areas.with_areas`).
    """
    out = zones.copy()
    out["zone_label"] = [ZONE_LABELS.get(z, "Not categorised") for z in out["zone"]]
    out["area_text"] = [
        format_area(a, s) for a, s in zip(out["area_km2"], out["share_pct"], strict=True)
    ]
    out["fid"] = feature_ids(layer_key, len(out))
    if "confidence" not in out.columns:
        out["confidence"] = "not stated"
    return out


def with_fids(gdf: gpd.GeoDataFrame, layer_key: str) -> gpd.GeoDataFrame:
    """A copy of ``gdf`` with a stable feature id ``fid`` (``"<layer>:<row>"``)."""
    out = gdf.copy()
    out["fid"] = feature_ids(layer_key, len(out))
    return out


# Properties shown first in the details panel, with their labels; the rest follow.
DETAIL_FIELDS: dict[str, str] = {
    "zone_label": "Category",
    "area_text": "Area",
    "description": "Description",
    "source": "Source",
    "as_of": "As of",
    "confidence": "Confidence",
}
_HIDDEN_FIELDS = {"geometry", "fid", "name", "zone", "area_km2", "share_pct"}


def lookup_feature(layers: dict[str, gpd.GeoDataFrame], fid: str | None) -> dict | None:
    """Find the feature whose ``fid`` is ``fid`` among ``layers`` (keyed by layer key)."""
    key = layer_of(fid)
    gdf = layers.get(key) if key else None
    if gdf is None or "fid" not in gdf.columns:
        return None
    match = gdf[gdf["fid"] == fid]
    if match.empty:
        return None
    return match.iloc[0].to_dict()


def detail_rows(record: dict) -> list[tuple[str, str]]:
    """(label, value) pairs to show for a feature, known fields first, raw values."""
    rows = [(label, record[f]) for f, label in DETAIL_FIELDS.items() if record.get(f) is not None]
    for key, value in record.items():
        if key in DETAIL_FIELDS or key in _HIDDEN_FIELDS or value is None:
            continue
        if isinstance(value, float) and math.isnan(value):
            continue
        rows.append((str(key), value))
    return [(label, str(value)) for label, value in rows]
