"""Feature ids, the columns a zone's tooltip shows, and the rows of the details panel.

Every feature the browser gets carries ``fid`` = ``"<layer key>:<row>"``: a click in the map
returns it, and :func:`lookup_feature` finds the feature again among the page's layers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import partial

import geopandas as gpd
import pandas as pd

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


# Properties shown first in the details panel, with their labels; the rest follow as they
# are. ``kind`` reads "Basis" on a zone version (see :func:`_is_zone_version`).
DETAIL_FIELDS: dict[str, str] = {
    "zone_label": "Category",
    "area_text": "Area",
    "kind": "Kind",
    "phase": "Phase",
    "version": "Version",
    "valid_from": "In force from",
    "valid_to": "In force until",
    "track": "Track",
    "restriction": "Restriction",
    "governorate": "Governorate",
    "description": "Description",
    "source": "Source",
    "as_of": "As of",
    "confidence": "Confidence",
}
_HIDDEN_FIELDS = {"geometry", "fid", "name", "zone", "area_km2", "share_pct"}
# The properties that make a feature a zone version, and what its ``kind`` is called there;
# its ``label`` (e.g. "19 Oct 2025: the IDF's map") names the version better than its id.
ZONE_VERSION_FIELDS = ("version", "valid_from", "valid_to")
VERSION_LABEL_FIELD = "label"
BASIS_LABEL = "Basis"
STILL_IN_FORCE = "still in force"
NEVER_IN_FORCE = "never in force (a phase of the plan)"
# Values of known properties as people read them; a value not listed is shown as it is.
KIND_VALUES: dict[str, str] = {
    "crossing": "Crossing",
    "town": "Town",
    "city": "City",
    "venue": "Venue",
    "airport": "Airport",
    "area": "Area",
    "other": "Other",
    "corridor": "Corridor",
    "yellow_line": "Yellow line",
    "border": "Border",
    "land": "Land",
    "label": "Label",
}
BASIS_VALUES: dict[str, str] = {
    "planned": "Planned (published plan)",
    "published": "Published (official map)",
    "reported": "Reported (press and satellite)",
}
TRACK_VALUES: dict[str, str] = {"ground": "On the ground"}  # and "plan-phase-N": "Plan, phase N"
RESTRICTION_VALUES: dict[str, str] = {
    "perimeter": "Perimeter along the fence",
    "orange": "Orange zone (beyond the line)",
}
CONFIDENCE_VALUES: dict[str, str] = {
    "low": "Low",
    "medium": "Medium",
    "high": "High",
    "not stated": "Not stated",
}
_PHASE = re.compile(r"(?:phase[-_ ]?)?(\d+)", re.IGNORECASE)
_PLAN_TRACK = re.compile(r"plan-phase-(\d+)")


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


def _missing(value: object) -> bool:
    """None, NaN, NaT or NA (not an empty text: that is what the file says)."""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def _is_zone_version(record: dict) -> bool:
    """True for a feature of a zone version (it carries ``version``, ``valid_from`` or
    ``valid_to``): its ``kind`` says on what the version rests, and a missing ``valid_to``
    means it is still in force."""
    return any(field in record for field in ZONE_VERSION_FIELDS)


def _listed(value: object, readable: dict[str, str]) -> str:
    return readable.get(value, str(value)) if isinstance(value, str) else str(value)


def _phase(value: object) -> str:
    """``"phase-1"`` (or ``1``) as ``"Phase 1"``; anything else as it is."""
    match = _PHASE.fullmatch(str(value).strip())
    return f"Phase {int(match.group(1))}" if match and not isinstance(value, bool) else str(value)


def _day(value: object) -> str:
    """A date as ``YYYY-MM-DD`` (a date, a timestamp or text; text is left as it is)."""
    return value.strftime("%Y-%m-%d") if isinstance(value, dt.date) else str(value)


def _track(value: object) -> str:
    """``"ground"`` as "On the ground", ``"plan-phase-2"`` as "Plan, phase 2"."""
    plan = _PLAN_TRACK.fullmatch(value) if isinstance(value, str) else None
    return f"Plan, phase {int(plan.group(1))}" if plan else _listed(value, TRACK_VALUES)


# How the values of known properties read (``kind`` and ``version`` depend on the feature).
_VALUE_FORMATS: dict[str, Callable[[object], str]] = {
    "phase": _phase,
    "track": _track,
    "restriction": partial(_listed, readable=RESTRICTION_VALUES),
    "confidence": partial(_listed, readable=CONFIDENCE_VALUES),
    "valid_from": _day,
    "valid_to": _day,
    "as_of": _day,
}


def _readable(field: str, value: object, record: dict) -> tuple[str, str]:
    """The label and the value of a known property, as the details panel shows them."""
    if field == "kind" and _is_zone_version(record):
        return BASIS_LABEL, _listed(value, BASIS_VALUES)
    if field == "kind":
        return DETAIL_FIELDS[field], _listed(value, KIND_VALUES)
    if field == "version":
        label = record.get(VERSION_LABEL_FIELD)
        named = not _missing(label) and str(label).strip()
        return DETAIL_FIELDS[field], str(label if named else value)
    return DETAIL_FIELDS[field], _VALUE_FORMATS.get(field, str)(value)


def detail_rows(record: dict) -> list[tuple[str, str]]:
    """(label, value) pairs to show for a feature, as text (the page escapes them).

    Known properties come first, with readable labels and values (``phase-1`` reads
    "Phase 1", a zone version's ``kind`` reads as its basis, its ``label`` stands for its
    ``version`` id, its missing ``valid_to`` reads "still in force"); the others follow
    under their own names, with their values as they are. Missing values are left out.
    """
    hidden = _HIDDEN_FIELDS | (
        {VERSION_LABEL_FIELD} if not _missing(record.get("version")) else set()
    )
    rows: list[tuple[str, str]] = []
    for field in DETAIL_FIELDS:
        value = record.get(field)
        if not _missing(value):
            rows.append(_readable(field, value, record))
        elif field == "valid_to" and field in record:  # a zone version without an end
            planned = str(record.get("track") or "").startswith("plan")
            rows.append((DETAIL_FIELDS[field], NEVER_IN_FORCE if planned else STILL_IN_FORCE))
    for key, value in record.items():
        if key in DETAIL_FIELDS or key in hidden or _missing(value):
            continue
        rows.append((str(key), str(value)))
    return rows
