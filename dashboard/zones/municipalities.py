"""Each municipality's area on each side of the line, in a metric CRS (EPSG:32636).

The municipal boundaries are OpenStreetMap's (ODbL); the held side is the one of
:func:`dashboard.zones.series.held_side`. Nothing here reads files.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from dashboard.config import M2_PER_KM2, METRIC_CRS
from dashboard.zones.series import held_side

COLUMNS = [
    "name",
    "name_ar",
    "area_km2",
    "held_km2",
    "other_km2",
    "held_pct",
    "behind_line_km2",
    "behind_line_pct",
]


def _metric_held(zones: gpd.GeoDataFrame, *, include_restricted: bool = True) -> shapely.Geometry:
    held = held_side(zones, include_restricted=include_restricted)
    held = gpd.GeoSeries([held], crs=zones.crs).to_crs(METRIC_CRS).iloc[0]
    return held.buffer(0) if not held.is_valid else held


def sides_by_municipality(
    municipalities: gpd.GeoDataFrame, zones: gpd.GeoDataFrame
) -> pd.DataFrame:
    """Area of each municipality on the Israeli-held side and on the other side.

    Parameters
    ----------
    municipalities : GeoDataFrame
        Polygons with ``name`` (and ``name_ar`` if known), in any CRS.
    zones : GeoDataFrame
        The zones of one version.

    Returns
    -------
    DataFrame
        ``name``, ``name_ar``, ``area_km2``, ``held_km2``, ``other_km2``, ``held_pct`` (held
        with the orange restricted zone), ``behind_line_km2``, ``behind_line_pct`` (behind
        the line itself, without it), one row per municipality, largest held area first.
    """
    if municipalities is None or municipalities.empty or zones.empty:
        return pd.DataFrame(columns=COLUMNS)
    towns = municipalities.to_crs(METRIC_CRS)
    shapes = shapely.make_valid(towns.geometry.to_numpy())
    held = _metric_held(zones)
    area = shapely.area(shapes) / M2_PER_KM2
    held_km2 = shapely.area(shapely.intersection(shapes, held)) / M2_PER_KM2
    out = pd.DataFrame(
        {
            "name": towns["name"].astype(str).to_numpy(),
            "name_ar": (towns["name_ar"] if "name_ar" in towns else pd.Series([""] * len(towns)))
            .fillna("")
            .astype(str)
            .to_numpy(),
            "area_km2": area,
            "held_km2": held_km2,
            "other_km2": area - held_km2,
        }
    )
    behind = _metric_held(zones, include_restricted=False)
    out["behind_line_km2"] = shapely.area(shapely.intersection(shapes, behind)) / M2_PER_KM2
    positive = out["area_km2"].where(out["area_km2"] > 0)
    out["held_pct"] = 100 * out["held_km2"] / positive
    out["behind_line_pct"] = 100 * out["behind_line_km2"] / positive
    out = out[COLUMNS].sort_values(["held_km2", "name"], ascending=[False, True])
    return out.reset_index(drop=True)


def compare_sides(
    municipalities: gpd.GeoDataFrame, first: gpd.GeoDataFrame, second: gpd.GeoDataFrame
) -> pd.DataFrame:
    """Each municipality's held area under two versions, and the change (second − first).

    Returns
    -------
    DataFrame
        ``name``, ``name_ar``, ``first_held_km2``, ``second_held_km2``, ``change_km2``, only
        the municipalities where the held area changed by 0.05 km² or more, largest change
        first.
    """
    before = sides_by_municipality(municipalities, first)
    after = sides_by_municipality(municipalities, second)
    if before.empty or after.empty:
        return pd.DataFrame(
            columns=["name", "name_ar", "first_held_km2", "second_held_km2", "change_km2"]
        )
    merged = before[["name", "name_ar", "held_km2"]].merge(
        after[["name", "name_ar", "held_km2"]], on=["name", "name_ar"], suffixes=("_1", "_2")
    )
    merged = merged.rename(
        columns={"held_km2_1": "first_held_km2", "held_km2_2": "second_held_km2"}
    )
    merged["change_km2"] = merged["second_held_km2"] - merged["first_held_km2"]
    merged = merged[merged["change_km2"].abs() >= 0.05]
    order = merged["change_km2"].abs().sort_values(ascending=False).index
    return merged.loc[order].reset_index(drop=True)
