"""dashboard.zones.drift: the band of reported drift beyond the line, and the warning of a
distance answer near the line on the other side (the fixture of test_distance)."""

from __future__ import annotations

import datetime as dt

import pytest
from shapely.geometry import Point

from dashboard.config import METRIC_CRS
from dashboard.zones import drift
from dashboard.zones.distance import version_line
from tests.unit.zones.test_distance import LINE_X, NORTH_BUFFER_Y, at, make_zones

DRIFT = drift.LineDrift(
    band_m=940,
    warn_within_m=1000,
    confidence="low",
    reports=(
        drift.DriftReport(500, "markers", "al-Atatra", dt.date(2025, 10, 19), "BBC Verify"),
        drift.DriftReport(940, "blocks", "the line", dt.date(2026, 1, 23), "Forensic Arch."),
    ),
)


@pytest.fixture(scope="module")
def zones():
    return make_zones(orange=False)


def test_the_band_lies_beyond_the_line_as_wide_as_the_furthest_report(zones):
    line = version_line(zones)
    band = drift.drift_band(line, DRIFT)
    # On the other side only, up to 940 m from the line (x = 630000, and y = 3489000 west
    # of it): never on the held side.
    assert band.intersection(line.held).area == pytest.approx(0, abs=1)
    assert band.bounds[2] == pytest.approx(LINE_X, abs=2)
    assert band.covers(Point(LINE_X - 900, 3_480_000))
    assert not band.covers(Point(LINE_X - 1000, 3_480_000))
    assert not band.covers(Point(LINE_X + 100, 3_480_000))
    assert band.covers(Point(625_000, NORTH_BUFFER_Y - 900))
    assert not band.covers(Point(625_000, NORTH_BUFFER_Y - 1000))


def test_the_band_frame_says_what_it_is(zones):
    frame = drift.drift_frame(version_line(zones), DRIFT)
    assert frame.crs.to_epsg() == 4326
    row = frame.iloc[0]
    assert (row["kind"], row["band_m"], row["confidence"]) == ("drift", 940, "low")
    assert row["source"] == "BBC Verify; Forensic Arch."
    assert frame.to_crs(METRIC_CRS).area.iloc[0] > 0


@pytest.mark.parametrize(
    ("x", "y", "warned"),
    [
        (LINE_X - 300, 3_480_000, True),  # other side, 300 m from the line
        (LINE_X - 1000, 3_480_000, True),  # other side, exactly 1 km
        (LINE_X - 1500, 3_480_000, False),  # other side, beyond 1 km
        (LINE_X + 300, 3_480_000, False),  # the held side: no warning of drift
        (625_000, NORTH_BUFFER_Y - 200, True),  # near the northern buffer's edge
    ],
)
def test_a_distance_answer_near_the_line_on_the_other_side_is_warned(zones, x, y, warned):
    answer = at(zones, x, y)
    assert drift.needs_warning(answer, DRIFT) is warned
    text = drift.drift_warning(answer, DRIFT)
    if warned:
        assert "940 m beyond the mapped line" in text
        assert "cannot say whether a place is safe" in text
        assert "Forensic Arch." in text
    else:
        assert text is None


def test_the_furthest_report_and_the_sources():
    assert DRIFT.furthest.metres == 940
    assert DRIFT.sources == ["BBC Verify", "Forensic Arch."]
