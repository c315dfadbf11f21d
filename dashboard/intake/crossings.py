"""The crossings' status over time (``status_history`` in ``geodata/places_gaza.geojson``),
checked the way the timeline is: a message naming the file and the crossing."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.config import GEODATA_DIR
from dashboard.intake.bundled import PLACES_GAZA_FILE
from dashboard.intake.event_times import _day
from dashboard.intake.timeline_data import EventDataError, _read_json, _require

CROSSING_STATUSES = ("open", "closed", "open for people", "open for goods")


@dataclass(frozen=True)
class StatusWords:
    """How a status history is written in one language (English by default): the
    statuses' names, the two forms of a period (with an end, still in force), the date
    format and the separator between periods."""

    statuses: Mapping[str, str] = field(default_factory=dict)  # a status not listed: as it is
    until: str = "{status} from {start} to {end}"
    since: str = "{status} from {start} (no later change reported)"
    day: Callable[[dt.date], str] = _day
    separator: str = "; "


@dataclass(frozen=True)
class StatusPeriod:
    """One entry of a crossing's ``status_history``: ``status`` from ``start`` (inclusive)
    until ``end`` (exclusive: the day the next status began); ``end`` None when no later
    change was found."""

    start: dt.date
    end: dt.date | None
    status: str
    source: str
    note: str = ""


def _date(value: object, where: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise EventDataError(
            f"{where}: '{field}' {value!r} is not an ISO date (YYYY-MM-DD)."
        ) from None


def status_history(place_properties: Mapping) -> tuple[StatusPeriod, ...]:
    """A crossing's ``status_history`` checked and in order (empty when none is given).

    Accepts the list as written in the GeoJSON, or as a JSON string (what some GDAL
    versions make of a nested property).
    """
    where = f"{PLACES_GAZA_FILE}, {place_properties.get('name', '?')}"
    raw = place_properties.get("status_history")
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return ()
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError:
            raise EventDataError(f"{where}: status_history is not valid JSON.") from None
    if not isinstance(raw, list):
        raise EventDataError(f"{where}: status_history must be a list of periods.")
    periods: list[StatusPeriod] = []
    for i, entry in enumerate(raw, start=1):
        here = f"{where}, status period {i}"
        if not isinstance(entry, Mapping):
            raise EventDataError(f"{here}: must be an object with from, to, status, source.")
        _require(entry, ("from", "to", "status", "source"), here)
        start = _date(entry["from"], here, "from")
        end = None if entry["to"] is None else _date(entry["to"], here, "to")
        if end is not None and end <= start:
            raise EventDataError(f"{here}: 'to' {end} is not after 'from' {start}.")
        if entry["status"] not in CROSSING_STATUSES:
            raise EventDataError(
                f"{here}: status '{entry['status']}' is not one of {', '.join(CROSSING_STATUSES)}."
            )
        if not str(entry["source"]).strip():
            raise EventDataError(f"{here}: the source is empty.")
        if periods and (periods[-1].end is None or start < periods[-1].end):
            raise EventDataError(
                f"{here}: starts before the previous period ends; "
                "list the periods in order, without overlap."
            )
        periods.append(
            StatusPeriod(start, end, entry["status"], entry["source"], entry.get("note", ""))
        )
    return tuple(periods)


def crossing_status(place_properties: Mapping, when: dt.date) -> str | None:
    """The reported status of a crossing on day ``when``, or None when nothing was
    reported for that day."""
    day = when.date() if isinstance(when, dt.datetime) else when
    for period in status_history(place_properties):
        if period.start <= day and (period.end is None or day < period.end):
            return period.status
    return None


def describe_status_history(place_properties: Mapping, words: StatusWords | None = None) -> str:
    """The history in words, for a details panel ("" when none is given); in English
    unless ``words`` says how another language writes it."""
    words = words or StatusWords()
    parts = []
    for period in status_history(place_properties):
        status = words.statuses.get(period.status, period.status)
        start = words.day(period.start)
        if period.end:
            parts.append(words.until.format(status=status, start=start, end=words.day(period.end)))
        else:
            parts.append(words.since.format(status=status, start=start))
    return words.separator.join(parts)


def load_crossing_histories(
    path: Path = GEODATA_DIR / PLACES_GAZA_FILE,
) -> dict[str, tuple[StatusPeriod, ...]]:
    """Every crossing of the bundled places by name, with its checked status history."""
    return {
        props.get("name", "?"): status_history(props)
        for props in (f.get("properties") or {} for f in _read_json(path).get("features", []))
        if props.get("kind") == "crossing"
    }
