"""Read ``geodata/line-drift.json``: the reports of markers beyond the mapped line and the
band drawn from them (see :mod:`dashboard.zones.drift`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from dashboard.config import CONFIDENCE_LEVELS, GEODATA_DIR
from dashboard.zones.drift import DriftReport, LineDrift

LINE_DRIFT_FILE = "line-drift.json"


class LineDriftError(ValueError):
    """The drift file cannot be used; the message names the problem."""


def load_line_drift(directory: Path = GEODATA_DIR) -> LineDrift:
    """The reported drift beside the line.

    Raises
    ------
    LineDriftError
        When the file is missing, is not JSON, or lacks a width, a source or a distance.
    """
    path = directory / LINE_DRIFT_FILE
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        reports = tuple(
            DriftReport(
                metres=int(item["metres"]),
                what=str(item["what"]),
                where=str(item["where"]),
                date=dt.date.fromisoformat(item["date"]),
                source=str(item["source"]),
                what_ar=str(item.get("what_ar", "")),
                where_ar=str(item.get("where_ar", "")),
            )
            for item in document["reports"]
        )
        drift = LineDrift(
            band_m=int(document["band_m"]),
            warn_within_m=int(document["warn_within_m"]),
            confidence=str(document["confidence"]),
            reports=reports,
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise LineDriftError(f"{path.name} cannot be used: {exc!r}.") from None
    if not reports or any(not r.source.strip() for r in reports):
        raise LineDriftError(f"{path.name}: every report needs a source, and there must be one.")
    if drift.confidence not in CONFIDENCE_LEVELS or drift.band_m <= 0:
        raise LineDriftError(f"{path.name}: a positive band_m and a known confidence are needed.")
    return drift
