"""The line over time in a real browser: the date control, ?at= links, comparing two dates,
and the distance from a point to the line."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dashboard.intake.bundled import load_zone_versions
from dashboard.intake.reported_shares import load_reported_shares
from dashboard.intake.timeline_data import load_timeline
from dashboard.zones import currency, series
from tests.browser.conftest import MAP_IFRAME, map_frame, wait_for_app, zone_paths

pytestmark = pytest.mark.browser

RETAINED = "#882255"


def open_at(page, url: str, when: str | None = None) -> None:
    page.goto(f"{url}/?at={when}" if when else url)
    wait_for_app(page)
    zone_paths(page, RETAINED).first.wait_for()


def in_force(page) -> str:
    """What says which version is in force: the caption under the date control, or the
    "last mapped" notice that takes its place."""
    notice = '.st-key-last_mapped [data-testid="stMarkdownContainer"]'
    said = page.locator(f'[data-testid="stCaptionContainer"], {notice}', has_text="In force on")
    return said.first.inner_text()


def drawn_zone_ids(page) -> str:
    """The main map's script, which names the zones it draws by their feature ids."""
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    return frame.evaluate("window.__GLOBAL_DATA__.last_feature_group")


def test_a_link_with_a_date_opens_that_version(page, app_url):
    open_at(page, app_url, "2025-10-19")
    assert "19 Oct 2025" in in_force(page)
    assert "IDF" in in_force(page)
    assert page.get_by_text(re.compile(r"Area by category on 19 Oct 2025")).count() == 1


def test_moving_the_date_changes_the_zones_the_table_and_the_address(page, app_url):
    open_at(page, app_url, "2025-10-10")
    before_text, before_map = in_force(page), drawn_zone_ids(page)
    assert "10 Oct 2025" in before_text
    thumb = page.locator('[data-testid="stSlider"] input[type="range"]').first
    thumb.focus()
    thumb.press("End")  # the latest stop: another version than 10 Oct
    page.wait_for_function("() => !location.search.includes('2025-10-10')")
    wait_for_app(page)
    page.wait_for_function("t => !document.body.innerText.includes(t)", arg=before_text)
    after_text = in_force(page)
    assert after_text != before_text
    assert "at=2025-10-10" not in page.url and re.search(r"at=\d{4}-\d\d-\d\d", page.url)
    assert drawn_zone_ids(page) != before_map, "other zones are drawn"
    heading = page.get_by_text(re.compile(r"^Area by category on ")).first.inner_text()
    assert "10 Oct 2025" not in heading


NOTICE = ".st-key-last_mapped"
NOTICE_TEXT = f'{NOTICE} [data-testid="stMarkdownContainer"]'
NOTICE_START = {"en": "In force on ", "ar": "السارية في "}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_on_today_the_last_mapped_notice_stands_above_the_map(make_page, app_url, lang):
    """At today's date (?at= today), in both languages: the notice is on the first screen,
    between the date control and the map, when the core says the version is old."""
    today = dt.date.today()
    zones = load_zone_versions()
    version = series.version_at(zones, today)
    note = currency.last_mapped(version, today, series.versions(zones), load_reported_shares())
    page = make_page(1400, 900)
    open_at(page, app_url, f"{today.isoformat()}&lang={lang}")
    assert f"at={today.isoformat()}" in page.url
    if note is None:  # a version of the last 30 days: nothing to say
        assert page.locator(NOTICE).count() == 0
        return
    notice = page.locator(NOTICE).first
    notice.wait_for()
    assert page.locator(NOTICE_TEXT).first.inner_text().startswith(NOTICE_START[lang])
    box, map_box = notice.bounding_box(), page.locator(MAP_IFRAME).first.bounding_box()
    slider = page.locator('[data-testid="stSlider"]').first.bounding_box()
    assert slider["y"] + slider["height"] <= box["y"], "under the date control"
    assert box["y"] + box["height"] <= map_box["y"] + 1, "above the map"
    assert box["y"] + box["height"] <= 900, "on the first screen"


def test_a_date_in_the_address_stays_and_the_versions_are_marked_on_the_slider(page, app_url):
    open_at(page, app_url, "2026-12-07")
    assert in_force(page).startswith("In force on 7 Dec 2026: Mid-March 2026")
    assert "at=2026-12-07" in page.url  # not rewritten to the day of a version
    assert (
        "Last mapped 15 Mar 2026, drawn from reports"
        in page.locator(NOTICE_TEXT).first.inner_text()
    )
    # A tick per ground version's first day, on the track: the first one under the thumb
    # when it stands on the first day.
    starts = {v.valid_from for v in series.versions(load_zone_versions(), series.GROUND_TRACK)}
    ticks = page.locator(".gcm-version-marks span")
    assert ticks.count() == len(starts)
    knob = page.locator('[data-testid="stSlider"] input[type="range"]').first
    thumb = knob.locator("xpath=../..")  # the round thumb that holds the range input
    knob.focus()
    knob.press("Home")
    page.wait_for_function("() => location.search.includes('at=2025-10-10')")
    wait_for_app(page)
    thumb_box, tick_box = thumb.bounding_box(), ticks.first.bounding_box()
    centre = thumb_box["x"] + thumb_box["width"] / 2
    assert abs(tick_box["x"] + tick_box["width"] / 2 - centre) <= 3
    assert tick_box["y"] <= thumb_box["y"] + thumb_box["height"] / 2 <= tick_box["y"] + 12
    # Numbered under the track (close ones share a label), told apart from the days with
    # events (dots under the track), and explained in a caption.
    numbers = ",".join(page.locator(".gcm-day-marks b").all_inner_texts()).split(",")
    assert numbers == [str(n) for n in range(1, len(starts) + 1)]
    first, today = min(starts), dt.date.today()
    event_days = {e.start.date() for e in load_timeline().events}
    dots = page.locator(".gcm-day-marks i")
    assert dots.count() == len({d for d in event_days if first <= d <= today})
    assert dots.first.bounding_box()["y"] > tick_box["y"] + tick_box["height"] - 1
    key = page.locator(".gcm-day-marks small")
    assert key.inner_text() == f"1–{len(starts)}: new versions · •: days with events"
    assert "1: 10 Oct 2025" in key.get_attribute("title")  # the versions' days on hover


# The earlier of two dates compared: the line's yellow, dashed (browser.styles.LINE_STYLES).
EARLIER_LINE_PATH = 'path[stroke="#F0E442"][stroke-dasharray="10 7"]'


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_compare_two_dates_draws_the_earlier_line_beside_the_later_one(page, app_url, lang):
    page.goto(f"{app_url}/?at=2026-04-15&lang={lang}")
    wait_for_app(page)
    zone_paths(page, RETAINED).first.wait_for()
    toggle = page.locator(".st-key-compare_dates_box [data-testid='stCheckbox']").first
    # The toggle is right under the map, not a screen below it.
    map_box = page.locator(MAP_IFRAME).first.bounding_box()
    toggle_box = toggle.bounding_box()
    assert 0 <= toggle_box["y"] - (map_box["y"] + map_box["height"]) <= 80
    assert map_frame(page).locator(EARLIER_LINE_PATH).count() == 0
    toggle.click()
    wait_for_app(page)
    # The earlier date, typed in its year, month and day fields (each moves to the next).
    earlier = page.locator(".st-key-compare_dates_box [data-testid='stDateInput']").first
    earlier.locator("[role='spinbutton'][data-type='year']").click()
    page.keyboard.type("20260110")
    page.locator("h1").first.click()  # the date is sent when the field loses the focus
    wait_for_app(page)
    # Both dates named with the version in force on each (English: "→ version of").
    named = page.locator(".st-key-compare_dates_box [data-testid='stMarkdownContainer']")
    if lang == "en":
        named.filter(has_text="15 Apr 2026 → version of 15 Mar 2026").first.wait_for()
        named.filter(has_text="10 Jan 2026 → version of 5 Jan 2026").first.wait_for()
    else:
        named.filter(has_text="15 أبريل 2026").first.wait_for()
    # The earlier line is drawn dashed, and the areas that changed are shaded.
    map_frame(page).locator(EARLIER_LINE_PATH).first.wait_for(state="attached")
    map_frame(page).locator('path.leaflet-interactive[stroke-dasharray="4 3"]').first.wait_for(
        state="attached"
    )
    # ...and the legend has a row for it.
    legend = map_frame(page).locator(".map-legend-dashed").last
    legend.wait_for(state="attached")


def test_typed_coordinates_give_the_side_and_the_distance(page, app_url):
    open_at(page, app_url, "2025-10-19")
    page.locator(".st-key-place_choice").wait_for()  # drawn by the full run, not the map's
    wait_for_app(page)
    box = page.locator(".st-key-place_choice input")
    box.fill("31.42, 34.38")
    box.press("Enter")
    wait_for_app(page)
    answer = page.get_by_text(re.compile(r"from the line \(nearest point")).first
    answer.wait_for()
    assert re.search(
        r"is on (the Israeli-held side|the other side), [\d,.]+ (m|km)", answer.inner_text()
    )
    # The point's coordinates can be copied (Streamlit's code block has a copy button).
    page.locator('[data-testid="stCode"]', has_text="31.42000, 34.38000").first.wait_for()
    # The segment to the line is drawn on the map.
    map_frame(page).locator('path[stroke-dasharray="6 4"]').first.wait_for(state="attached")


def test_a_click_on_the_map_is_measured(page, app_url):
    open_at(page, app_url, "2025-10-19")
    iframe = page.locator(MAP_IFRAME).first
    iframe.scroll_into_view_if_needed()
    box = iframe.bounding_box()
    # Mid-Strip (Deir al-Balah lies about halfway down, a third across the map).
    iframe.click(position={"x": box["width"] * 0.45, "y": box["height"] * 0.5})
    wait_for_app(page)
    page.get_by_text(re.compile(r"Clicked point")).first.wait_for()
