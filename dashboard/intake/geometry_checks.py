"""Checks of an upload's geometries, once GDAL has read them: features without geometry
or with coordinates that are not numbers left out, invalid shapes repaired (or refused),
too many vertices refused, and the region: data far from the Strip said so, swapped
latitude and longitude recognised.

Each check writes what it did as :class:`dashboard.messages.Message` for the user, naming
the features concerned (:func:`feature_label`).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

from dashboard.config import GAZA_BOUNDS
from dashboard.intake.read_geometries import ReadGeometries
from dashboard.intake.repair import repair
from dashboard.messages import AxesSwapped, GeodataError, Message, isolate, listing, say
from dashboard.zones.areas import POLYGONAL
from dashboard.zones.geometry_threads import in_parts

# Data further than this from the Strip's bounding box (degrees) is "outside the region".
REGION_MARGIN_DEGREES = 0.5
_GEOD = Geod(ellps="WGS84")


def feature_label(gdf: gpd.GeoDataFrame, index) -> str:
    """A feature as messages name it: its number, and its name where it has one."""
    for column in ("name", "Name", "NAME", "title"):
        if column in gdf.columns:
            value = gdf.at[index, column]
            if isinstance(value, str) and value.strip():
                return say("feature.named", index=index, name=isolate(value.strip()[:60]))
    return say("feature.number", index=index)


def _in_region(bounds) -> bool:
    return bool(_in_region_each(np.asarray(bounds, dtype=float).reshape(1, 4))[0])


def _in_region_each(bounds: np.ndarray) -> np.ndarray:
    """For ``(n, 4)`` boxes (min x, min y, max x, max y): whether each one reaches the
    region (a box of NaN, an empty geometry's, counts as inside, as before)."""
    gx0, gy0, gx1, gy1 = GAZA_BOUNDS
    m = REGION_MARGIN_DEGREES
    minx, miny, maxx, maxy = bounds.T
    # Vectorised: a loop over 150,000 features' boxes cost half a second.
    return ~((maxx < gx0 - m) | (minx > gx1 + m) | (maxy < gy0 - m) | (miny > gy1 + m))


def _distance_km(geom) -> float:
    """Geodesic distance (km) from a geometry's representative point to the Strip's box."""
    point = geom.representative_point()
    gx0, gy0, gx1, gy1 = GAZA_BOUNDS
    lon, lat = min(max(point.x, gx0), gx1), min(max(point.y, gy0), gy1)
    return _GEOD.inv(point.x, point.y, lon, lat)[2] / 1000


def check_region(
    gdf: gpd.GeoDataFrame, label: str, swap_axes: bool, messages: list[Message]
) -> gpd.GeoDataFrame:
    if swap_axes:
        gdf = gdf.copy()
        gdf["geometry"] = shapely.transform(gdf.geometry.values, lambda xy: xy[:, ::-1])
        messages.append(Message("info", say("region.swapped_back", name=label)))
    if _in_region(gdf.total_bounds):
        far = ~_in_region_each(shapely.bounds(gdf.geometry.to_numpy()))
        outside = list(gdf.index[far])
        if outside:
            messages.append(
                Message(
                    "warning",
                    say(
                        "region.features_far",
                        name=label,
                        count=len(outside),
                        features=listing([feature_label(gdf, i) for i in outside]),
                    ),
                )
            )
        return gdf
    swapped = gdf.total_bounds[[1, 0, 3, 2]]
    if not swap_axes and _in_region(swapped):
        distance = f"{_distance_km(shapely.box(*gdf.total_bounds)):,.0f}"
        raise AxesSwapped(say("region.axes_swapped", name=label, distance=distance))
    distance = f"{_distance_km(shapely.box(*gdf.total_bounds)):,.0f}"
    messages.append(Message("warning", say("region.outside", name=label, distance=distance)))
    return gdf


def drop_unusable(gdf: gpd.GeoDataFrame, label: str, messages: list[Message]) -> gpd.GeoDataFrame:
    """Leave out features without geometry, or with coordinates that are not numbers."""
    empty = gdf.geometry.isna() | gdf.geometry.is_empty
    if empty.all():
        raise GeodataError(say("geometry.none", name=label))
    if empty.any():
        labels = [feature_label(gdf, i) for i in gdf.index[empty]]
        messages.append(
            Message(
                "warning",
                say(
                    "geometry.empty_left_out",
                    name=label,
                    count=len(labels),
                    features=listing(labels),
                ),
            )
        )
        gdf = gdf[~empty]
    bad_rows = rows_not_finite(gdf.geometry.to_numpy())
    if bad_rows.size:
        labels = [feature_label(gdf, gdf.index[i]) for i in bad_rows]
        if bad_rows.size == len(gdf):
            raise GeodataError(say("geometry.all_not_numbers", name=label))
        messages.append(
            Message(
                "warning",
                say(
                    "geometry.not_numbers_left_out",
                    name=label,
                    count=len(labels),
                    features=listing(labels),
                ),
            )
        )
        gdf = gdf.drop(index=gdf.index[bad_rows])
    return gdf


# Geometries whose coordinates are checked at a time: every vertex of 150,000 polygons as
# numbers with their owners' indices took 140 MB at the peak of an upload.
FINITE_CHECK_ROWS = 10_000


def rows_not_finite(geoms: np.ndarray, rows: int = FINITE_CHECK_ROWS) -> np.ndarray:
    """Positions (sorted) of the geometries with a coordinate that is not a number,
    looked for ``rows`` geometries at a time."""
    bad = []
    for start in range(0, len(geoms), rows):
        part = geoms[start : start + rows]
        # Checked flat first: a reduction along rows of two is several times slower, and
        # almost every file has no such coordinate; the owners are found only when it does.
        if np.isfinite(shapely.get_coordinates(part)).all():
            continue
        coords, owner = shapely.get_coordinates(part, return_index=True)
        bad.append(np.unique(owner[~np.isfinite(coords).all(axis=1)]) + start)
    return np.concatenate(bad) if bad else np.empty(0, dtype=np.int64)


def clean_geometries(
    gdf: gpd.GeoDataFrame,
    label: str,
    messages: list[Message],
    *,
    max_vertices: int,
    max_repair_crossings: int,
    read: ReadGeometries | None = None,
) -> gpd.GeoDataFrame:
    """Refuse more than ``max_vertices`` vertices; repair invalid shapes (see
    :func:`dashboard.intake.repair.repair`), leaving out those that cannot be; say so.
    ``read``: validity found while reading, used if these are the geometries read."""
    vertices = int(shapely.get_num_coordinates(gdf.geometry.values).sum())
    if vertices > max_vertices:
        raise GeodataError(
            say(
                "geometry.too_many_vertices",
                name=label,
                count=f"{vertices:,}",
                limit=f"{max_vertices:,}",
            )
        )
    geometries = gdf.geometry.to_numpy()
    valid = None if read is None else read.validity(geometries)
    if valid is None:  # on two cores at once (GEOS lets go of Python's lock)
        valid = in_parts(shapely.is_valid, geometries)
    invalid = pd.Series(~valid, index=gdf.index)
    if invalid.any():
        gdf = gdf.copy()
        details, refused = [], []
        for index in gdf.index[invalid]:
            outcome = repair(gdf.at[index, "geometry"], max_repair_crossings)
            feature = feature_label(gdf, index)
            if outcome.geometry is None:
                refused.append(index)
                details.append(say("repair.detail", feature=feature, reason=outcome.reason))
                continue
            gdf.at[index, "geometry"] = outcome.geometry
            details.append(say("repair.detail", feature=feature, reason=outcome.reason))
        if len(refused) == len(gdf):
            raise GeodataError(say("repair.none_usable", name=label, details=listing(details)))
        repaired = len(details) - len(refused)
        what = [say("repair.repaired", count=repaired)] if repaired else []
        if refused:
            what.append(say("repair.refused", count=len(refused)))
        messages.append(
            Message(
                "warning",
                say(
                    "repair.summary",
                    name=label,
                    what=say("list.separator").join(what),
                    details=listing(details),
                ),
            )
        )
        gdf = gdf.drop(index=refused)
    types = gdf.geom_type
    if types.isin(POLYGONAL).any() and not types.isin(POLYGONAL).all():
        others = int((~types.isin(POLYGONAL)).sum())
        messages.append(Message("info", say("geometry.not_polygons", name=label, count=others)))
    return gdf
