"""dashboard.intake.timeline_data: every event valid, known actors, existing places."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dashboard.intake import timeline_data as ev


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
    assert {"reply-by-10", "move-to-villas", "signing", "speakerphone"} <= flagged
    for event_id in flagged:
        event = next(e for e in timeline.events if e.id == event_id)
        assert "As reported by the New York Times" in event.description
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


def test_format_time_shows_precision(timeline):
    by_id = {e.id: e for e in timeline.events}
    assert ev.format_time(by_id["ceasefire-in-effect"]) == "10 Oct, 12:00 (UTC+3)"
    assert ev.format_time(by_id["signing"]) == "9 Oct, ≈ 01:00 (UTC+3)"
    assert ev.format_time(by_id["wh-plan"]) == "29 Sep (time not reported)"
    assert ev.format_clock(by_id["signing"]) == "≈ 01:00"
    assert ev.format_clock(by_id["wh-plan"]) == ""


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
    ],
)
def test_invalid_data_is_refused_with_the_event_id(tmp_path, change, message):
    write_timeline(tmp_path, change)
    with pytest.raises(ev.EventDataError) as info:
        ev.load_timeline(tmp_path)
    assert "events.json, event e1" in str(info.value)
    assert message in str(info.value)
