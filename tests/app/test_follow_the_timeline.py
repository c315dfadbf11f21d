"""Following the timeline of the talks (AppTest): a section of its own under the map, with a
day picker and that day's events; filters, selection from the URL, previous/next, and the
selected event's place marked on the venue inset."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.browser.escaping import escape_text
from dashboard.browser.styles import POINT_STYLES
from dashboard.intake import timeline_data as ev
from dashboard.intake.timeline_data import load_timeline
from dashboard.ui.i18n import format_weekday
from tests.app.conftest import circle_markers, map_components

HIGHLIGHT_FILL = POINT_STYLES["highlight"]["fill_color"]


def event_buttons(at) -> list[str]:
    """The labels of the events listed for the day picked."""
    return [
        b.label
        for b in at.button
        if b.key and b.key.startswith("tl_") and b.key not in ("tl_prev", "tl_next")
    ]


def open_filters(at):
    """Unfold the filters (drawn only while their section is open) and run."""
    at.session_state["tl_filters"] = True
    return at.run()


def pick_day(at, day: dt.date):
    return at.selectbox(key="tl_day").set_value(day).run()


def test_the_timeline_is_a_section_not_the_sidebar(app_test):
    """No event in the sidebar: a day picker over the days with events, the latest day
    picked, its events listed; picking another day lists that day's."""
    at = app_test.run()
    assert not at.exception
    assert not [b for b in at.sidebar.button if b.key and b.key.startswith("tl_")]
    days = ev.group_by_day(load_timeline().events)
    picker = at.selectbox(key="tl_day")
    assert list(picker.options) == [
        f"{format_weekday(day, 'en')} ({len(events)})" for day, events in days.items()
    ]
    latest = list(days)[-1]
    assert picker.value == latest
    assert len(event_buttons(at)) == len(days[latest])
    talks = dt.date(2025, 10, 8)
    pick_day(at, talks)
    assert len(event_buttons(at)) == len(days[talks]) >= 10
    assert any("Rubio hands Trump" in label for label in event_buttons(at))
    # A link near the top of the page jumps to the section.
    assert any('href="#timeline"' in h.proto.body for h in at.get("html"))


def highlighted(feature_group: str) -> list[tuple[float, float]]:
    """Where a map's "selected place" markers stand."""
    return [
        (lat, lon)
        for lat, lon, options in circle_markers(feature_group)
        if options.get("fillColor") == HIGHLIGHT_FILL
    ]


def test_filters_narrow_the_list(app_test):
    at = open_filters(app_test.run())
    everything = list(at.selectbox(key="tl_day").options)
    assert len(everything) >= 25
    at.multiselect(key="tl_actors").set_value(["rubio"]).run()
    # The picker keeps only the days of the events kept, and moves to one of them.
    assert event_buttons(at) == ['Rubio hands Trump a note: "very close"']
    assert len(at.selectbox(key="tl_day").options) == 1
    at.multiselect(key="tl_actors").set_value([]).run()
    at.checkbox(key="tl_context").uncheck().run()
    assert 0 < len(at.selectbox(key="tl_day").options) < len(everything)
    assert not any("Doha" in label for label in event_buttons(at))
    # Folded again, the filters still apply.
    at.session_state["tl_filters"] = False
    at.run()
    assert 0 < len(at.selectbox(key="tl_day").options) < len(everything)


def test_selection_from_the_url_and_next(app_test):
    places = load_timeline().places
    app_test.query_params["event"] = "reply-by-10"
    at = app_test.run()
    assert not at.exception
    headings = [m.value for m in at.markdown if m.value.startswith("####")]
    assert any("Al\\-Hayya agrees to reply by 10 p\\.m\\." in h for h in headings)
    assert any("single source" in w.value for w in at.warning)
    # The event's venue is marked on the inset, labelled with its name; not on the main map.
    main, inset = (m["feature_group"] for m in map_components(at))
    venue = places["conference-centre"]
    assert highlighted(inset) == [(venue.lat, venue.lon)]
    assert escape_text(venue.name) in inset
    assert highlighted(main) == []

    assert at.selectbox(key="tl_day").value == dt.date(2025, 10, 8)  # the event's day
    at.button(key="tl_next").click().run()
    assert (
        at.query_params["event"] == ["move-to-villas"]
        or at.query_params["event"] == "move-to-villas"
    )
    inset = map_components(at)[1]["feature_group"]
    villas = places["four-seasons"]
    assert highlighted(inset) == [(villas.lat, villas.lon)]
    assert escape_text(villas.name) in inset


def test_the_timeline_runs_to_october_2026_and_says_nothing_later_was_found(app_test):
    """The last events found (October 2026) are listed, and a note at the end says that
    nothing later was found, with the day of the last one (from the data)."""
    events = load_timeline().events
    last = events[-1]
    assert last.start.date().isoformat() == "2026-10-08"
    at = app_test.run()
    assert not at.exception
    labels = event_buttons(at)  # the latest day is picked first
    assert any(last.title in label and label.count("★") == 1 for label in labels)
    berm = next(e for e in events if "earth berm" in e.title)
    pick_day(at, berm.start.date())
    assert any("earth berm" in label for label in event_buttons(at))
    notes = [i.value for i in at.info if i.value.startswith("Nothing was found")]
    assert notes == [
        "Nothing was found after 8 Oct 2026, the day of the last event listed. That does not "
        "mean that nothing happened since, nor that the line stands where its last map puts it."
    ]
    # A report seen second-hand says so in the details.
    pick_day(at, last.start.date())
    at.button(key=f"tl_{last.id}").click().run()
    assert any("Seen second-hand" in w.value for w in at.warning)


def test_the_note_is_in_arabic_on_the_arabic_page(app_test):
    app_test.query_params["lang"] = "ar"
    at = app_test.run()
    assert not at.exception
    last = load_timeline().events[-1]
    assert any(last.title_ar in label for label in event_buttons(at))
    (note,) = [i.value for i in at.info if i.value.startswith("لم يُعثر")]
    assert note.startswith("لم يُعثر على شيء بعد 8 أكتوبر 2026")


def test_no_venue_inset_until_an_event_beyond_gaza_is_chosen(app_test):
    at = app_test.run()
    assert len(map_components(at)) == 1, "the main map only"
    app_test.query_params["event"] = "ceasefire-in-effect"  # in Gaza: on the main map
    assert len(map_components(app_test.run())) == 1


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "On 9 Sep 2025 the line did not exist yet"),
        ("ar", "في 9 سبتمبر 2025 لم يكن الخط موجودًا بعد"),
    ],
)
def test_an_event_before_the_first_line_says_the_line_did_not_exist_yet(app_test, lang, said):
    """The Doha strike (9 Sep 2025), chosen in the timeline: the map moves to the first
    line, of 10 Oct 2025, and says that on the event's day there was no line yet; so
    does the link copied then."""
    app_test.query_params["lang"] = lang
    at = pick_day(app_test.run(), dt.date(2025, 9, 9))
    at.button(key="tl_doha-strike").click().run()
    assert not at.exception
    assert at.query_params["at"] in (["2025-10-10"], "2025-10-10")
    notes = [i.value for i in at.info if said in i.value]
    assert len(notes) == 1, [i.value for i in at.info]
    # The next event (9 Oct 2025, before the line too) says it of its own day.
    at.button(key="tl_next").click().run()
    assert not [i.value for i in at.info if said in i.value]
    assert [i.value for i in at.info if "did not exist yet" in i.value or "لم يكن الخط" in i.value]
    # A day on or after the first line: nothing to say.
    at.selectbox(key="tl_day").set_value(dt.date(2025, 10, 10)).run()
    at.button(key="tl_ceasefire-in-effect").click().run()
    assert not [
        i.value for i in at.info if "did not exist yet" in i.value or "لم يكن الخط" in i.value
    ]
