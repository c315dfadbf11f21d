"""Where a point stands against the line: which side, how far, and how far from the orange zone.

The held side is :func:`dashboard.zones.series.held_side` with ``include_restricted=False``:
the ``retained`` and ``buffer`` zones, without the orange restricted zone that lies beyond
the line (a point in it is on the other side, 0 m from the orange zone).

"The line" of a zone version is the boundary of its held side *inside the Strip*. The
Strip's own outline (coast, fence, Egyptian border; by default the outline of the union of
the zones) is not the line, even where the held side runs along it: held edges within
:data:`GAP_TOLERANCE_M` of it are left out. Gaps narrower than that between zones drawn side
by side are closed first, so that they neither add line (a gap between two held zones) nor
interrupt it (a gap between the two sides). Everything is measured in EPSG:32636 (metres),
never in degrees.

Computing a version's line takes a few milliseconds; :func:`version_line` keeps the last few,
so that a click on the map only pays for one point-to-line distance.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache

import geopandas as gpd
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from dashboard.config import GEOGRAPHIC_CRS, METRIC_CRS
from dashboard.messages import shortened
from dashboard.zones.areas import POLYGONAL
from dashboard.zones.series import RESTRICTED_BEYOND_LINE, held_side

HELD_SIDE = "Israeli-held side"
OTHER_SIDE = "other side"
# Features with ``restriction == RESTRICTED_BEYOND_LINE`` form the orange restricted zone
# (from March 2026): off limits, but beyond the line, so not on the held side here.
RESTRICTION_COLUMN = "restriction"
VERSION_COLUMN = "version"
# Distances are rounded to this step: the arithmetic is exact to the millimetre, the line
# itself is not (hand-drawn lines differ from published ones by hundreds of metres).
DISTANCE_STEP_M = 10
# Degrees of the nearest point: 4 decimals is about 10 m, the precision of the distance.
COORDINATE_DECIMALS = 4
# Zones drawn side by side leave gaps and overlaps (those bundled: under 1 m wide). Gaps
# narrower than this are closed, and held edges this close to the Strip's outline are outline.
GAP_TOLERANCE_M = 2.0
LINE_CACHE_SIZE = 16
# Beyond this, "how far from the Strip" is left out of messages (the metric CRS is local).
FAR_KM = 500
LATITUDE_RANGE = 90.0
LONGITUDE_RANGE = 180.0


class DistanceError(ValueError):
    """A distance that cannot be measured; ``str(error)`` is the message for the user."""


class BadCoordinates(DistanceError):
    """A latitude or longitude that is not a number of degrees in range."""


class OutsideStrip(DistanceError):
    """A point outside the Gaza Strip: it is on neither side of the line."""


class NoLine(DistanceError):
    """The zones have no line inside the Strip (nothing held, or everything held)."""


@dataclass(frozen=True)
class LineDistance:
    """Where a point stands against one version's line.

    Attributes
    ----------
    lat, lon : float
        The point, as given (degrees, EPSG:4326).
    side : str
        :data:`HELD_SIDE` or :data:`OTHER_SIDE` (see the module's docstring for what is
        held). A point on the line counts as held.
    distance_m : int
        Distance to the line in metres, rounded to :data:`DISTANCE_STEP_M` (10 m). The
        zones are approximations, often hundreds of metres off: the rounding only avoids
        claiming a precision the arithmetic has and the data has not.
    nearest_lat, nearest_lon : float
        The nearest point of the line, to :data:`COORDINATE_DECIMALS` decimals (about 10 m).
    orange_distance_m : int or None
        Distance to the orange restricted zone (0 inside it), rounded like ``distance_m``;
        None when the version has no orange zone.
    version_id : str or None
        The zones' ``version``, when they carry one.
    """

    lat: float
    lon: float
    side: str
    distance_m: int
    nearest_lat: float
    nearest_lon: float
    orange_distance_m: int | None
    version_id: str | None

    def as_dict(self) -> dict[str, object]:
        """The fields as a dict of JSON-safe values."""
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        """The fields as one JSON object."""
        return json.dumps(self.as_dict(), ensure_ascii=False)


@dataclass(frozen=True, eq=False)
class VersionLine:
    """One version's geometry in EPSG:32636, prepared for fast point queries.

    Attributes
    ----------
    strip : geometry
        The Strip: the union of the zones, or the outline given.
    held : geometry
        The Israeli-held side, thin gaps closed.
    line : geometry
        The held side's boundary inside the Strip (lines; never empty).
    orange : geometry or None
        The orange restricted zone, if the version has one.
    """

    version_id: str | None
    strip: BaseGeometry
    held: BaseGeometry
    line: BaseGeometry
    orange: BaseGeometry | None


@cache
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def _project(source: str, target: str):
    transformer = _transformer(source, target)
    return lambda x, y: transformer.transform(x, y)


def parse_coordinate(value: object, axis: str) -> float:
    """``value`` as degrees of ``axis`` (``"latitude"`` or ``"longitude"``).

    Raises
    ------
    BadCoordinates
        When ``value`` is not a finite number, or out of range (±90 or ±180).
    """
    limit = LATITUDE_RANGE if axis == "latitude" else LONGITUDE_RANGE
    quoted = shortened(value)  # typed by a visitor: quoted, never at any length
    try:
        degrees = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise BadCoordinates(
            f"The {axis} '{quoted}' is not a number: give decimal degrees, e.g. 31.42 34.38."
        ) from None
    if not math.isfinite(degrees):
        raise BadCoordinates(f"The {axis} '{quoted}' is not a finite number of degrees.")
    if abs(degrees) > limit:
        raise BadCoordinates(
            f"The {axis} {quoted} is out of range: it must be between -{limit:g} and {limit:g}."
        )
    return degrees


def check_point(lat: object, lon: object) -> tuple[float, float]:
    """``(lat, lon)`` as degrees, checked with :func:`parse_coordinate`."""
    return parse_coordinate(lat, "latitude"), parse_coordinate(lon, "longitude")


def _version_id(zones: gpd.GeoDataFrame) -> str | None:
    if VERSION_COLUMN not in zones.columns:
        return None
    ids = {str(v) for v in zones[VERSION_COLUMN].dropna()}
    return ids.pop() if len(ids) == 1 else None


def _orange(zones: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if RESTRICTION_COLUMN not in zones.columns:
        return zones.iloc[:0]
    return zones[zones[RESTRICTION_COLUMN] == RESTRICTED_BEYOND_LINE]


def _union(frame: gpd.GeoDataFrame) -> BaseGeometry:
    return shapely.union_all(shapely.make_valid(frame.geometry.to_numpy()))


def _without_holes(geometry: BaseGeometry) -> BaseGeometry:
    """The polygons of ``geometry`` without their holes."""
    parts = shapely.get_parts(geometry)
    parts = parts[shapely.get_type_id(parts) == shapely.GeometryType.POLYGON]
    return shapely.union_all(shapely.polygons(shapely.get_exterior_ring(parts)))


def _closed(geometry: BaseGeometry) -> BaseGeometry:
    """``geometry`` with gaps narrower than :data:`GAP_TOLERANCE_M` filled, corners kept sharp."""
    radius = GAP_TOLERANCE_M / 2
    return geometry.buffer(radius, join_style="mitre").buffer(-radius, join_style="mitre")


def _merged_lines(geometry: BaseGeometry) -> BaseGeometry:
    """The line pieces of ``geometry`` (points of contact dropped), joined where they meet."""
    parts = shapely.get_parts(geometry)
    lines = parts[shapely.get_type_id(parts) == shapely.GeometryType.LINESTRING]
    return shapely.line_merge(shapely.multilinestrings(lines))


def build_version_line(
    zones: gpd.GeoDataFrame, outline: gpd.GeoDataFrame | None = None
) -> VersionLine:
    """Compute one version's line (no cache: see :func:`version_line`).

    Parameters
    ----------
    zones : GeoDataFrame
        The zones of one version, in EPSG:4326.
    outline : GeoDataFrame, optional
        The Strip's outline: it decides which points are inside the Strip (by default, the
        union of the zones does). It does not change the line.

    Raises
    ------
    NoLine
        When nothing is held, or everything is.
    """
    metric = zones[zones.geom_type.isin(POLYGONAL)].to_crs(METRIC_CRS)
    # Zones drawn side by side leave thin gaps: closed here, so that they are neither line
    # (between two held zones) nor outline (between the two sides).
    held = _closed(held_side(metric, include_restricted=False))  # one version only
    strip = _without_holes(_closed(_union(metric)))
    near_outline = strip.boundary.buffer(GAP_TOLERANCE_M)
    line = _merged_lines(held.boundary.difference(near_outline))
    version_id = _version_id(zones)
    if line.is_empty or line.length < GAP_TOLERANCE_M:
        name = f"Version {version_id}" if version_id else "The zones given"
        raise NoLine(f"{name} has no line inside the Strip: nothing is held, or all of it is.")
    if outline is not None:
        strip = _without_holes(_union(outline.to_crs(METRIC_CRS)))
    orange_zones = _orange(metric)
    orange = None if orange_zones.empty else _union(orange_zones)
    for geometry in (strip, held, line, orange):
        if geometry is not None:
            shapely.prepare(geometry)
            # Prepared geometries build their indexes on first use: do it now, in one thread.
            probe = geometry.representative_point()
            geometry.covers(probe)
            geometry.distance(probe)
    return VersionLine(version_id, strip, held, line, orange)


_LINES: OrderedDict[str, VersionLine] = OrderedDict()
_LINES_LOCK = threading.Lock()


def _fingerprint(zones: gpd.GeoDataFrame, outline: gpd.GeoDataFrame | None) -> str:
    """A digest of what the line depends on: same digest, same line."""
    digest = hashlib.blake2b(digest_size=16)
    for frame in (zones, outline):
        if frame is None:
            digest.update(b"no outline")
            continue
        digest.update(str(frame.crs).encode())
        for column in ("zone", VERSION_COLUMN, RESTRICTION_COLUMN):
            if column in frame.columns:
                digest.update(repr(frame[column].tolist()).encode())
        digest.update(b"".join(shapely.to_wkb(frame.geometry.to_numpy(), hex=False)))
    return digest.hexdigest()


def version_line(zones: gpd.GeoDataFrame, outline: gpd.GeoDataFrame | None = None) -> VersionLine:
    """:func:`build_version_line`, remembered for the last :data:`LINE_CACHE_SIZE` versions.

    Keyed on the content of ``zones`` and ``outline`` (their geometry, categories and
    version), so that different zones under one version id never share a line.
    """
    key = _fingerprint(zones, outline)
    with _LINES_LOCK:
        if key in _LINES:
            _LINES.move_to_end(key)
            return _LINES[key]
    built = build_version_line(zones, outline)
    with _LINES_LOCK:
        _LINES[key] = built
        while len(_LINES) > LINE_CACHE_SIZE:
            _LINES.popitem(last=False)
    return built


def _rounded_metres(metres: float) -> int:
    return int(math.floor(metres / DISTANCE_STEP_M + 0.5) * DISTANCE_STEP_M)


def _outside_message(line: VersionLine, lat: float, lon: float, point: BaseGeometry) -> str:
    km = line.strip.distance(point) / 1000
    how_far = f", about {km:,.1f} km from its edge" if km < FAR_KM else ""
    text = (
        f"The point {lat:g}, {lon:g} (latitude, longitude) is outside the Gaza Strip{how_far}: "
        "give a point inside the Strip, e.g. 31.42 34.38."
    )
    if abs(lon) <= LATITUDE_RANGE:
        swapped = shapely.Point(*_project(GEOGRAPHIC_CRS, METRIC_CRS)(lat, lon))
        if line.strip.covers(swapped):
            text += f" Latitude and longitude look swapped: did you mean {lon:g}, {lat:g}?"
    return text


def measure(line: VersionLine, lat: object, lon: object) -> LineDistance:
    """Where the point (``lat``, ``lon``, degrees) stands against a prepared line.

    Raises
    ------
    BadCoordinates
        For a latitude or longitude that is not a number of degrees in range.
    OutsideStrip
        For a point outside the Strip.
    """
    lat, lon = check_point(lat, lon)
    point = shapely.Point(*_project(GEOGRAPHIC_CRS, METRIC_CRS)(lon, lat))
    if not line.strip.covers(point):
        raise OutsideStrip(_outside_message(line, lat, lon, point))
    nearest = shapely.shortest_line(point, line.line).coords[-1]
    nearest_lon, nearest_lat = _project(METRIC_CRS, GEOGRAPHIC_CRS)(*nearest)
    orange = None if line.orange is None else _rounded_metres(line.orange.distance(point))
    return LineDistance(
        lat=lat,
        lon=lon,
        side=HELD_SIDE if line.held.covers(point) else OTHER_SIDE,
        distance_m=_rounded_metres(line.line.distance(point)),
        nearest_lat=round(nearest_lat, COORDINATE_DECIMALS),
        nearest_lon=round(nearest_lon, COORDINATE_DECIMALS),
        orange_distance_m=orange,
        version_id=line.version_id,
    )


def line_distance(
    zones: gpd.GeoDataFrame,
    lat: object,
    lon: object,
    *,
    outline: gpd.GeoDataFrame | None = None,
) -> LineDistance:
    """Where the point (``lat``, ``lon``) stands against the line of one version's zones.

    Parameters
    ----------
    zones : GeoDataFrame
        The zones of one version (e.g. ``series.zones_at(all_zones, when)``), EPSG:4326.
    lat, lon : float or str
        The point in degrees (EPSG:4326).
    outline : GeoDataFrame, optional
        The Strip's outline; by default the union of the zones.

    Raises
    ------
    DistanceError
        :class:`BadCoordinates`, :class:`OutsideStrip` or :class:`NoLine`, with a message
        for the user.
    """
    return measure(version_line(zones, outline), lat, lon)


def line_frame(
    zones: gpd.GeoDataFrame, outline: gpd.GeoDataFrame | None = None
) -> gpd.GeoDataFrame:
    """The line of one version's zones (see :func:`version_line`) as a one-feature frame in
    EPSG:4326, to draw: ``version`` and the line geometry."""
    line = version_line(zones, outline)
    frame = gpd.GeoDataFrame({"version": [line.version_id]}, geometry=[line.line], crs=METRIC_CRS)
    return frame.to_crs(GEOGRAPHIC_CRS)
