"""The crossings' status over time: the bundled histories, a day's status, refusals."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dashboard.intake import crossings as crossings_module
from dashboard.intake.bundled import PLACES_GAZA_FILE, read_bundled


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
        ("Zikim", dt.date(2026, 3, 1), "open for goods"),
        ("Rafah crossing", dt.date(2025, 12, 1), "closed"),
        ("Rafah crossing", dt.date(2026, 2, 1), "closed"),
        ("Rafah crossing", dt.date(2026, 2, 2), "open for people"),
        ("Rafah crossing", dt.datetime(2026, 2, 9, 18, 0), "open for people"),
        ("Erez (Beit Hanoun)", dt.date(2026, 2, 2), None),  # nothing reported
    ],
)
def test_crossing_status(crossings, name, day, status):
    assert crossings_module.crossing_status(crossings[name], day) == status


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
