"""The timeline in the page (AppTest): filters, selection from the URL, previous/next."""

from __future__ import annotations


def event_buttons(at) -> list[str]:
    return [
        b.label
        for b in at.sidebar.button
        if b.key and b.key.startswith("tl_") and b.key not in ("tl_prev", "tl_next")
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
    app_test.query_params["event"] = "reply-by-10"
    at = app_test.run()
    assert not at.exception
    headings = [m.value for m in at.markdown if m.value.startswith("####")]
    assert any("Al\\-Hayya agrees to reply by 10 p\\.m\\." in h for h in headings)
    assert any("single source" in w.value for w in at.warning)
    at.sidebar.button(key="tl_next").click().run()
    assert (
        at.query_params["event"] == ["move-to-villas"]
        or at.query_params["event"] == "move-to-villas"
    )
