"""Where a user file's coordinate reference system is checked and converted to lon/lat.

A file's CRS comes from the file (a ``.prj``, a GeoPackage's definition) or from the user
when the file has no usable one; either way it must be an Earth CRS that PROJ can convert to
longitude/latitude. Everything else (the Moon, a sphere one metre across, a local
engineering grid, coordinates that do not fit) is refused with a message. Every refusal
that the right CRS would cure is a :class:`~dashboard.messages.CrsRequired`, so the page
can ask the user for one.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from pyproj import CRS
from pyproj.exceptions import CRSError, ProjError

from dashboard.config import GEOGRAPHIC_CRS
from dashboard.messages import CrsRequired, Message

# What a refusal asks of the user when the file's own CRS cannot be used.
ASK_FOR_CRS = (
    "Say which CRS the coordinates are in, e.g. EPSG:4326 (longitude/latitude), EPSG:2039 "
    "(Israeli grid) or EPSG:32636 (UTM 36N), or export the data again in EPSG:4326."
)
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
        raise CrsRequired(
            f"{filename}: {what} is not a coordinate reference system that PROJ knows. "
            + ("Use an EPSG code such as EPSG:4326 or EPSG:2039." if given else ASK_FOR_CRS)
        )
    problem = earth_crs_problem(crs)
    if problem:
        raise CrsRequired(
            f"{filename}: {what} cannot be converted to longitude/latitude: {problem}. "
            + (
                "Give an Earth CRS such as EPSG:4326, EPSG:2039 or EPSG:32636."
                if given
                else ASK_FOR_CRS
            )
        )
    return crs


def _to_lonlat(gdf: gpd.GeoDataFrame, filename: str) -> gpd.GeoDataFrame:
    try:
        out = gdf.to_crs(GEOGRAPHIC_CRS)
    except (CRSError, ProjError, ValueError) as exc:
        raise CrsRequired(
            f"{filename}: the data could not be converted from {gdf.crs.name} to "
            f"longitude/latitude ({str(exc)[:120]}). {ASK_FOR_CRS}"
        ) from None
    if not np.isfinite(out.total_bounds).all():
        raise CrsRequired(
            f"{filename}: the coordinates do not fit {gdf.crs.name} (converting them to "
            f"longitude/latitude gave no position). {ASK_FOR_CRS}"
        )
    return out


def _check_lonlat_range(gdf: gpd.GeoDataFrame, given: str | None, filename: str) -> None:
    """Refuse coordinates outside longitude/latitude range in a geographic CRS."""
    minx, miny, maxx, maxy = gdf.total_bounds
    if min(minx, miny) >= -180 and maxx <= 180 and -90 <= miny and maxy <= 90:
        return
    where = f"({minx:,.0f} … {maxx:,.0f}, {miny:,.0f} … {maxy:,.0f})"
    if given is None:
        raise CrsRequired(
            f"{filename}: the coordinates {where} are not longitude/latitude; they look like "
            "metres of a projected system, but the file does not say which. Say which one, "
            "e.g. EPSG:2039 (Israeli grid) or EPSG:32636 (UTM 36N), or export the file as "
            "GeoJSON in EPSG:4326 or as a GeoPackage/shapefile that carries its CRS."
        )
    raise CrsRequired(
        f"{filename}: the coordinates {where} are not longitude/latitude, so they are not in "
        f"'{given}'; they look like metres of a projected system. Give a projected CRS, "
        "e.g. EPSG:2039 (Israeli grid) or EPSG:32636 (UTM 36N)."
    )


def normalise_crs(
    gdf: gpd.GeoDataFrame, crs: str | None, filename: str, messages: list[Message]
) -> tuple[gpd.GeoDataFrame, str | None]:
    """``gdf`` in longitude/latitude (EPSG:4326), and the CRS it was read in.

    ``crs`` is the user's answer for a file without a usable CRS (never assumed); when
    given, it replaces what the file declares (a GeoJSON file always "declares" EPSG:4326,
    even when its numbers are metres). A missing CRS, one that is not the Earth's, or
    coordinates that do not fit it raise :class:`~dashboard.messages.CrsRequired`.
    """
    if crs is not None:
        gdf = gdf.set_crs(_as_crs(crs, filename, given=True), allow_override=True)
        messages.append(Message("info", f"{filename}: read with the CRS you gave ({crs})."))
    elif gdf.crs is None:
        raise CrsRequired(
            f"{filename}: the file does not say which coordinate reference system it uses "
            "(a shapefile without its .prj file?). Say which one, e.g. EPSG:4326 "
            "(longitude/latitude), EPSG:2039 (Israeli grid) or EPSG:32636 (UTM 36N)."
        )
    else:
        gdf = gdf.set_crs(_as_crs(gdf.crs, filename, given=False), allow_override=True)
    source = gdf.crs.to_string()
    if gdf.crs.is_geographic:
        _check_lonlat_range(gdf, crs, filename)
        if not gdf.crs.equals(CRS.from_user_input(GEOGRAPHIC_CRS)):
            gdf = _to_lonlat(gdf, filename)
        return gdf, source
    name = gdf.crs.name
    gdf = _to_lonlat(gdf, filename)
    messages.append(
        Message("info", f"{filename}: reprojected from {source} ({name}) to longitude/latitude.")
    )
    return gdf, source
