"""Versions side by side: the areas of every version, two versions compared, two dates
compared (the version in force on each), and what the held side gained and lost from one
version to the next.

Which version is in force when, and the held side of one version, are in
:mod:`dashboard.zones.series`. Nothing here reads files or draws maps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from dashboard.config import M2_PER_KM2, METRIC_CRS, ZONE_CATEGORIES
from dashboard.zones.areas import area_by_category, total_area_km2
from dashboard.zones.compare import MIN_CHANGE_KM2, change_areas, compare_areas
from dashboard.zones.series import (
    GROUND_TRACK,
    HELD_CATEGORIES,
    RESTRICTED_BEYOND_LINE,
    Version,
    as_date,
    held_shares,
    held_side,
    version_at,
    versions,
    zones_of,
)


@dataclass(frozen=True)
class VersionComparison:
    """Two versions side by side (see :func:`compare_versions`).

    Attributes
    ----------
    first, second : Version
        The versions compared, in the order given.
    table : DataFrame
        One row per category: ``category``, ``label``, ``first_km2``, ``second_km2``,
        ``difference_km2`` (second minus first), ``first_pct``, ``second_pct``.
    changes : GeoDataFrame
        Where the category changed, in EPSG:4326: ``from_zone``, ``to_zone``, ``zone``,
        ``name``, ``area_km2`` (see :func:`dashboard.zones.compare.change_areas`).
    """

    first: Version
    second: Version
    table: pd.DataFrame
    changes: gpd.GeoDataFrame


def version_areas(zones: gpd.GeoDataFrame, strip_km2: float) -> pd.DataFrame:
    """Areas of every version: km² per category and of the held side, in version order.

    Parameters
    ----------
    zones : GeoDataFrame
        Zones with the version properties.
    strip_km2 : float
        Area of the Strip (for the shares).

    Returns
    -------
    DataFrame
        One row per version: ``version``, ``label``, ``track``, ``kind``, ``valid_from``,
        ``valid_to`` (dates, None while in force), ``retained_km2``, ``withdrawal_km2``,
        ``buffer_km2``, ``restricted_km2`` (the buffer beyond the line), ``held_km2``,
        ``held_pct`` (retained plus buffer, and its share of the Strip: with the orange
        restricted zone), ``behind_line_km2``, ``behind_line_pct`` (without it: behind the
        line itself).
    """
    rows = []
    for version in versions(zones):
        features = zones_of(zones, version.id)
        table = area_by_category(features, strip_km2).set_index("category")["area_km2"]
        if "restriction" in features.columns:
            beyond = features[features["restriction"] == RESTRICTED_BEYOND_LINE]
        else:
            beyond = features.iloc[:0]
        held = float(sum(table[c] for c in HELD_CATEGORIES))
        row = {
            "version": version.id,
            "label": version.label,
            "track": version.track,
            "kind": version.kind,
            "valid_from": version.valid_from,
            "valid_to": version.valid_to,
        }
        row.update({f"{c}_km2": float(table[c]) for c in ZONE_CATEGORIES})
        row["restricted_km2"] = total_area_km2(beyond)
        row["held_km2"] = held
        row["held_pct"] = 100 * held / strip_km2
        # Behind the line: the same figure as everywhere else (see held_shares).
        shares = held_shares(features, strip_km2)
        row["behind_line_km2"] = shares.behind_line_km2
        row["behind_line_pct"] = shares.behind_line_pct
        rows.append(row)
    return pd.DataFrame(rows)


def compare_versions(
    zones: gpd.GeoDataFrame, first: str, second: str, strip_km2: float
) -> VersionComparison:
    """Compare two versions: areas per category and where the category changed.

    Parameters
    ----------
    zones : GeoDataFrame
        Zones with the version properties.
    first, second : str
        Version ids (see :func:`version_at` to get one for a date).
    strip_km2 : float
        Area of the Strip (for the shares).

    Raises
    ------
    SeriesError
        When either version does not exist.
    """
    by_id = {v.id: v for v in versions(zones)}
    old, new = zones_of(zones, first), zones_of(zones, second)
    table = compare_areas(old, new, strip_km2).rename(
        columns={
            "bundled_km2": "first_km2",
            "loaded_km2": "second_km2",
            "bundled_pct": "first_pct",
            "loaded_pct": "second_pct",
        }
    )
    changes = restricted_apart(change_areas(old, new), new)
    return VersionComparison(by_id[first], by_id[second], table, changes)


def restricted_apart(changes: gpd.GeoDataFrame, later: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``changes`` (see :func:`dashboard.zones.compare.change_areas`) with a ``restriction``
    column: an area that became a buffer is split where it lies in the restricted zone
    beyond the line of ``later`` (``restriction`` "orange") and where it does not (empty),
    so that each part is drawn in its own colour and measured on its own."""
    changes = changes.drop(columns="restriction", errors="ignore")  # told apart again
    if changes.empty or "restriction" not in later.columns:
        return changes.assign(restriction=None)
    beyond = later[(later["zone"] == "buffer") & (later["restriction"] == RESTRICTED_BEYOND_LINE)]
    if beyond.empty:
        return changes.assign(restriction=None)
    zone = shapely.union_all(beyond.to_crs(METRIC_CRS).geometry.make_valid().values)
    rows = []
    for row in changes.to_crs(METRIC_CRS).to_dict("records"):
        if row["to_zone"] != "buffer":
            rows.append({**row, "restriction": None})
            continue
        inside, outside = row["geometry"].intersection(zone), row["geometry"].difference(zone)
        for part, restriction in ((inside, RESTRICTED_BEYOND_LINE), (outside, None)):
            part = _polygonal(part)
            area = part.area / M2_PER_KM2
            if area >= MIN_CHANGE_KM2:
                rows.append({**row, "geometry": part, "area_km2": area, "restriction": restriction})
    columns = [*changes.columns, "restriction"]
    split = gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs=METRIC_CRS)
    return split.to_crs(changes.crs).reset_index(drop=True)


def _polygonal(shape: BaseGeometry) -> BaseGeometry:
    """The polygons of ``shape`` (an intersection can add lines and points along edges)."""
    parts = [p for p in shapely.get_parts(shape) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


@dataclass(frozen=True)
class DatesCompared:
    """Two dates and the version of one track in force on each, the earlier date first.

    ``same_version`` is True when one version covers both: the line did not change between
    them, and there is nothing to draw.
    """

    earlier_day: dt.date
    later_day: dt.date
    earlier: Version
    later: Version

    @property
    def same_version(self) -> bool:
        return self.earlier.id == self.later.id


def compare_dates(
    zones: gpd.GeoDataFrame,
    first: dt.date | str,
    second: dt.date | str,
    track: str = GROUND_TRACK,
) -> DatesCompared:
    """The versions of ``track`` in force on two dates, given in either order.

    Raises
    ------
    NoVersionError
        When no version is in force on one of the dates (see :func:`version_at`).
    """
    earlier, later = sorted((as_date(first), as_date(second)))
    return DatesCompared(
        earlier, later, version_at(zones, earlier, track), version_at(zones, later, track)
    )


def held_changes(zones: gpd.GeoDataFrame, track: str = GROUND_TRACK) -> pd.DataFrame:
    """What the held side (with the restricted zone beyond the line) gained and lost at each
    version of ``track``, from the version before it.

    Returns
    -------
    DataFrame
        One row per version after the first, in order: ``version``, ``label``,
        ``valid_from`` (date), ``gained_km2`` (newly held), ``lost_km2`` (no longer held),
        ``net_km2`` (gained minus lost), measured in EPSG:32636.
    """
    found = versions(zones, track)
    sides = [held_side(zones_of(zones, v.id)) for v in found]
    rows = []
    for n in range(1, len(found)):
        # Differences taken in the data's own coordinates, then measured: reprojecting each side
        # first would bend their shared edges apart into slivers.
        gained, lost = (
            _km2(sides[n].difference(sides[n - 1]), zones.crs),
            _km2(sides[n - 1].difference(sides[n]), zones.crs),
        )
        version = found[n]
        rows.append(
            {
                "version": version.id,
                "label": version.label,
                "valid_from": version.valid_from,
                "gained_km2": gained,
                "lost_km2": lost,
                "net_km2": gained - lost,
            }
        )
    columns = ["version", "label", "valid_from", "gained_km2", "lost_km2", "net_km2"]
    return pd.DataFrame(rows, columns=columns)


def _km2(shape: BaseGeometry, crs) -> float:
    """Area of ``shape`` (in ``crs``) in km², measured in :data:`METRIC_CRS`."""
    if shape.is_empty:
        return 0.0
    return float(gpd.GeoSeries([shape], crs=crs).to_crs(METRIC_CRS).area.iloc[0] / M2_PER_KM2)


def held_moves(changes: gpd.GeoDataFrame) -> tuple[float, float]:
    """What the held side gained and lost in km², from the changed areas of two versions
    (:attr:`VersionComparison.changes`): areas that came into a held category
    (:data:`HELD_CATEGORIES`) from another, and areas that left one."""
    held_before = changes["from_zone"].isin(HELD_CATEGORIES)
    held_after = changes["to_zone"].isin(HELD_CATEGORIES)
    gained = changes.loc[held_after & ~held_before, "area_km2"].sum()
    lost = changes.loc[held_before & ~held_after, "area_km2"].sum()
    return float(gained), float(lost)
