"""The crossings' status over time: the bundled histories (through 2026), a day's status,
refusals."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dashboard.intake import crossings as crossings_module
from dashboard.intake.bundled import PLACES_GAZA_FILE, read_bundled

ALL_CROSSINGS = ("Erez (Beit Hanoun)", "Kerem Shalom", "Rafah crossing", "Zikim", "Kissufim")


@pytest.fixture(scope="module")
def crossings() -> dict[str, dict]:
    """The crossing features' properties, read the way the app reads the file."""
    frame = read_bundled(PLACES_GAZA_FILE)
    return {row["name"]: row.to_dict() for _, row in frame[frame["kind"] == "crossing"].iterrows()}


def test_bundled_crossing_histories_are_valid(crossings):
    histories = crossings_module.load_crossing_histories()
    assert set(histories) == set(crossings)
    assert histories["Zikim"] and histories["Rafah crossing"]
    for name, props in crossings.items():
        assert crossings_module.status_history(props) == histories[name], name


@pytest.mark.parametrize(
    ("name", "day", "status"),
    [
        ("Zikim", dt.date(2025, 9, 11), None),  # before the first reported status
        ("Zikim", dt.date(2025, 9, 12), "closed"),
        ("Zikim", dt.date(2025, 11, 11), "closed"),
        ("Zikim", dt.date(2025, 11, 12), "open for goods"),
        ("Zikim", dt.date(2026, 2, 27), "open for goods"),
        ("Rafah crossing", dt.date(2025, 12, 1), "closed"),
        ("Rafah crossing", dt.date(2026, 2, 1), "closed"),
        ("Rafah crossing", dt.date(2026, 2, 2), "open for people"),
        ("Rafah crossing", dt.datetime(2026, 2, 9, 18, 0), "open for people"),
        ("Erez (Beit Hanoun)", dt.date(2026, 2, 2), None),  # nothing reported
    ],
)
def test_crossing_status(crossings, name, day, status):
    assert crossings_module.crossing_status(crossings[name], day) == status


@pytest.mark.parametrize(
    ("name", "day", "status"),
    [
        # Every crossing closed at the start of the war with Iran (28 Feb - 1 Mar 2026).
        *((name, dt.date(2026, 2, 28), "closed") for name in ALL_CROSSINGS),
        *((name, dt.date(2026, 3, 1), "closed") for name in ALL_CROSSINGS),
        ("Kerem Shalom", dt.date(2026, 2, 27), None),  # nothing reported before
        ("Kerem Shalom", dt.date(2026, 3, 2), "closed"),
        ("Kerem Shalom", dt.date(2026, 3, 3), "open for goods"),  # reopened for aid
        ("Kerem Shalom", dt.date(2026, 9, 19), "open for goods"),
        ("Kerem Shalom", dt.date(2026, 9, 20), "closed"),  # Yom Kippur
        ("Kerem Shalom", dt.date(2026, 9, 21), "closed"),
        ("Kerem Shalom", dt.date(2026, 9, 22), "open for goods"),
        ("Rafah crossing", dt.date(2026, 2, 27), "open for people"),
        ("Rafah crossing", dt.date(2026, 3, 3), "closed"),  # only Kerem Shalom reopened
        ("Rafah crossing", dt.date(2026, 3, 18), "closed"),
        ("Rafah crossing", dt.date(2026, 3, 19), "open for people"),  # again from 18-19 Mar
        ("Rafah crossing", dt.date(2026, 10, 1), "open for people"),
        ("Zikim", dt.date(2026, 3, 3), "closed"),
        ("Erez (Beit Hanoun)", dt.date(2026, 10, 1), "closed"),
    ],
)
def test_crossings_have_their_2026_statuses(crossings, name, day, status):
    assert crossings_module.crossing_status(crossings[name], day) == status


def test_every_2026_period_cites_its_source_and_what_it_infers(crossings):
    """The periods added from the 2026 reporting name their outlet and date; an inferred
    status (the reopening after Yom Kippur) says so in its note."""
    histories = crossings_module.load_crossing_histories()
    for name, periods in histories.items():
        for period in periods:
            if period.start.year == 2026:
                assert "2026" in period.source and len(period.source) > 20, (name, period)
    after_holiday = histories["Kerem Shalom"][-1]
    assert after_holiday.start == dt.date(2026, 9, 22) and "inferred" in after_holiday.note
    reopened = histories["Rafah crossing"][-1]
    assert reopened.end is None and "http" in reopened.source


def test_crossing_status_reads_a_json_string_and_no_history():
    history = [{"from": "2025-09-12", "to": None, "status": "closed", "source": "s, 2025"}]
    props = {"name": "X", "status_history": json.dumps(history)}
    assert crossings_module.crossing_status(props, dt.date(2025, 10, 1)) == "closed"
    assert crossings_module.crossing_status({"name": "Y"}, dt.date(2025, 10, 1)) is None
    assert (
        crossings_module.crossing_status({"status_history": float("nan")}, dt.date(2025, 10, 1))
        is None
    )
    assert crossings_module.describe_status_history(props) == (
        "closed from 12 Sep 2025 (no later change reported)"
    )


@pytest.mark.parametrize(
    ("history", "message"),
    [
        ("[not json", "not valid JSON"),
        ({"from": "2025-01-01"}, "must be a list"),
        ([{"from": "2025-01-01", "to": None, "status": "closed"}], "missing source"),
        ([{"from": "1 Jan", "to": None, "status": "closed", "source": "s"}], "not an ISO date"),
        (
            [{"from": "2025-01-02", "to": "2025-01-01", "status": "closed", "source": "s"}],
            "is not after",
        ),
        ([{"from": "2025-01-01", "to": None, "status": "ajar", "source": "s"}], "'ajar'"),
        (
            [
                {"from": "2025-01-01", "to": None, "status": "closed", "source": "s"},
                {"from": "2025-02-01", "to": None, "status": "open", "source": "s"},
            ],
            "starts before the previous period ends",
        ),
    ],
)
def test_invalid_status_history_is_refused(history, message):
    with pytest.raises(crossings_module.EventDataError) as info:
        crossings_module.crossing_status(
            {"name": "Zikim", "status_history": history}, dt.date(2025, 1, 1)
        )
    assert "places_gaza.geojson, Zikim" in str(info.value)
    assert message in str(info.value)


def test_the_history_is_written_in_the_words_of_a_language():
    history = [
        {"from": "2025-09-12", "to": "2025-11-12", "status": "closed", "source": "s, 2025"},
        {"from": "2025-11-12", "to": None, "status": "open for goods", "source": "s, 2025"},
    ]
    words = crossings_module.StatusWords(
        statuses={"closed": "مغلق"},  # a status not listed stays as it is
        until="{status} من {start} حتى {end}",
        since="{status} منذ {start}",
        day=lambda day: day.isoformat(),
        separator="؛ ",
    )
    text = crossings_module.describe_status_history({"status_history": history}, words)
    assert text == "مغلق من 2025-09-12 حتى 2025-11-12؛ open for goods منذ 2025-11-12"
