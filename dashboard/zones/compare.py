"""Compare a loaded zone file with the bundled zones: areas per category and where they differ."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from dashboard.config import GEOGRAPHIC_CRS, M2_PER_KM2, METRIC_CRS, ZONE_CATEGORIES, ZONE_LABELS
from dashboard.zones.areas import POLYGONAL, area_by_category

# Pieces smaller than this are slivers from slightly different boundaries, not real changes.
MIN_CHANGE_KM2 = 0.01


def compare_areas(
    bundled: gpd.GeoDataFrame, loaded: gpd.GeoDataFrame, strip_km2: float
) -> pd.DataFrame:
    """Area per category in both versions, and the difference (loaded minus bundled).

    Returns
    -------
    DataFrame
        Columns ``category``, ``label``, ``bundled_km2``, ``loaded_km2``, ``difference_km2``,
        ``bundled_pct``, ``loaded_pct`` (shares of the Strip), one row per category.
    """
    old = area_by_category(bundled, strip_km2).set_index("category")
    new = area_by_category(loaded, strip_km2).set_index("category")
    table = pd.DataFrame(
        {
            "label": [ZONE_LABELS[c] for c in ZONE_CATEGORIES],
            "bundled_km2": old.loc[list(ZONE_CATEGORIES), "area_km2"].to_numpy(),
            "loaded_km2": new.loc[list(ZONE_CATEGORIES), "area_km2"].to_numpy(),
            "bundled_pct": old.loc[list(ZONE_CATEGORIES), "share_pct"].to_numpy(),
            "loaded_pct": new.loc[list(ZONE_CATEGORIES), "share_pct"].to_numpy(),
        },
        index=pd.Index(ZONE_CATEGORIES, name="category"),
    )
    table["difference_km2"] = table["loaded_km2"] - table["bundled_km2"]
    return table.reset_index()


def _by_zone(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    polygons = gdf[gdf.geom_type.isin(POLYGONAL) & gdf["zone"].isin(ZONE_CATEGORIES)]
    metric = polygons[["zone", "geometry"]].to_crs(METRIC_CRS)
    metric["geometry"] = metric.geometry.make_valid()
    return metric.dissolve(by="zone", as_index=False)


def change_areas(bundled: gpd.GeoDataFrame, loaded: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Where the category changed between the bundled and the loaded zones.

    Returns
    -------
    GeoDataFrame
        In EPSG:4326, one row per (from, to) pair with ``from_zone``, ``to_zone``,
        ``zone`` (= ``to_zone``, for styling), ``name``, ``area_km2``; empty if nothing changed.
    """
    old = _by_zone(bundled).rename(columns={"zone": "from_zone"})
    new = _by_zone(loaded).rename(columns={"zone": "to_zone"})
    columns = ["from_zone", "to_zone", "zone", "name", "area_km2", "geometry"]
    if old.empty or new.empty:
        return gpd.GeoDataFrame(columns=columns, geometry="geometry", crs=GEOGRAPHIC_CRS)
    pieces = gpd.overlay(old, new, how="intersection", keep_geom_type=True)
    pieces = pieces[pieces["from_zone"] != pieces["to_zone"]].copy()
    pieces["area_km2"] = pieces.geometry.area / M2_PER_KM2
    pieces = pieces[pieces["area_km2"] >= MIN_CHANGE_KM2]
    pieces["zone"] = pieces["to_zone"]
    pieces["name"] = [
        f"{f} → {t}" for f, t in zip(pieces["from_zone"], pieces["to_zone"], strict=True)
    ]
    return pieces[columns].to_crs(GEOGRAPHIC_CRS).reset_index(drop=True)
