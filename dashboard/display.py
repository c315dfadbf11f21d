"""Prepare data for the browser: escape every text, keep only what is shown, round.

Folium's tooltips insert property values with ``innerHTML``; anything that came
from a file must therefore be HTML-escaped before it reaches the map. This module
is the one place that does it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable

import geopandas as gpd
import pandas as pd
import shapely

from dashboard.config import ZONE_LABELS

# About 1 m at Gaza's latitude: finer than any source deserves, and it halves the payload.
DISPLAY_GRID_DEGREES = 1e-5
# HTML entities for every character that could make text markup or code; "&" first.
_ENTITIES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("'", "&#x27;"),
    ("{", "&#123;"),
    ("}", "&#125;"),
    ("`", "&#96;"),
    ("\\", "&#92;"),
)


def escape_text(value: object) -> str:
    """Text safe to insert as HTML, also inside a JavaScript template literal.

    Entities for ``<>&"'``, for Jinja's braces (so ``${`` cannot form either), and for
    the backtick and backslash (which would end or break a template literal).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value)
    for raw, entity in _ENTITIES:  # "&" first, so entities are not escaped twice
        text = text.replace(raw, entity)
    return text


# Characters that may stand in JSON text but not in an HTML <script> element: "<" ends
# it ("</script>") or starts a comment, ">" and "&" matter to HTML parsers, and U+2028 and
# U+2029 end a line in older JavaScript engines. JSON has them only inside strings, where
# their \u escapes mean the same characters.
_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_safe_json(text: str) -> str:
    """JSON text that can be pasted into a ``<script>`` element as it is.

    Parameters
    ----------
    text : str
        Valid JSON (these characters can then only occur inside strings).

    Returns
    -------
    str
        The same JSON value, with ``<``, ``>``, ``&``, U+2028 and U+2029 written as
        ``\\uXXXX`` escapes: no data can close the script or inject markup.
    """
    for raw, escaped in _SCRIPT_UNSAFE.items():
        text = text.replace(raw, escaped)
    return text


def script_json(value: object) -> str:
    """A Python value as JSON for a ``<script>`` element (see :func:`script_safe_json`)."""
    return script_safe_json(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


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


def escaped_names(columns: Iterable[str]) -> dict[str, str]:
    """Property name -> its escaped form (:func:`escape_text`), ``geometry`` left out.

    A name whose escaped form another name already took is left out too: the browser
    must never get two properties under one name.
    """
    names: dict[str, str] = {}
    for column in columns:
        escaped = escape_text(column)
        if column != "geometry" and escaped not in names.values():
            names[column] = escaped
    return names


def escape_series(values: pd.Series) -> pd.Series:
    """:func:`escape_text` for a whole column at once (vectorised; missing -> "")."""
    text = values.astype(object).where(values.notna(), "").astype(str).astype(object)
    text = pd.Series(text, dtype="string")
    for raw, entity in _ENTITIES:  # "&" first, so entities are not escaped twice
        text = text.str.replace(raw, entity, regex=False)
    return text.astype(object)


def format_area(area_km2: float, share_pct: float | None = None) -> str:
    """Area for people: whole km² above 10 km² (the zones are approximations), else 0.1."""
    area = f"{area_km2:.0f}" if area_km2 >= 10 else f"{area_km2:.1f}"
    if share_pct is None:
        return f"≈ {area} km²"
    share = f"{share_pct:.0f}" if share_pct >= 1 else "< 1"
    return f"≈ {area} km² ({share} % of the Strip)"


def describe_zones(zones: gpd.GeoDataFrame, layer_key: str) -> gpd.GeoDataFrame:
    """Add the columns the zone tooltip shows and a stable feature id ``fid``.

    Expects ``area_km2`` and ``share_pct`` (see :func:`dashboard.stats.with_areas`).
    """
    out = zones.copy()
    out["zone_label"] = [ZONE_LABELS.get(z, "Not categorised") for z in out["zone"]]
    out["area_text"] = [
        format_area(a, s) for a, s in zip(out["area_km2"], out["share_pct"], strict=True)
    ]
    out["fid"] = [f"{layer_key}:{i}" for i in range(len(out))]
    if "confidence" not in out.columns:
        out["confidence"] = "not stated"
    return out


def with_fids(gdf: gpd.GeoDataFrame, layer_key: str) -> gpd.GeoDataFrame:
    """A copy of ``gdf`` with a stable feature id ``fid`` (``"<layer>:<row>"``)."""
    out = gdf.copy()
    out["fid"] = [f"{layer_key}:{i}" for i in range(len(out))]
    return out


_MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|<>~:$=&\"'")
WORD_JOINER = "\u2060"
# Where Streamlit's Markdown would still find a link or an icon in escaped text: GFM turns
# bare ``http://``, ``www.`` and e-mail addresses into links *after* resolving backslash
# escapes, and ``:name:`` or ``:material/name:`` becomes an emoji or icon. An invisible
# word joiner breaks each: after ``:`` before ``//`` or a name, after ``@``, in ``www.``.
_AUTOLINK_BREAKS = re.compile(r"(?<=:)(?=//|[\w+-]+[:/])|(?<=@)|(?<=www)(?=\.)", re.IGNORECASE)


def escape_markdown(value: object) -> str:
    """Text shown literally by Streamlit's Markdown (text, captions, alerts, labels).

    CommonMark lets a backslash escape any ASCII punctuation, so links, images, emphasis,
    Streamlit's ``:colour[...]`` directives and HTML all come out as plain text. Bare URLs
    and e-mail addresses, which GitHub-flavoured Markdown links even when escaped, get an
    invisible U+2060 WORD JOINER in ``://``, ``www.``, after ``@`` and in ``:name:``: the
    text reads the same, but nothing is linked, so nothing can be clicked or fetched.

    Parameters
    ----------
    value : object
        Any text from a file or from the user; None and NaN give ``""``.

    Returns
    -------
    str
        Markdown that renders as exactly ``value``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = _AUTOLINK_BREAKS.sub(WORD_JOINER, str(value))
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in text)


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
    if not fid or ":" not in fid:
        return None
    key = fid.rsplit(":", 1)[0]
    gdf = layers.get(key)
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
