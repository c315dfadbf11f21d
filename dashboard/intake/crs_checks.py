"""Where a user file's coordinate reference system is checked and converted to lon/lat.

A file's CRS comes from the file (a ``.prj``, a GeoPackage's definition) or from the user
when the file has none; either way it must be an Earth CRS that PROJ can convert to
longitude/latitude. Everything else (the Moon, a sphere one metre across, a local
engineering grid, coordinates that do not fit) is refused with a message.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from pyproj import CRS
from pyproj.exceptions import CRSError, ProjError

from dashboard.config import GEOGRAPHIC_CRS
from dashboard.messages import CrsRequired, GeodataError, Message

# The Earth's equatorial radius (m), and how far a CRS's ellipsoid may differ from it.
EARTH_RADIUS_M = 6_378_137.0
EARTH_RADIUS_TOLERANCE_M = 30_000.0


def earth_crs_problem(crs: CRS) -> str | None:
    """Why ``crs`` cannot be turned into longitude/latitude on the Earth, or None."""
    type_name = getattr(crs, "type_name", "")
    if "Engineering" in type_name or "Local" in type_name:
        return f"it is a local engineering system ({crs.name}), not tied to the Earth"
    ellipsoid = crs.ellipsoid
    if ellipsoid is None:
        return f"it names no ellipsoid ({crs.name})"
    if abs(ellipsoid.semi_major_metre - EARTH_RADIUS_M) > EARTH_RADIUS_TOLERANCE_M:
        return (
            f"its ellipsoid ({ellipsoid.name}, radius {ellipsoid.semi_major_metre:,.0f} m) is "
            "not the Earth's"
        )
    return None


def _as_crs(value, filename: str, *, given: bool) -> CRS:
    """A CRS the data can be reprojected from, or a message saying why not."""
    try:
        crs = value if isinstance(value, CRS) else CRS.from_user_input(value)
    except (CRSError, ProjError, TypeError, ValueError):
        crs = None
    what = f"'{value}'" if given else "the coordinate reference system the file declares"
    if crs is None:
        raise (CrsRequired if given else GeodataError)(
            f"{filename}: {what} is not a coordinate reference system that PROJ knows. "
            "Use an EPSG code such as EPSG:4326 or EPSG:2039."
        )
    problem = earth_crs_problem(crs)
    if problem:
        raise (CrsRequired if given else GeodataError)(
            f"{filename}: {what} cannot be converted to longitude/latitude: {problem}. "
            + (
                "Give an Earth CRS such as EPSG:4326, EPSG:2039 or EPSG:32636."
                if given
                else "Export the data again in EPSG:4326 (or another Earth CRS)."
            )
        )
    return crs


def _to_lonlat(gdf: gpd.GeoDataFrame, filename: str) -> gpd.GeoDataFrame:
    try:
        out = gdf.to_crs(GEOGRAPHIC_CRS)
    except (CRSError, ProjError, ValueError) as exc:
        raise GeodataError(
            f"{filename}: the data could not be converted from {gdf.crs.name} to "
            f"longitude/latitude ({str(exc)[:120]}). Export it again in EPSG:4326."
        ) from None
    if not np.isfinite(out.total_bounds).all():
        raise GeodataError(
            f"{filename}: the coordinates do not fit {gdf.crs.name} (converting them to "
            "longitude/latitude gave no position). Check the file's CRS, or export it again "
            "in EPSG:4326."
        )
    return out


def normalise_crs(
    gdf: gpd.GeoDataFrame, crs: str | None, filename: str, messages: list[Message]
) -> tuple[gpd.GeoDataFrame, str | None]:
    """``gdf`` in longitude/latitude (EPSG:4326), and the CRS it was read in.

    ``crs`` is the user's answer for a file that declares none (never assumed). A CRS that
    is not the Earth's, or coordinates that do not fit it, are refused with a message.
    """
    if gdf.crs is None:
        if crs is None:
            raise CrsRequired(
                f"{filename}: the file does not say which coordinate reference system it uses "
                "(a shapefile without its .prj file?). Say which one, e.g. EPSG:4326 "
                "(longitude/latitude), EPSG:2039 (Israeli grid) or EPSG:32636 (UTM 36N)."
            )
        gdf = gdf.set_crs(_as_crs(crs, filename, given=True))
        messages.append(Message("info", f"{filename}: read with the CRS you gave ({crs})."))
    else:
        gdf = gdf.set_crs(_as_crs(gdf.crs, filename, given=False), allow_override=True)
    source = gdf.crs.to_string()
    if gdf.crs.is_geographic:
        minx, miny, maxx, maxy = gdf.total_bounds
        if min(minx, miny) < -180 or maxx > 180 or maxy > 90 or miny < -90:
            raise GeodataError(
                f"{filename}: the coordinates ({minx:,.0f} … {maxx:,.0f}, {miny:,.0f} … "
                f"{maxy:,.0f}) are not longitude/latitude; they look like metres of a projected "
                "system, but the file does not say which. Export it as GeoJSON in EPSG:4326, "
                "or as a GeoPackage/shapefile that carries its CRS (e.g. EPSG:2039, EPSG:32636)."
            )
        if not gdf.crs.equals(CRS.from_user_input(GEOGRAPHIC_CRS)):
            gdf = _to_lonlat(gdf, filename)
        return gdf, source
    name = gdf.crs.name
    gdf = _to_lonlat(gdf, filename)
    messages.append(
        Message("info", f"{filename}: reprojected from {source} ({name}) to longitude/latitude.")
    )
    return gdf, source
