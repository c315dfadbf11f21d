"""Zones as a dated series of versions: which version is in force on a date, and its sides.

The bundled zones hold several versions of the three categories, each tiling the Strip (see
``geodata/README.md``). Every feature names its ``version``; the features of a version share
``valid_from`` (first day in force), ``valid_to`` (first day no longer in force, or empty while
it still is), ``kind`` (``planned``, ``published`` or ``reported``), ``track`` and ``label``.

A *track* is one sequence of versions that replace each other in time. ``"ground"`` is the
situation on the ground (what the date control shows by default); each phase of the plan of
29 September 2025 is a track of its own (``"plan-phase-1"`` ...): the phases are alternatives
that were never in force, so they are never mixed with the ground track.

Versions side by side (areas over time, two versions or two dates compared) are in
:mod:`dashboard.zones.version_changes`. Nothing here reads files or draws maps.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from dashboard.messages import say, shortened
from dashboard.zones.areas import total_area_km2
from dashboard.zones.contract import VERSION_PROPERTIES, is_missing, parse_date

GROUND_TRACK = "ground"
PLAN_TRACK_PREFIX = "plan"
# The Israeli-held side: behind the line (retained) and the perimeter or restricted zones
# that are off limits to Palestinians (buffer).
HELD_CATEGORIES: tuple[str, ...] = ("retained", "buffer")
# ``restriction`` of the buffer that lies beyond the line (the 2026 "orange line" zone):
# off limits, but not behind the line itself.
RESTRICTED_BEYOND_LINE = "orange"
# The bundled coordinates are rounded to 1e-5 degrees (about 1 m): unions snap to that grid, so
# that hairline gaps between neighbouring features close instead of leaving holes and slits.
GRID_DEG = 1e-5


class SeriesError(ValueError):
    """A request the series cannot answer; ``str(error)`` is the message for the user."""


class NoVersionError(SeriesError):
    """No version of the track is in force on the date asked for (e.g. before the first)."""


@dataclass(frozen=True)
class Version:
    """One version of the zones.

    Attributes
    ----------
    id : str
        Stable identifier, e.g. ``"2025-10-19-idf-map"``; used in links and file names.
    valid_from : datetime.date
        First day the version is in force (for a planned version: the day it was published).
    valid_to : datetime.date or None
        First day it is no longer in force (the next version's ``valid_from``); None while
        it still is.
    kind : str
        ``"planned"``, ``"published"`` or ``"reported"`` (see ``geodata/README.md``).
    label : str
        Short label for people, e.g. ``"19 Oct 2025: IDF map"``.
    track : str
        The sequence it belongs to: ``"ground"`` or a plan phase (``"plan-phase-1"`` ...).
    """

    id: str
    valid_from: dt.date
    valid_to: dt.date | None
    kind: str
    label: str
    track: str

    def in_force(self, when: dt.date) -> bool:
        """Whether the version is in force on ``when`` (``valid_from <= when < valid_to``)."""
        return self.valid_from <= when and (self.valid_to is None or when < self.valid_to)

    @property
    def planned(self) -> bool:
        """True for a version of the plan (an alternative, never in force on the ground)."""
        return self.track.startswith(PLAN_TRACK_PREFIX)


def as_date(when: dt.date | str) -> dt.date:
    """A date given as a :class:`datetime.date` or an ISO string (``"2025-10-19"``).

    Raises
    ------
    SeriesError
        When ``when`` is not a date, with a message saying the expected form.
    """
    if isinstance(when, dt.datetime):
        return when.date()
    if isinstance(when, dt.date):
        return when
    try:
        parsed = parse_date(when)
    except (TypeError, ValueError):
        parsed = None
    if parsed is None:
        raise SeriesError(
            f"'{shortened(when)}' is not a date: give it as YYYY-MM-DD, e.g. 2025-10-19."
        )
    return parsed


# A label that starts with its date ("19 Oct 2025: the IDF's map", "Mid-March 2026: ...").
_DATED_LABEL = re.compile(r"^[^:]*\b\d{4}\s*:\s*(?P<rest>\S.*)$", re.DOTALL)


def label_without_date(label: str) -> str:
    """A version's label without the date it starts with ("19 Oct 2025: the IDF's map" ->
    "the IDF's map"), for texts that give the date already; other labels unchanged."""
    found = _DATED_LABEL.match(label.strip())
    return found.group("rest") if found else label.strip()


def has_versions(zones: gpd.GeoDataFrame) -> bool:
    """True when ``zones`` carries the version properties (the bundled zones do)."""
    return all(column in zones.columns for column in VERSION_PROPERTIES)


def _require_versions(zones: gpd.GeoDataFrame) -> None:
    if not has_versions(zones):
        missing = [c for c in VERSION_PROPERTIES if c not in zones.columns]
        raise SeriesError(
            f"These zones are not a dated series: they lack {', '.join(missing)} "
            "(see geodata/README.md)."
        )


def _version_of(rows: pd.DataFrame, version_id: str) -> Version:
    first = rows.iloc[0]
    valid_to = first["valid_to"]
    return Version(
        id=version_id,
        valid_from=parse_date(first["valid_from"]),
        valid_to=None if is_missing(valid_to) else parse_date(valid_to),
        kind=str(first["kind"]),
        label=str(first["label"]),
        track=str(first["track"]),
    )


def _track_order(track: str) -> tuple[int, str]:
    return (0 if track == GROUND_TRACK else 1, track)


def versions(zones: gpd.GeoDataFrame, track: str | None = None) -> list[Version]:
    """The versions in ``zones``, sorted by ``valid_from`` (then track, then id).

    Parameters
    ----------
    zones : GeoDataFrame
        Zones with the version properties (e.g. ``load_zone_versions()``).
    track : str, optional
        Only the versions of this track.

    Raises
    ------
    SeriesError
        When ``zones`` has no version properties.
    """
    _require_versions(zones)
    found = [
        _version_of(rows, str(version_id))
        for version_id, rows in zones.groupby("version", sort=True)
    ]
    if track is not None:
        found = [v for v in found if v.track == track]
    return sorted(found, key=lambda v: (v.valid_from, _track_order(v.track), v.id))


def tracks(zones: gpd.GeoDataFrame) -> list[str]:
    """The tracks in ``zones``: ``"ground"`` first, then the plan phases in order."""
    return sorted({v.track for v in versions(zones)}, key=_track_order)


def _check_track(zones: gpd.GeoDataFrame, track: str) -> list[Version]:
    found = versions(zones, track)
    if not found:
        raise SeriesError(
            f"There is no track '{shortened(track)}'; the zones have {', '.join(tracks(zones))}."
        )
    return found


def version_at(zones: gpd.GeoDataFrame, when: dt.date | str, track: str = GROUND_TRACK) -> Version:
    """The version of ``track`` in force on ``when``.

    Parameters
    ----------
    zones : GeoDataFrame
        Zones with the version properties.
    when : datetime.date or str
        The date (ISO ``YYYY-MM-DD`` when a string).
    track : str, default "ground"
        ``"ground"`` for the situation on the ground, or a plan phase.

    Returns
    -------
    Version

    Raises
    ------
    NoVersionError
        When no version is in force on ``when`` (before the first one, or in a gap), with
        a message giving the dates that are covered.
    SeriesError
        When ``when`` is not a date or ``track`` does not exist.
    """
    day = as_date(when)
    found = _check_track(zones, track)
    for version in found:
        if version.in_force(day):
            return version
    first = found[0]
    if day < first.valid_from:
        raise NoVersionError(
            f"No zones before {first.valid_from:%d %b %Y} ({first.label}): "
            f"pick a date from {first.valid_from.isoformat()} on."
        )
    raise NoVersionError(
        f"No version of '{track}' is in force on {day.isoformat()}; the versions cover "
        + ", ".join(
            f"{v.valid_from.isoformat()} to {v.valid_to.isoformat() if v.valid_to else 'now'}"
            for v in found
        )
        + "."
    )


def zones_of(zones: gpd.GeoDataFrame, version_id: str) -> gpd.GeoDataFrame:
    """The features of one version, in file order, with a fresh index.

    Raises
    ------
    SeriesError
        When there is no such version (the message lists the known ones).
    """
    _require_versions(zones)
    rows = zones[zones["version"] == version_id]
    if rows.empty:
        known = ", ".join(v.id for v in versions(zones))
        raise SeriesError(
            f"There is no zone version '{shortened(version_id)}'; known versions: {known}."
        )
    return rows.reset_index(drop=True)


def zones_at(
    zones: gpd.GeoDataFrame, when: dt.date | str, track: str = GROUND_TRACK
) -> gpd.GeoDataFrame:
    """The features of the version of ``track`` in force on ``when`` (see :func:`version_at`)."""
    return zones_of(zones, version_at(zones, when, track).id)


def _one_version(zones: gpd.GeoDataFrame) -> None:
    if "version" in zones.columns:
        ids = sorted({str(v) for v in zones["version"] if not is_missing(v)})
        if len(ids) > 1:
            raise SeriesError(
                f"Expected the zones of one version, got {len(ids)} ({', '.join(ids)}): "
                "select one with zones_of() or zones_at() first."
            )


def held_side(zones: gpd.GeoDataFrame, *, include_restricted: bool = True) -> BaseGeometry:
    """The Israeli-held side of one version: its ``retained`` and ``buffer`` features.

    Parameters
    ----------
    zones : GeoDataFrame
        The features of one version (see :func:`zones_of`, :func:`zones_at`), in EPSG:4326.
    include_restricted : bool, default True
        Keep the buffer that lies *beyond* the line (``restriction == "orange"``, the 2026
        restricted zone). With False, the result is the area behind the line itself.

    Returns
    -------
    shapely geometry
        The union, in the CRS of ``zones``; empty when nothing is held.

    Raises
    ------
    SeriesError
        When ``zones`` mixes several versions.
    """
    _one_version(zones)
    held = zones["zone"].isin(HELD_CATEGORIES)
    if not include_restricted and "restriction" in zones.columns:
        held &= zones["restriction"] != RESTRICTED_BEYOND_LINE
    return _union(zones.geometry[held])


@dataclass(frozen=True)
class HeldShares:
    """The Israeli-held side of one version in its two meanings, in km² and % of the Strip.

    ``behind_line``: the retained zones and the perimeter buffer, behind the line itself
    (what the distance to the line measures from). ``with_restricted``: also the buffer that
    lies beyond the line (the orange restricted zone), off limits but not behind the line.
    Without such a zone the two are equal.
    """

    behind_line_km2: float
    with_restricted_km2: float
    strip_km2: float

    @property
    def behind_line_pct(self) -> float:
        return 100 * self.behind_line_km2 / self.strip_km2

    @property
    def with_restricted_pct(self) -> float:
        return 100 * self.with_restricted_km2 / self.strip_km2

    @property
    def has_restricted(self) -> bool:
        """Whether the version has a restricted zone beyond the line (of 0.01 km² or more)."""
        return self.with_restricted_km2 - self.behind_line_km2 >= 0.01

    def as_fields(self) -> dict[str, float]:
        """Both shares as the CLI and the downloaded zones give them (% to 0.1)."""
        return {
            "held_behind_line_pct": round(self.behind_line_pct, 1),
            "held_with_restricted_pct": round(self.with_restricted_pct, 1),
        }


def held_shares(zones: gpd.GeoDataFrame, strip_km2: float) -> HeldShares:
    """Both meanings of the held side of one version (see :class:`HeldShares`), measured in
    EPSG:32636 on the union of the features (overlaps counted once).

    Raises
    ------
    SeriesError
        When ``zones`` mixes several versions.
    """
    _one_version(zones)
    held = zones[zones["zone"].isin(HELD_CATEGORIES)]
    beyond = (
        held["restriction"] == RESTRICTED_BEYOND_LINE
        if "restriction" in held.columns
        else pd.Series(False, index=held.index)
    )
    return HeldShares(total_area_km2(held[~beyond]), total_area_km2(held), strip_km2)


def held_text(shares: HeldShares) -> str:
    """Both figures in words, in the language of the run: "behind the line 56 %; with the
    orange restricted zone 67 %" (one figure, said so, without a restricted zone)."""
    behind = f"{shares.behind_line_pct:.0f}"
    if not shares.has_restricted:
        return say("held.behind_line_only", behind=behind)
    return say("held.both", behind=behind, restricted=f"{shares.with_restricted_pct:.0f}")


def _union(geometries: gpd.GeoSeries) -> BaseGeometry:
    """Union on the grid of the bundled coordinates (see :data:`GRID_DEG`)."""
    grid = GRID_DEG if geometries.crs is None or geometries.crs.is_geographic else None
    return shapely.union_all(geometries.make_valid().values, grid_size=grid)
