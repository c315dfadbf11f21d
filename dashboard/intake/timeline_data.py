"""The timeline: events, people and places read from ``geodata/`` and checked (the
crossings' status over time is in :mod:`dashboard.intake.crossings`).

Covers the talks of October 2025 and what followed through 2026 (the line's maps, marking
and moves, the crossings, the diplomacy). Knows nothing of Streamlit. Times are
timezone-aware, in the local offset where the event happened; ``precision`` says how much
of the date and time was reported.

Texts come in English (an event's ``title`` and ``description``, a person's ``name`` and
``role``, a place's ``name``) and may have a translation beside them, named by the
language's code (``title_ar``, ``name_ar`` ...): ``Event.title_for("ar")`` (or
``Place.name_for``...) gives it, or the English text when the translation is missing.
How the events' dates and times are written is in :mod:`dashboard.intake.event_times`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dashboard.config import GEODATA_DIR
from dashboard.intake.bundled import EVENTS_FILE, PEOPLE_FILE, PLACES_FILE

# exact / approximate: the day and the clock time (≈) were reported; day-only: the day;
# around: about that day; month: only the month or part of it ("mid-March");
# period: some time between ``start`` and ``end``.
PRECISIONS = ("exact", "approximate", "day-only", "around", "month", "period")
CATEGORIES = (
    "negotiation",
    "diplomacy",
    "military",
    "announcement",
    "humanitarian",
    "line",
    "context",
)
SIDES = ("United States", "Israel", "Hamas", "Egypt", "Qatar", "Turkey", "Other")
REGIONS = ("sharm", "gaza", "doha", "washington", "other")
PLACE_KINDS = ("venue", "airport", "city", "crossing", "area", "other")
# How a report was seen, where the research marked it: A, a major outlet or a primary
# document read directly; B, a major outlet seen second-hand (through an aggregator, a mirror
# or a digest), shown like a single-source claim. A lead (C) is not a fact: it stays out.
RELIABILITIES = ("A", "B")
SECOND_HAND = "B"
# A zone version id: the date of the map or report that brought it in, and a short name.
VERSION_ID = re.compile(r"(\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*")
VERSION_EXAMPLE = "2025-10-19-idf-map"


# The languages the data's texts may be translated into (``<field>_<code>``).
TRANSLATED_LANGUAGES = ("ar",)
EVENT_TEXTS = ("title", "description")
PERSON_TEXTS = ("name", "role")
PLACE_TEXTS = ("name",)


class EventDataError(ValueError):
    """The timeline data breaks its contract; the message names the file and the item."""


def _in_language(item: object, field: str, lang: str) -> str:
    """``item``'s ``field`` in language ``lang`` (its ``<field>_<lang>``), else in English."""
    translated = getattr(item, f"{field}_{lang}", "") if lang != "en" else ""
    return translated or getattr(item, field)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str
    side: str
    name_ar: str = ""  # "": not translated (the English name is shown)
    role_ar: str = ""

    def name_for(self, lang: str) -> str:
        """The name in language ``lang``, else in English."""
        return _in_language(self, "name", lang)

    def role_for(self, lang: str) -> str:
        """The role in language ``lang``, else in English."""
        return _in_language(self, "role", lang)


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    kind: str
    region: str
    lat: float
    lon: float
    description: str
    source: str
    confidence: str
    located: bool
    name_ar: str = ""  # "": not translated (the English name is shown)

    def name_for(self, lang: str) -> str:
        """The name in language ``lang``, else in English."""
        return _in_language(self, "name", lang)


@dataclass(frozen=True)
class Event:
    id: str
    start: dt.datetime
    precision: str
    title: str
    description: str
    actors: tuple[str, ...]
    place: str | None
    category: str
    context: bool
    single_source: bool
    source: str
    end: dt.datetime | None = None  # only for precision "period"
    version: str | None = None  # the zone version the event brought in, if any
    reliability: str | None = None  # one of RELIABILITIES, where the research marked it
    title_ar: str = ""  # "": not translated (the English text is shown)
    description_ar: str = ""

    def title_for(self, lang: str) -> str:
        """The title in language ``lang``, else in English."""
        return _in_language(self, "title", lang)

    def description_for(self, lang: str) -> str:
        """The description in language ``lang``, else in English."""
        return _in_language(self, "description", lang)


@dataclass(frozen=True)
class Timeline:
    """Events in chronological order, with the people and places they refer to."""

    events: tuple[Event, ...]
    people: dict[str, Person]
    places: dict[str, Place]


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EventDataError(f"{path.name}: cannot be read ({exc}).") from None


def _require(item: dict, keys: Iterable[str], where: str) -> None:
    missing = [k for k in keys if k not in item]
    if missing:
        raise EventDataError(f"{where}: missing {', '.join(missing)}.")


def _translations(item: dict, fields: Iterable[str], where: str) -> dict[str, str]:
    """The translations of ``fields`` in ``item`` (``title_ar`` ...), checked: each a text;
    a missing or blank one is left out (the English text stands in for it)."""
    found: dict[str, str] = {}
    for field in fields:
        for lang in TRANSLATED_LANGUAGES:
            key = f"{field}_{lang}"
            value = item.get(key)
            if value is None:
                continue
            if not isinstance(value, str):
                raise EventDataError(f"{where}: {key} must be a text, not {value!r}.")
            if value.strip():
                found[key] = value.strip()
    return found


def load_people(path: Path = GEODATA_DIR / PEOPLE_FILE) -> dict[str, Person]:
    """The glossary of people, keyed by id."""
    people: dict[str, Person] = {}
    for item in _read_json(path).get("people", []):
        where = f"{path.name}, person {item.get('id', '?')}"
        _require(item, ("id", "name", "role", "side"), where)
        if item["side"] not in SIDES:
            raise EventDataError(
                f"{where}: side '{item['side']}' is not one of {', '.join(SIDES)}."
            )
        if item["id"] in people:
            raise EventDataError(f"{where}: duplicate id.")
        people[item["id"]] = Person(
            item["id"],
            item["name"],
            item["role"],
            item["side"],
            **_translations(item, PERSON_TEXTS, where),
        )
    return people


def load_places(path: Path = GEODATA_DIR / PLACES_FILE) -> dict[str, Place]:
    """The places events happened at (GeoJSON points), keyed by id."""
    places: dict[str, Place] = {}
    for feature in _read_json(path).get("features", []):
        props = feature.get("properties") or {}
        where = f"{path.name}, place {props.get('id', '?')}"
        _require(props, ("id", "name", "kind", "region", "source", "confidence"), where)
        geometry = feature.get("geometry") or {}
        if geometry.get("type") != "Point":
            raise EventDataError(f"{where}: a place must be a Point.")
        lon, lat = geometry["coordinates"][:2]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise EventDataError(f"{where}: coordinates {lon}, {lat} are not longitude/latitude.")
        if props["region"] not in REGIONS:
            raise EventDataError(f"{where}: region '{props['region']}' is not one of {REGIONS}.")
        if props["kind"] not in PLACE_KINDS:
            raise EventDataError(
                f"{where}: kind '{props['kind']}' is not one of {', '.join(PLACE_KINDS)}."
            )
        if props["id"] in places:
            raise EventDataError(f"{where}: duplicate id.")
        places[props["id"]] = Place(
            id=props["id"],
            name=props["name"],
            kind=props["kind"],
            region=props["region"],
            lat=float(lat),
            lon=float(lon),
            description=props.get("description", ""),
            source=props["source"],
            confidence=props["confidence"],
            located=bool(props.get("located", True)),
            **_translations(props, PLACE_TEXTS, where),
        )
    return places


def _parse_time(value: object, where: str, field: str = "start") -> dt.datetime:
    try:
        start = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise EventDataError(f"{where}: {field} '{value}' is not an ISO 8601 date-time.") from None
    if start.tzinfo is None:
        raise EventDataError(f"{where}: {field} '{value}' has no UTC offset (e.g. +03:00).")
    return start


def version_problem(value: object) -> str | None:
    """Why ``value`` is not a zone version id (``YYYY-MM-DD-short-name``), or None."""
    match = VERSION_ID.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return (
            f"version '{value}' is not a zone version id of the form "
            f"YYYY-MM-DD-short-name (e.g. {VERSION_EXAMPLE})"
        )
    try:
        dt.date.fromisoformat(match.group(1))
    except ValueError:
        return f"version '{value}' does not start with a real date"
    return None


def _end(item: dict, start: dt.datetime, where: str) -> dt.datetime | None:
    """The end of a "period" event; no other precision may have one."""
    if item["precision"] != "period":
        if item.get("end") is not None:
            raise EventDataError(
                f"{where}: only an event of precision 'period' has an end; "
                f"this one is '{item['precision']}'."
            )
        return None
    if item.get("end") is None:
        raise EventDataError(f"{where}: an event of precision 'period' needs an end.")
    end = _parse_time(item["end"], where, "end")
    if end < start:
        raise EventDataError(f"{where}: the end {item['end']} is before the start.")
    return end


def _reliability(item: dict, where: str) -> str | None:
    """The event's reliability mark, checked: a second-hand report must be flagged
    ``single_source`` too, since the page marks it the same way (★)."""
    mark = item.get("reliability")
    if mark is None:
        return None
    if mark not in RELIABILITIES:
        raise EventDataError(
            f"{where}: reliability '{mark}' is not one of {', '.join(RELIABILITIES)} "
            "(a lead that is not confirmed does not belong in the timeline)."
        )
    if mark == SECOND_HAND and not item.get("single_source"):
        raise EventDataError(
            f"{where}: a report seen second-hand (reliability {SECOND_HAND}) must also be "
            "marked single_source: true."
        )
    return mark


def load_events(
    path: Path = GEODATA_DIR / EVENTS_FILE,
    *,
    people: dict[str, Person],
    places: dict[str, Place],
) -> tuple[Event, ...]:
    """Events checked against the glossary and the places, in chronological order."""
    events: list[Event] = []
    seen: set[str] = set()
    keys = (
        "id",
        "start",
        "precision",
        "title",
        "description",
        "actors",
        "place",
        "category",
        "source",
    )
    for item in _read_json(path).get("events", []):
        where = f"{path.name}, event {item.get('id', '?')}"
        _require(item, keys, where)
        if item["id"] in seen:
            raise EventDataError(f"{where}: duplicate id.")
        seen.add(item["id"])
        start = _parse_time(item["start"], where)
        if item["precision"] not in PRECISIONS:
            raise EventDataError(
                f"{where}: precision '{item['precision']}' is not one of {PRECISIONS}."
            )
        if item["category"] not in CATEGORIES:
            raise EventDataError(
                f"{where}: category '{item['category']}' is not one of {CATEGORIES}."
            )
        unknown = [a for a in item["actors"] if a not in people]
        if unknown:
            raise EventDataError(
                f"{where}: unknown actor(s) {', '.join(unknown)}; add them to {PEOPLE_FILE}."
            )
        if item["place"] is not None and item["place"] not in places:
            raise EventDataError(
                f"{where}: unknown place '{item['place']}'; add it to {PLACES_FILE}."
            )
        if not str(item["source"]).strip():
            raise EventDataError(f"{where}: the source is empty.")
        end = _end(item, start, where)
        version = item.get("version")
        if version is not None and (problem := version_problem(version)):
            raise EventDataError(f"{where}: {problem}.")
        events.append(
            Event(
                id=item["id"],
                start=start,
                precision=item["precision"],
                title=item["title"],
                description=item["description"],
                actors=tuple(item["actors"]),
                place=item["place"],
                category=item["category"],
                context=bool(item.get("context", False)),
                single_source=bool(item.get("single_source", False)),
                source=item["source"],
                end=end,
                version=version,
                reliability=_reliability(item, where),
                **_translations(item, EVENT_TEXTS, where),
            )
        )
    return tuple(sorted(events, key=lambda e: e.start))


def load_timeline(directory: Path = GEODATA_DIR) -> Timeline:
    """Read and check the three files of the timeline."""
    people = load_people(directory / PEOPLE_FILE)
    places = load_places(directory / PLACES_FILE)
    events = load_events(directory / EVENTS_FILE, people=people, places=places)
    return Timeline(events, people, places)


def group_by_day(events: Iterable[Event]) -> dict[dt.date, list[Event]]:
    """Events by the local date where they happened, in order."""
    days: dict[dt.date, list[Event]] = {}
    for event in sorted(events, key=lambda e: e.start):
        days.setdefault(event.start.date(), []).append(event)
    return days


def last_day(events: Iterable[Event]) -> dt.date | None:
    """The local day of the latest event found (a period's last day), or None."""
    return max(((e.end or e.start).date() for e in events), default=None)


def filter_events(
    events: Iterable[Event],
    *,
    days: set[dt.date] | None = None,
    actors: set[str] | None = None,
    categories: set[str] | None = None,
    include_context: bool = True,
) -> list[Event]:
    """The events matching every given filter (None: no filter on that)."""
    return [
        e
        for e in events
        if (days is None or e.start.date() in days)
        and (actors is None or actors.intersection(e.actors))
        and (categories is None or e.category in categories)
        and (include_context or not e.context)
    ]


def neighbours(events: Sequence[Event], event_id: str | None) -> tuple[str | None, str | None]:
    """Ids of the events before and after ``event_id`` in ``events`` (first one if None)."""
    ids = [e.id for e in events]
    if not ids:
        return None, None
    if event_id not in ids:
        return None, ids[0]
    i = ids.index(event_id)
    return (ids[i - 1] if i > 0 else None), (ids[i + 1] if i + 1 < len(ids) else None)


def place_view(place: Place) -> str:
    """Which map shows a place: ``"main"`` for Gaza, ``"inset"`` for everything else."""
    return "main" if place.region == "gaza" else "inset"
