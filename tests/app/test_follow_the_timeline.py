"""Following the timeline of the talks (AppTest): filters, selection from the URL,
previous/next, and the selected event's place marked on the venue inset."""

from __future__ import annotations

from dashboard.browser.escaping import escape_text
from dashboard.browser.styles import POINT_STYLES
from dashboard.intake.timeline_data import load_timeline
from tests.app.conftest import circle_markers, map_components

HIGHLIGHT_FILL = POINT_STYLES["highlight"]["fill_color"]


def event_buttons(at) -> list[str]:
    return [
        b.label
        for b in at.sidebar.button
        if b.key and b.key.startswith("tl_") and b.key not in ("tl_prev", "tl_next")
    ]


def highlighted(feature_group: str) -> list[tuple[float, float]]:
    """Where a map's "selected place" markers stand."""
    return [
        (lat, lon)
        for lat, lon, options in circle_markers(feature_group)
        if options.get("fillColor") == HIGHLIGHT_FILL
    ]


def test_filters_narrow_the_list(app_test):
    at = app_test.run()
    everything = event_buttons(at)
    assert len(everything) >= 25
    at.sidebar.multiselect(key="tl_actors").set_value(["rubio"]).run()
    assert event_buttons(at) == ['Rubio hands Trump a note: "very close"']
    at.sidebar.multiselect(key="tl_actors").set_value([]).run()
    at.sidebar.checkbox(key="tl_context").uncheck().run()
    assert 0 < len(event_buttons(at)) < len(everything)
    assert not any("Doha" in label for label in event_buttons(at))


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

    at.sidebar.button(key="tl_next").click().run()
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
    labels = event_buttons(at)
    assert any(last.title in label and label.count("★") == 1 for label in labels)
    assert any("earth berm" in label for label in labels)
    notes = [i.value for i in at.sidebar.info]
    assert notes == [
        "Nothing was found after 8 Oct 2026, the day of the last event listed. That does not "
        "mean that nothing happened since, nor that the line stands where its last map puts it."
    ]
    # A report seen second-hand says so in the details.
    at.sidebar.button(key=f"tl_{last.id}").click().run()
    assert any("Seen second-hand" in w.value for w in at.warning)


def test_the_note_is_in_arabic_on_the_arabic_page(app_test):
    app_test.query_params["lang"] = "ar"
    at = app_test.run()
    assert not at.exception
    last = load_timeline().events[-1]
    assert any(last.title_ar in label for label in event_buttons(at))
    (note,) = [i.value for i in at.sidebar.info]
    assert note.startswith("لم يُعثر على شيء بعد 8 أكتوبر 2026")
