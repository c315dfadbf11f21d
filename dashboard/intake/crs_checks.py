"""Where a user file's coordinate reference system is checked and converted to lon/lat.

A file's CRS comes from the file (a ``.prj``, a GeoPackage's definition) or from the user
when the file has no usable one; either way it must be an Earth CRS that PROJ can convert to
longitude/latitude. Everything else (the Moon, a sphere one metre across, a local
engineering grid, coordinates that do not fit) is refused with a message. Every refusal
that the right CRS would cure is a :class:`~dashboard.messages.CrsRequired`, so the page
can ask the user for one.
"""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
from pyproj import CRS
from pyproj.exceptions import CRSError, ProjError

from dashboard.config import GEOGRAPHIC_CRS
from dashboard.messages import CrsRequired, GeodataError, Message, say, shortened, token

# The Earth's equatorial radius (m), and how far a CRS's ellipsoid may differ from it.
EARTH_RADIUS_M = 6_378_137.0
EARTH_RADIUS_TOLERANCE_M = 30_000.0


# What makes PROJ open a file of the server: an init file (``+init=file:code``, opened while
# the text is parsed), grids (``+nadgrids=``, ``+geoidgrids=``, ``+grids=``, opened when
# converting; ``@null`` is built in and opens nothing), and a path given as the CRS.
# ``+towgs84=`` is numbers only and stays allowed.
_INIT = re.compile(r"(?:^|[\s+])init\s*=", re.IGNORECASE)
_GRIDS = re.compile(r"(?:^|[\s+])(?:nadgrids|geoidgrids|grids)\s*=\s*([^\s]*)", re.IGNORECASE)
_PATH = re.compile(r"^\s*(?:[/~\\]|\.{1,2}[/\\]|[A-Za-z]:[/\\]|file:)", re.IGNORECASE)
_NO_GRID = "@null"


def _opens_files(text: str) -> bool:
    """Whether PROJ would read a file of the server for the CRS written ``text``."""
    if _INIT.search(text) or _PATH.match(text):
        return True
    return any(value.strip("\"'") != _NO_GRID for value in _GRIDS.findall(text))


def _reads_server_files(crs: CRS) -> bool:
    """Whether converting a parsed CRS would make PROJ read a file: a grid its transformation
    names (other than ``@null``), or a PROJ string kept with it (a WKT's ``EXTENSION["PROJ4",
    ...]``, which PROJ keeps as a remark and uses when converting) that names one."""
    found = False

    def walk(node: object) -> None:
        nonlocal found
        if isinstance(node, dict):
            value, remarks = node.get("value"), node.get("remarks")
            if isinstance(value, str) and "file" in str(node.get("name", "")).lower():
                found = found or value != _NO_GRID
            if isinstance(remarks, str):
                found = found or _opens_files(remarks.split(":", 1)[-1])
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(crs.to_json_dict())
    return found


def check_declared_crs_text(text: object, label: str) -> None:
    """Refuse a file whose declared CRS (e.g. in a GeoParquet's metadata) is a text that
    would make PROJ open a file of the server, before anything parses it.

    Raises
    ------
    GeodataError
        With a message naming the file (``label``, isolated).
    """
    if isinstance(text, str) and _opens_files(text):
        raise GeodataError(say("crs.declared_opens_files", name=label))


def earth_crs_problem(crs: CRS) -> str | None:
    """Why ``crs`` cannot be turned into longitude/latitude on the Earth, or None."""
    type_name = getattr(crs, "type_name", "")
    if "Engineering" in type_name or "Local" in type_name:
        return say("crs.local_system", crs=token(crs.name))
    ellipsoid = crs.ellipsoid
    if ellipsoid is None:
        return say("crs.no_ellipsoid", crs=token(crs.name))
    if abs(ellipsoid.semi_major_metre - EARTH_RADIUS_M) > EARTH_RADIUS_TOLERANCE_M:
        return say(
            "crs.not_earth",
            ellipsoid=token(ellipsoid.name),
            radius=f"{ellipsoid.semi_major_metre:,.0f}",
        )
    return None


def _as_crs(value, filename: str, *, given: bool) -> CRS:
    """A CRS the data can be reprojected from, or a message saying why not."""
    what = say("crs.given", crs=token(shortened(value))) if given else say("crs.declared")
    advice = say("crs.use_epsg") if given else say("crs.ask")
    if isinstance(value, str) and _opens_files(value):  # before PROJ parses it
        raise CrsRequired(say("crs.opens_files", name=filename, what=what, advice=advice))
    try:
        crs = value if isinstance(value, CRS) else CRS.from_user_input(value)
    except (CRSError, ProjError, TypeError, ValueError):
        crs = None
    if crs is None:
        raise CrsRequired(say("crs.unknown", name=filename, what=what, advice=advice))
    if _reads_server_files(crs):  # grids, opened by a conversion: refused before it
        raise CrsRequired(say("crs.opens_files", name=filename, what=what, advice=advice))
    problem = earth_crs_problem(crs)
    if problem:
        advice = say("crs.give_earth_crs") if given else say("crs.ask")
        raise CrsRequired(
            say("crs.not_convertible", name=filename, what=what, problem=problem, advice=advice)
        )
    return crs


def _to_lonlat(gdf: gpd.GeoDataFrame, filename: str) -> gpd.GeoDataFrame:
    try:
        out = gdf.to_crs(GEOGRAPHIC_CRS)
    except (CRSError, ProjError, ValueError) as exc:
        raise CrsRequired(
            say(
                "crs.conversion_failed",
                name=filename,
                crs=token(gdf.crs.name),
                error=token(str(exc)[:120]),
                advice=say("crs.ask"),
            )
        ) from None
    if not np.isfinite(out.total_bounds).all():
        raise CrsRequired(
            say("crs.no_fit", name=filename, crs=token(gdf.crs.name), advice=say("crs.ask"))
        )
    return out


def _check_lonlat_range(gdf: gpd.GeoDataFrame, given: str | None, filename: str) -> None:
    """Refuse coordinates outside longitude/latitude range in a geographic CRS."""
    minx, miny, maxx, maxy = gdf.total_bounds
    if min(minx, miny) >= -180 and maxx <= 180 and -90 <= miny and maxy <= 90:
        return
    where = token(f"({minx:,.0f} … {maxx:,.0f}, {miny:,.0f} … {maxy:,.0f})")
    if given is None:
        raise CrsRequired(say("crs.projected_undeclared", name=filename, where=where))
    raise CrsRequired(
        say("crs.projected_not_given", name=filename, where=where, crs=token(shortened(given)))
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
        messages.append(
            Message("info", say("crs.read_with_given", name=filename, crs=token(shortened(crs))))
        )
    elif gdf.crs is None:
        raise CrsRequired(say("crs.missing", name=filename))
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
        Message(
            "info",
            say("crs.reprojected", name=filename, source=token(source), crs=token(name)),
        )
    )
    return gdf, source
