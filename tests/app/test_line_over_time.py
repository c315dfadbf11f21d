"""The line over time on the page (AppTest): dates from the address, plan phases."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.intake.bundled import load_zone_versions
from dashboard.intake.reported_shares import load_reported_shares
from dashboard.zones import currency, series
from tests.app.conftest import map_components


def test_a_plan_phase_can_be_shown_and_is_in_the_address(app_test):
    at = app_test.run()
    at.selectbox(key="zone_track").set_value("plan-phase-2").run()
    assert not at.exception
    assert at.query_params.get("plan") == "plan-phase-2"
    assert "at" not in at.query_params
    assert any("planned" in c.value for c in at.caption)
    table = next(d.value for d in at.table if "Share of the Strip (%)" in d.value.columns)
    held = table.loc[table["Category"] != table["Category"].iloc[1], "Share of the Strip (%)"]
    assert 30 <= held.sum() <= 45  # phase 2 leaves about 37 % on the Israeli side


def test_a_date_before_the_first_version_gets_a_message_and_the_latest(app_test):
    at = app_test
    at.query_params["at"] = "2024-01-01"
    at.run()
    assert not at.exception
    assert any("No zones are drawn before 10 Oct 2025" in w.value for w in at.warning)
    assert any("In force on 10 Oct 2025" in c.value for c in at.caption)
    at.run()  # a later run (a first visit's page is drawn twice): still said
    assert any("No zones are drawn before 10 Oct 2025" in w.value for w in at.warning)
    # Another date: nothing left to say.
    at.select_slider(key="zone_date").set_value(dt.date(2025, 10, 19)).run()
    assert not any("No zones are drawn before" in w.value for w in at.warning)


def test_a_long_date_in_the_address_is_quoted_shortened(app_test):
    at = app_test
    at.query_params["at"] = "2025-10-19 " + "Your session expired; call +1 555 0100. " * 8
    at.run()
    assert not at.exception
    warning = next(w.value for w in at.warning if "is not a date" in w.value)
    assert "\u2026" in warning and "0100" not in warning


def _today_caption_and_notice(at) -> tuple[str, str]:
    """What says which version is in force (the caption under the date control, or the
    "last mapped" notice in its place) and the notice ("" when there is none), as read
    (the Markdown's escapes taken out)."""
    notices = [w.value.replace("\\", "") for w in at.warning if "Last mapped" in w.value]
    captions = [c.value.replace("\\", "") for c in at.caption if "In force on" in c.value]
    notice = notices[0] if notices else ""
    return (captions[0] if captions else notice), notice


def _expected_note(day: dt.date) -> tuple[series.Version, str | None]:
    """The version in force on ``day`` and its note, from the core (as the page must say)."""
    zones = load_zone_versions()
    version = series.version_at(zones, day)
    note = currency.last_mapped(version, day, series.versions(zones), load_reported_shares())
    return version, currency.note_text(note)


@pytest.mark.parametrize("address", [None, "today"])
def test_the_page_opens_on_today_with_the_last_mapped_notice(app_test, address):
    """By default and with ?at= today: today's date, its version, and (the version being
    older than 30 days) the notice above the map with the reported range."""
    today = dt.date.today()
    at = app_test
    if address:
        at.query_params["at"] = today.isoformat()
    at.run()
    assert not at.exception
    assert at.select_slider(key="zone_date").value == today
    assert at.query_params.get("at") == today.isoformat()
    version, note = _expected_note(today)
    caption, notice = _today_caption_and_notice(at)
    assert f"In force on {format_english(today)}" in caption
    assert version.label in caption
    assert "still in force" not in caption
    if note is None and version.valid_to is None:
        assert "the latest mapped" in caption
    if note is not None:  # the bundled versions end on 15 Mar 2026: true from 15 Apr 2026
        assert notice == caption  # in place of the caption, naming the version too
        assert f"**Last mapped {format_english(version.valid_from)}" in notice
        assert "No public map of the line exists after 19 Oct 2025" in notice
        assert "Shares of the Strip reported held since:" in notice and " %" in notice
        assert not at.exception


def format_english(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def test_a_date_in_the_address_is_kept_and_its_version_named(app_test):
    at = app_test
    at.query_params["at"] = "2026-12-07"
    at.run()
    assert not at.exception
    assert at.select_slider(key="zone_date").value == dt.date(2026, 12, 7)
    assert at.query_params.get("at") == "2026-12-07"  # not rewritten to a version's day
    caption, notice = _today_caption_and_notice(at)
    assert caption.startswith("**In force on 7 Dec 2026:** Mid-March 2026: orange restricted")
    assert "Last mapped 15 Mar 2026, drawn from reports: 267 days before 7 Dec 2026." in notice
    assert "63–67 % with the orange restricted zone" in notice
    assert "Nothing was found for November–December 2026." in notice
    # The PNG's caption (and the HTML download's: the same caption) carries the note.
    script = map_components(at)[0]["feature_group"]
    assert '"lastMapped":"Last mapped 15 Mar 2026, drawn from reports: 267 days' in script
    assert '"shown":"Zones in force on 7 Dec 2026: Mid-March 2026' in script
    # Any day between two versions' first days is a stop of its own.
    at.select_slider(key="zone_date").set_value(dt.date(2025, 11, 3)).run()
    assert at.query_params.get("at") == "2025-11-03"
    caption, notice = _today_caption_and_notice(at)
    assert "In force on 3 Nov 2025" in caption and "19 Oct 2025" in caption
    assert notice == ""  # 15 days after the version began: nothing to say
    assert '"lastMapped":""' in map_components(at)[0]["feature_group"]


def test_both_meanings_of_held_are_named_with_the_figures_reported(app_test):
    at = app_test
    at.query_params["at"] = "2026-12-07"
    at.session_state["municipalities"] = True  # the table is drawn while it is unfolded
    at.run()
    assert not at.exception
    caption = next(c.value for c in at.caption if "Israeli-held side" in c.value)
    caption = caption.replace("\\", "")
    assert "behind the line 56 %; with the orange restricted zone 67 %" in caption
    assert "Shares reported up to 7 Dec 2026:" in caption
    assert "63–67 % with the orange restricted zone" in caption
    assert "behind the yellow line" in caption  # the figures of the other kind, apart
    # The municipalities' table (a static table, which fits a phone: its figures as text).
    towns = next(d.value for d in at.table if "Held, behind the line (%)" in d.value.columns)
    behind = towns["Held, behind the line (%)"].astype(int)
    held = towns["Held, with the orange zone (%)"].astype(int)
    assert (held >= behind).all() and (held > behind).any()
    script = map_components(at)[0]["feature_group"]
    assert "Israeli-held side: behind the line 56 %; with the orange restricted zone 67 %" in script


def test_a_date_after_today_shows_today_and_says_so(app_test):
    at = app_test
    later = dt.date.today() + dt.timedelta(days=3)
    at.query_params["at"] = later.isoformat()
    at.run()
    assert not at.exception
    assert at.select_slider(key="zone_date").value == dt.date.today()
    assert any(f"{later.isoformat()} is after today" in w.value for w in at.warning)


def test_the_notice_in_arabic(app_test):
    at = app_test
    at.query_params["at"] = "2026-12-07"
    at.query_params["lang"] = "ar"
    at.run()
    assert not at.exception
    notice = next(w.value for w in at.warning if "آخر رسم للخط" in w.value)
    assert "15 مارس 2026" in notice and "19 أكتوبر 2025" in notice
    assert "نوفمبر–ديسمبر 2026" in notice
