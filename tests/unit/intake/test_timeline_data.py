"""dashboard.intake.timeline_data: every event valid, known actors, existing places;
the timeline through 2026; the crossings' status over time."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dashboard.config import GEODATA_DIR
from dashboard.intake import timeline_data as ev

SUMMIT_DAY = dt.date(2025, 10, 13)


@pytest.fixture(scope="module")
def timeline() -> ev.Timeline:
    return ev.load_timeline()


def test_every_event_is_valid(timeline):
    assert len(timeline.events) >= 25
    ids = [e.id for e in timeline.events]
    assert len(ids) == len(set(ids))
    for event in timeline.events:
        assert event.start.utcoffset() is not None, event.id
        assert event.precision in ev.PRECISIONS
        assert event.category in ev.CATEGORIES
        assert all(a in timeline.people for a in event.actors), event.id
        assert event.place is None or event.place in timeline.places, event.id
        assert len(event.source) > 10, event.id
        assert event.title and event.description


def test_local_offsets(timeline):
    offsets = {
        e.start.utcoffset() for e in timeline.events if e.place in ("four-seasons", "airport")
    }
    assert offsets == {dt.timedelta(hours=3)}  # Sharm el-Sheikh, October 2025
    rubio = next(e for e in timeline.events if e.id == "rubio-note")
    assert rubio.start.utcoffset() == dt.timedelta(hours=-4)  # Washington, EDT


def test_single_source_statements_are_flagged(timeline):
    flagged = {e.id for e in timeline.events if e.single_source}
    nyt = {"reply-by-10", "move-to-villas", "signing", "speakerphone"}
    assert nyt <= flagged
    for event in timeline.events:
        if event.id in nyt:
            assert "As reported by the New York Times" in event.description
        elif event.single_source:
            assert "As reported by" in event.description, event.id
    big_day = next(e for e in timeline.events if e.id == "big-day-video")
    assert big_day.start.date() == dt.date(2025, 10, 3) and not big_day.single_source


def test_sequence_of_the_night_as_reported(timeline):
    order = [e.id for e in timeline.events]
    sequence = [
        "envoys-land",
        "within-reach",
        "hayya-consults",
        "qatar-aide",
        "reply-by-10",
        "move-to-villas",
        "four-seasons-meeting",
        "relay-to-wh",
        "signing",
        "speakerphone",
    ]
    assert [order.index(s) for s in sequence] == sorted(order.index(s) for s in sequence)
    context = {e.id for e in timeline.events if e.context}
    assert {"doha-strike", "wh-plan", "ceasefire-in-effect", "exchange", "summit"} <= context


def test_places_and_sources(timeline):
    fs = timeline.places["four-seasons"]
    assert (fs.lat, fs.lon) == (27.9563, 34.3936) and fs.region == "sharm"
    assert timeline.places["airport"].confidence == "high"
    venue = timeline.places["conference-centre"]
    assert not venue.located and "not named" in venue.name
    assert ev.place_view(timeline.places["gaza-strip"]) == "main"
    assert ev.place_view(fs) == "inset"


def test_group_filter_and_neighbours(timeline):
    days = ev.group_by_day(timeline.events)
    assert dt.date(2025, 10, 8) in days and dt.date(2025, 10, 9) in days
    hayya = ev.filter_events(timeline.events, actors={"al-hayya"})
    assert hayya and all("al-hayya" in e.actors for e in hayya)
    no_context = ev.filter_events(timeline.events, include_context=False)
    assert not any(e.context for e in no_context)
    one_day = ev.filter_events(timeline.events, days={dt.date(2025, 10, 9)})
    assert {e.start.date() for e in one_day} == {dt.date(2025, 10, 9)}
    ids = [e.id for e in timeline.events]
    assert ev.neighbours(timeline.events, ids[1]) == (ids[0], ids[2])
    assert ev.neighbours(timeline.events, None) == (None, ids[0])
    assert ev.neighbours(timeline.events, ids[-1])[1] is None


def write_timeline(tmp_path, event: dict) -> None:
    (tmp_path / "people.json").write_text(
        json.dumps({"people": [{"id": "a", "name": "A", "role": "r", "side": "Egypt"}]})
    )
    (tmp_path / "places.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": []})
    )
    base = {
        "id": "e1",
        "start": "2025-10-08T10:00:00+03:00",
        "precision": "exact",
        "title": "t",
        "description": "d",
        "actors": ["a"],
        "place": None,
        "category": "negotiation",
        "source": "somewhere, 2025",
    }
    (tmp_path / "events.json").write_text(json.dumps({"events": [{**base, **event}]}))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start": "8 October"}, "not an ISO 8601 date-time"),
        ({"start": "2025-10-08T10:00:00"}, "has no UTC offset"),
        ({"actors": ["nobody"]}, "unknown actor(s) nobody"),
        ({"place": "atlantis"}, "unknown place 'atlantis'"),
        ({"category": "gossip"}, "category 'gossip'"),
        ({"precision": "roughly"}, "precision 'roughly'"),
        ({"precision": "period"}, "needs an end"),
        ({"end": "2025-10-09T10:00:00+03:00"}, "only an event of precision 'period'"),
        (
            {"precision": "period", "end": "2025-10-07T10:00:00+03:00"},
            "is before the start",
        ),
        ({"precision": "period", "end": "9 October"}, "end '9 October' is not an ISO"),
        ({"version": "idf map"}, "version 'idf map' is not a zone version id"),
        ({"reliability": "C"}, "reliability 'C' is not one of A, B"),
        ({"reliability": "B"}, "must also be marked single_source: true"),
    ],
)
def test_invalid_data_is_refused_with_the_event_id(tmp_path, change, message):
    write_timeline(tmp_path, change)
    with pytest.raises(ev.EventDataError) as info:
        ev.load_timeline(tmp_path)
    assert "events.json, event e1" in str(info.value)
    assert message in str(info.value)


# -- The timeline through 2026 ------------------------------------------------------------


def test_bundled_files_list_events_in_order(timeline):
    """The file is written in chronological order, as the loader returns it."""
    written = json.loads((GEODATA_DIR / "events.json").read_text(encoding="utf-8"))["events"]
    starts = [dt.datetime.fromisoformat(e["start"]) for e in written]
    assert starts == sorted(starts)
    assert [e.id for e in timeline.events] == [e["id"] for e in written]


def test_the_timeline_runs_through_2026(timeline):
    later = [e for e in timeline.events if e.start.date() > SUMMIT_DAY]
    assert len(later) >= 20
    assert max(e.start for e in timeline.events).year == 2026
    for event in later:
        # Every later event cites an outlet and a date; the UI shows it as the source.
        assert len(event.source.strip()) > 10, event.id
        assert any(str(year) in event.source for year in (2025, 2026)), event.id
    by_id = {e.id: e for e in timeline.events}
    for event_id, place in [
        ("idf-yellow-line-map", "gaza-strip"),
        ("zikim-reopens", "zikim"),
        ("rafah-reopens", "rafah-crossing"),
        ("east-gaza-city-move", "east-gaza-city"),
        ("jabalia-camp-line", "jabalia"),
        ("bani-suhaila-blocks", "bani-suhaila"),
    ]:
        assert by_id[event_id].place == place
        assert ev.place_view(timeline.places[place]) == "main"
    assert {"line"} <= {e.category for e in later}


# The reports of June to October 2026 (reference: line-history.md), each with its mark.
JUNE_TO_OCTOBER = {
    "ocha-line-expanded": "B",  # the line deepened and hardened
    "cbc-60-percent": "B",
    "gisha-40-outposts": "B",
    "idf-60-percent": "B",
    "hamas-civil-authority": "B",
    "earth-berm": "B",
    "isf-pilot": "B",  # the stabilization force's pilot
    "disarmament-framework": "B",
    "bop-no-withdrawal": "B",
    "netanyahu-no-redeployment": "B",
    "kite-evacuation-threat": "B",
    "zawaida-warning-strike": "B",  # the strikes
    "kosovo-signs": "B",
    "kerem-shalom-yom-kippur": "B",
    "recovery-plan": "B",
    "nasr-strike": "B",
    "shares-early-october": "B",
}
EARLIER_2026 = {
    "bani-suhaila-leaflets": "B",
    "zeitoun-warning": "A",
    "crossings-closed": "A",
    "kerem-shalom-reopens": "A",
    "indonesia-suspends": "A",
    "rafah-reopens-march": "B",
}


def test_the_2026_reports_load_with_their_sources_and_reliability(timeline):
    """Each report added from the 2026 research carries its mark; one seen second-hand (B)
    is flagged as the timeline flags a single source (★), and says whose report it is."""
    by_id = {e.id: e for e in timeline.events}
    for event_id, mark in {**JUNE_TO_OCTOBER, **EARLIER_2026}.items():
        event = by_id[event_id]
        assert event.reliability == mark, event_id
        assert event.single_source is (mark == "B"), event_id
        assert "2026" in event.source and len(event.source) > 20, event_id
        assert event.start.year == 2026 and event.context, event_id
        if mark == "B":
            assert event.description.startswith("As reported by"), event_id
    for event_id in JUNE_TO_OCTOBER:
        assert dt.date(2026, 6, 1) <= by_id[event_id].start.date() <= dt.date(2026, 10, 31)
    # Addresses are kept where they were given.
    assert "https://truthout.org/" in by_id["crossings-closed"].source
    assert by_id["kerem-shalom-reopens"].place == "kerem-shalom"
    assert by_id["nasr-strike"].place == "gaza-city"
    assert not timeline.places["gaza-city"].located  # the Nasr area was not located


def test_the_last_event_found_is_of_early_october_2026(timeline):
    """The page's "nothing found after" note takes its day from the data."""
    last = ev.last_day(timeline.events)
    assert last == dt.date(2026, 10, 8)
    assert timeline.events[-1].id == "shares-early-october"
    assert timeline.events[-1].precision == "around"
    assert ev.last_day(()) is None


def test_the_last_day_of_a_period_counts(tmp_path):
    write_timeline(
        tmp_path, {"precision": "period", "end": "2025-10-12T10:00:00+03:00", "reliability": "A"}
    )
    events = ev.load_timeline(tmp_path).events
    assert ev.last_day(events) == dt.date(2025, 10, 12)
    assert events[0].reliability == "A"


def test_periods_end_after_they_start(timeline):
    for event in timeline.events:
        assert (event.end is not None) == (event.precision == "period"), event.id
        if event.end is not None:
            assert event.end >= event.start, event.id


def test_version_ids_name_bundled_zone_versions_in_force_that_day(timeline):
    from dashboard.intake.bundled import load_zone_versions
    from dashboard.zones.series import versions as zone_versions

    known = {v.id: v for v in zone_versions(load_zone_versions())}
    linked = {e.id: e.version for e in timeline.events if e.version}
    for event in timeline.events:
        if event.version:
            assert ev.version_problem(event.version) is None, event.id
            version = known.get(event.version)
            assert version is not None, f"{event.id}: no zone version {event.version}"
            # The version it brought in: in force that day, or drawn from it within weeks
            # (a report comes before the map is redrawn); a plan's is its publication.
            day = event.start.date()
            soon = 0 <= (version.valid_from - day).days <= 31
            assert version.planned or version.in_force(day) or soon, event.id
    assert linked["ceasefire-in-effect"] == "2025-10-10-first-withdrawal"
    assert linked["idf-yellow-line-map"] == "2025-10-19-idf-map"
    assert linked["wh-plan"] == "2025-09-29-plan-phase-1"


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2025-10-19-idf-map", True),
        ("2026-04-29-orange-line", True),
        ("2025-13-01-bad-month", False),
        ("2025-10-19", False),
        ("idf-map", False),
        ("2025-10-19-IDF map", False),
        (20251019, False),
    ],
)
def test_version_problem(value, ok):
    assert (ev.version_problem(value) is None) is ok


# -- The texts in Arabic --------------------------------------------------------------------

ARABIC = ("\u0600", "\u06ff")


def has_arabic(text: str) -> bool:
    return any(ARABIC[0] <= char <= ARABIC[1] for char in text)


def test_every_bundled_event_and_person_has_its_arabic_text(timeline):
    for event in timeline.events:
        assert has_arabic(event.title_ar) and has_arabic(event.description_ar), event.id
        assert event.title_for("ar") == event.title_ar
        assert event.description_for("ar") == event.description_ar
        assert event.title_for("en") == event.title
    for person in timeline.people.values():
        assert has_arabic(person.name_ar) and has_arabic(person.role_ar), person.id
        assert person.name_for("ar") == person.name_ar and person.name_for("en") == person.name


def test_every_bundled_place_has_its_arabic_name(timeline):
    """Every place of the timeline is named in Arabic (the inset's heading and labels, the
    event's place line, the highlight on the maps); the English stays its ``name``."""
    for place in timeline.places.values():
        assert has_arabic(place.name_ar), place.id
        assert place.name_for("ar") == place.name_ar and place.name_for("en") == place.name
    assert timeline.places["doha"].name_for("ar") == "الدوحة"
    assert timeline.places["gaza-strip"].name_for("ar") == "قطاع غزة"


def test_a_place_without_its_arabic_name_is_named_in_english(tmp_path):
    write_timeline(tmp_path, {"place": "p1"})
    point = {"type": "Point", "coordinates": [34.3, 27.9]}
    props = {"id": "p1", "name": "Somewhere", "kind": "venue", "region": "sharm"}
    props.update({"source": "s", "confidence": "low", "name_ar": " "})
    feature = {"type": "Feature", "properties": props, "geometry": point}
    (tmp_path / "places.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": [feature]})
    )
    place = ev.load_timeline(tmp_path).places["p1"]
    assert place.name_for("ar") == "Somewhere"  # blank: the English name, no error
    feature["properties"]["name_ar"] = 7
    (tmp_path / "places.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": [feature]})
    )
    with pytest.raises(ev.EventDataError, match="place p1: name_ar must be a text"):
        ev.load_timeline(tmp_path)


def test_the_arabic_keeps_the_single_source_attribution(timeline):
    """'As reported by …' stays attributed: the Arabic says it was reported (بحسب ما أورد…)."""
    for event in timeline.events:
        if event.description.startswith("As reported by"):
            assert event.description_ar.startswith("بحسب ما أورد"), event.id


def test_a_missing_translation_falls_back_to_english(tmp_path):
    write_timeline(tmp_path, {"title_ar": "  ", "description_ar": "وصف"})
    (event,) = ev.load_timeline(tmp_path).events
    assert event.title_for("ar") == "t"  # blank: the English title, no error
    assert event.description_for("ar") == "وصف"
    assert event.title_for("fr") == "t"  # a language with no translation at all
    person = ev.load_timeline(tmp_path).people["a"]
    assert person.name_for("ar") == person.name


def test_a_translation_that_is_no_text_is_refused(tmp_path):
    write_timeline(tmp_path, {"title_ar": ["عنوان"]})
    with pytest.raises(ev.EventDataError, match="events.json, event e1: title_ar must be a text"):
        ev.load_timeline(tmp_path)
