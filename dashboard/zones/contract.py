"""Where zone data is validated: the properties every zone feature must carry.

The contract is documented in ``geodata/README.md``. The bundled zones must pass
it completely, with the version properties (:data:`VERSION_PROPERTIES`) that make them a
dated series; an uploaded file that replaces them must at least carry a valid ``zone`` on
its polygonal features (the page fills in what is missing and says so) and never needs the
version properties.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from dashboard.config import CONFIDENCE_LEVELS, M2_PER_KM2, METRIC_CRS, ZONE_CATEGORIES

REQUIRED_ZONE_PROPERTIES: tuple[str, ...] = (
    "zone",
    "name",
    "phase",
    "description",
    "source",
    "as_of",
    "confidence",
)
# What makes zones a dated series of versions (required of the bundled zones only).
VERSION_PROPERTIES: tuple[str, ...] = (
    "version",
    "valid_from",
    "valid_to",
    "kind",
    "track",
    "label",
)
# Every property of a bundled zone feature, in the order it is written (geodata/README.md):
# what the build writes, and what ``python -m dashboard versions add`` writes for a version.
ZONE_FILE_PROPERTIES: tuple[str, ...] = (
    "zone",
    "name",
    "name_ar",
    "version",
    "label",
    "label_ar",
    "valid_from",
    "valid_to",
    "kind",
    "track",
    "phase",
    "governorate",
    "governorate_ar",
    "restriction",
    "description",
    "description_ar",
    "source",
    "as_of",
    "confidence",
)
# Properties that are the same on every feature of one version.
VERSION_WIDE_PROPERTIES: tuple[str, ...] = ("valid_from", "valid_to", "kind", "track", "label")
# How a version is known: a plan never carried out, a map an authority published, or a
# situation drawn from reporting.
ZONE_KINDS: tuple[str, ...] = ("planned", "published", "reported")
# Overlaps, gaps and spill-over smaller than this are rounding, not a broken tiling.
TILING_TOLERANCE_KM2 = 0.05


class ZoneDataError(ValueError):
    """Zone data that breaks the contract; the message lists every problem found."""


def _label(gdf: gpd.GeoDataFrame, index: object) -> str:
    name = gdf.at[index, "name"] if "name" in gdf.columns else None
    return f"feature {index} ('{name}')" if isinstance(name, str) and name else f"feature {index}"


def is_missing(value: object) -> bool:
    """True for the ways a missing property arrives: None, NaN, NaT, NA or a blank string."""
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or another container: present
        return False


def parse_date(value: object) -> dt.date | None:
    """``value`` as a date: an ISO ``YYYY-MM-DD`` string, a date or a timestamp.

    Returns
    -------
    datetime.date or None
        None when ``value`` is missing (see :func:`is_missing`).

    Raises
    ------
    ValueError
        When ``value`` is present but not a date.
    """
    if is_missing(value):
        return None
    if isinstance(value, dt.datetime):  # pandas Timestamps are datetimes too
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return dt.datetime.fromisoformat(text).date()  # raises ValueError if not a date
    raise ValueError(f"{value!r} is not a date")


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _date_problem(where: str, column: str, value: object, *, optional: bool) -> str | None:
    if optional and is_missing(value):
        return None
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        allowed = "an ISO date (YYYY-MM-DD) or empty" if optional else "an ISO date (YYYY-MM-DD)"
        return f"{where}: {column} '{value}' is not {allowed}."
    return None


def _feature_version_problems(gdf: gpd.GeoDataFrame, source_name: str) -> list[str]:
    problems: list[str] = []
    for index, row in gdf.iterrows():
        where = f"{source_name}, {_label(gdf, index)}"
        for column in ("version", "track", "label"):
            if not isinstance(row[column], str) or not row[column].strip():
                problems.append(f"{where}: '{column}' is empty.")
        if row["kind"] not in ZONE_KINDS:
            problems.append(f"{where}: kind '{row['kind']}' is not one of {', '.join(ZONE_KINDS)}.")
        for column, optional in (("valid_from", False), ("valid_to", True)):
            problem = _date_problem(where, column, row[column], optional=optional)
            if problem:
                problems.append(problem)
    return problems


def _version_problems(gdf: gpd.GeoDataFrame, source_name: str) -> list[str]:
    """Each version consistent across its features; versions of one track never overlap."""
    problems: list[str] = []
    spans: dict[str, list[tuple[dt.date, dt.date | None, str]]] = {}
    for version, features in gdf.groupby("version", sort=True):
        where = f"{source_name}, version '{version}'"
        values = {}
        for column in VERSION_WIDE_PROPERTIES:
            distinct = {None if is_missing(v) else str(v) for v in features[column]}
            if len(distinct) > 1:
                shown = ", ".join(sorted("empty" if v is None else f"'{v}'" for v in distinct))
                problems.append(
                    f"{where}: its features disagree on {column} ({shown}); every feature of a "
                    "version must carry the same value."
                )
            values[column] = next(iter(distinct))
        try:
            start = parse_date(values["valid_from"])
            end = parse_date(values["valid_to"])
        except ValueError:
            continue  # already reported feature by feature
        if start is None:
            continue
        if end is not None and end <= start:
            problems.append(
                f"{where}: valid_to {end.isoformat()} is not after valid_from "
                f"{start.isoformat()}; leave valid_to empty while the version is in force."
            )
            continue
        spans.setdefault(str(values["track"]), []).append((start, end, str(version)))
    for track, periods in sorted(spans.items()):
        periods.sort()
        for (_, end, first), (start, _, second) in zip(periods, periods[1:], strict=False):
            if end is None or end > start:
                problems.append(
                    f"{source_name}: versions '{first}' and '{second}' of track '{track}' are "
                    f"both in force on {start.isoformat()}; end '{first}' (valid_to) on or "
                    "before the day the next one starts."
                )
    return problems


def zone_problems(gdf: gpd.GeoDataFrame, source_name: str, *, versioned: bool = False) -> list[str]:
    """List every way ``gdf`` breaks the zone contract (empty when it complies).

    Parameters
    ----------
    gdf : GeoDataFrame
        Zone features in EPSG:4326.
    source_name : str
        The file name, used in the messages.
    versioned : bool, default False
        Also require the version properties (:data:`VERSION_PROPERTIES`) and check that
        the versions are consistent: the bundled zones are checked this way, uploads not.

    Returns
    -------
    list of str
        One message per problem, naming the file, the feature and what to fix.
    """
    problems: list[str] = []
    required = REQUIRED_ZONE_PROPERTIES + (VERSION_PROPERTIES if versioned else ())
    missing = [c for c in required if c not in gdf.columns]
    if missing:
        problems.append(
            f"{source_name}: missing properties {', '.join(missing)}; every zone feature needs "
            f"{', '.join(required)}."
        )
        return problems
    if gdf.empty:
        return [f"{source_name}: the file has no zone features."]
    for index, row in gdf.iterrows():
        where = f"{source_name}, {_label(gdf, index)}"
        if row["zone"] not in ZONE_CATEGORIES:
            problems.append(
                f"{where}: zone '{row['zone']}' is not one of {', '.join(ZONE_CATEGORIES)}."
            )
        if row["confidence"] not in CONFIDENCE_LEVELS:
            problems.append(
                f"{where}: confidence '{row['confidence']}' is not one of "
                f"{', '.join(CONFIDENCE_LEVELS)}."
            )
        if not _is_iso_date(row["as_of"]):
            problems.append(f"{where}: as_of '{row['as_of']}' is not an ISO date (YYYY-MM-DD).")
        for column in ("name", "phase", "description", "source"):
            if not isinstance(row[column], str) or not row[column].strip():
                problems.append(f"{where}: '{column}' is empty.")
        geom = row.geometry
        if geom is None or geom.is_empty:
            problems.append(f"{where}: the feature has no geometry.")
        elif geom.geom_type not in ("Polygon", "MultiPolygon"):
            problems.append(f"{where}: a zone must be a polygon, not a {geom.geom_type}.")
        elif not geom.is_valid:
            problems.append(f"{where}: invalid geometry ({shapely.is_valid_reason(geom)}).")
    if versioned:
        problems.extend(_feature_version_problems(gdf, source_name))
        problems.extend(_version_problems(gdf, source_name))
    return problems


def check_zones(
    gdf: gpd.GeoDataFrame, source_name: str, *, versioned: bool = False
) -> gpd.GeoDataFrame:
    """Return ``gdf`` unchanged if it satisfies the zone contract.

    Parameters
    ----------
    gdf : GeoDataFrame
        Zone features in EPSG:4326.
    source_name : str
        The file name, used in the messages.
    versioned : bool, default False
        Also require and check the version properties (see :func:`zone_problems`).

    Raises
    ------
    ZoneDataError
        Listing every problem, if any.
    """
    problems = zone_problems(gdf, source_name, versioned=versioned)
    if problems:
        raise ZoneDataError("\n".join(problems))
    return gdf


def tiling_problems(
    zones: gpd.GeoDataFrame,
    strip: BaseGeometry,
    what: str,
    *,
    tolerance_km2: float = TILING_TOLERANCE_KM2,
) -> list[str]:
    """How far ``zones`` are from tiling ``strip`` exactly (empty when within tolerance).

    Parameters
    ----------
    zones : GeoDataFrame
        The zone features of one version (or one date), in any CRS with a CRS set.
    strip : shapely geometry
        The Strip outline in EPSG:4326.
    what : str
        Names the zones in the messages (a file and a version, or a date).
    tolerance_km2 : float
        Overlap, gap and area outside the Strip allowed, each, in km².

    Returns
    -------
    list of str
        One message per kind of problem: overlaps, gaps, area outside the Strip.
    """
    if zones.empty:
        return [f"{what}: no zone features, so nothing covers the Strip."]
    pieces = zones.geometry.to_crs(METRIC_CRS).make_valid()
    strip_m = gpd.GeoSeries([strip], crs="EPSG:4326").to_crs(METRIC_CRS).iloc[0]
    union = shapely.union_all(pieces.values)
    measures = {
        "overlap": (float(pieces.area.sum()) - union.area) / M2_PER_KM2,
        "gap": strip_m.difference(union).area / M2_PER_KM2,
        "outside": union.difference(strip_m).area / M2_PER_KM2,
    }
    texts = {
        "overlap": "zone features overlap by {:.2f} km²",
        "gap": "{:.2f} km² of the Strip is in no zone",
        "outside": "{:.2f} km² of the zones lies outside the Strip",
    }
    return [
        f"{what}: {texts[key].format(value)} (allowed: {tolerance_km2} km²); the three "
        "categories must cover the Strip once."
        for key, value in measures.items()
        if value > tolerance_km2
    ]
