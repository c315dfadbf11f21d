"""The ground beside the mapped line: the band of reported drift beyond it, and the warning.

Markers of the line (blocks, berms, outposts) were reported hundreds of metres beyond the
mapped line, and moved in places (``geodata/line-drift.json``). The band reaches the
furthest reported distance beyond the line of the version shown, on the other side, inside
the Strip; a distance answer for a point on the other side within ``warn_within_m`` of the
line says that markers were reported that far and that the distance cannot say whether a
place is safe. Nothing here reads files (see :mod:`dashboard.intake.line_drift`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from dashboard.config import GEOGRAPHIC_CRS, METRIC_CRS
from dashboard.zones.distance import OTHER_SIDE, LineDistance, VersionLine

DRIFT_KIND = "drift"  # ``kind`` of the band's feature (its style and legend)


@dataclass(frozen=True)
class DriftReport:
    """One report of markers beyond the mapped line, or of markers moved."""

    metres: int
    what: str
    where: str
    date: dt.date
    source: str
    what_ar: str = ""
    where_ar: str = ""


@dataclass(frozen=True)
class LineDrift:
    """What was reported of the ground beside the line (see ``geodata/line-drift.json``).

    Attributes
    ----------
    band_m : int
        Width of the band drawn beyond the line (the furthest report).
    warn_within_m : int
        A point on the other side this close to the line gets the warning.
    confidence : str
        ``low``: the band is a width, not a survey of where the markers stand.
    reports : tuple of DriftReport
        The reports, each with its source.
    """

    band_m: int
    warn_within_m: int
    confidence: str
    reports: tuple[DriftReport, ...]

    @property
    def furthest(self) -> DriftReport:
        """The report of the furthest distance beyond the line."""
        return max(self.reports, key=lambda report: report.metres)

    @property
    def sources(self) -> list[str]:
        """Each source once, in the file's order."""
        return list(dict.fromkeys(report.source for report in self.reports))


def drift_band(line: VersionLine, drift: LineDrift) -> BaseGeometry:
    """The band beyond ``line`` (EPSG:32636): the other side within ``band_m`` of the line,
    inside the Strip; empty when the version has no line."""
    reach = line.line.buffer(drift.band_m)
    return shapely.difference(shapely.intersection(reach, line.strip), line.held)


def drift_frame(line: VersionLine, drift: LineDrift) -> gpd.GeoDataFrame:
    """The band as a one-feature frame in EPSG:4326, to draw and to click: ``kind``,
    ``version``, ``band_m``, ``confidence``, ``source``."""
    frame = gpd.GeoDataFrame(
        {
            "kind": [DRIFT_KIND],
            "version": [line.version_id],
            "band_m": [drift.band_m],
            "confidence": [drift.confidence],
            "source": ["; ".join(drift.sources)],
        },
        geometry=[drift_band(line, drift)],
        crs=METRIC_CRS,
    )
    return frame.to_crs(GEOGRAPHIC_CRS)


def needs_warning(answer: LineDistance, drift: LineDrift) -> bool:
    """Whether a distance answer is on the other side within ``warn_within_m`` of the line:
    where markers have been reported, so the mapped distance says little about the ground."""
    return answer.side == OTHER_SIDE and answer.distance_m <= drift.warn_within_m


def drift_warning(answer: LineDistance, drift: LineDrift) -> str | None:
    """The warning for an answer near the line on the other side (English, for the command
    line), or None (see :func:`needs_warning`)."""
    if not needs_warning(answer, drift):
        return None
    furthest = drift.furthest
    return (
        f"Markers of the line have been reported up to about {furthest.metres:,} m beyond the "
        f"mapped line ({furthest.source}), and moved in places: this distance is measured to "
        "the mapped line and cannot say whether a place is safe."
    )
