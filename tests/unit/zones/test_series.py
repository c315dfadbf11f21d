"""dashboard.zones.series: versions, the one in force on a date, held side, line."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pytest
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from dashboard.zones import series
from dashboard.zones.series import NoVersionError, SeriesError, Version

# A small "strip" from 34.30 to 34.40 E (west: the coast, east: the fence), 0.05° high.
SOUTH, EAST, NORTH = 31.40, 34.40, 31.45
# (version, valid_from, valid_to, kind, track, label): one planned, two on the ground.
VERSIONS = {
    "p1": ("2025-09-29", None, "planned", "plan-phase-1", "Plan, phase 1"),
    "g1": ("2025-10-10", "2025-10-19", "reported", "ground", "10 Oct"),
    "g2": ("2025-10-19", None, "published", "ground", "19 Oct"),
}
# (version, zone, restriction, west, east): each version tiles the strip from west to east.
PIECES = [
    ("g2", "withdrawal", None, 34.30, 34.33),
    ("g2", "buffer", "orange", 34.33, 34.34),
    ("g2", "retained", None, 34.34, 34.39),
    ("g2", "buffer", "perimeter", 34.39, 34.40),
    ("g1", "withdrawal", None, 34.30, 34.35),
    ("g1", "retained", None, 34.35, 34.39),
    ("g1", "buffer", "perimeter", 34.39, 34.40),
    ("p1", "withdrawal", None, 34.30, 34.36),
    ("p1", "retained", None, 34.36, 34.39),
    ("p1", "buffer", "perimeter", 34.39, 34.40),
]


def same_shape(found: BaseGeometry, expected: BaseGeometry) -> bool:
    """The same area up to rounding (unions may keep extra vertices on straight edges)."""
    return found.symmetric_difference(expected).area < 1e-12


def make_series() -> gpd.GeoDataFrame:
    """One planned version and two on the ground (see :data:`VERSIONS`, :data:`PIECES`)."""
    rows = []
    for version, zone, restriction, west, east in PIECES:
        valid_from, valid_to, kind, track, label = VERSIONS[version]
        rows.append(
            {
                "version": version,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "kind": kind,
                "track": track,
                "label": label,
                "zone": zone,
                "restriction": restriction,
                "geometry": box(west, SOUTH, east, NORTH),
            }
        )
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


@pytest.fixture
def zones() -> gpd.GeoDataFrame:
    return make_series()


def test_versions_are_sorted_by_date_with_their_properties(zones):
    found = series.versions(zones)
    assert [v.id for v in found] == ["p1", "g1", "g2"]
    assert found[1] == Version(
        "g1", dt.date(2025, 10, 10), dt.date(2025, 10, 19), "reported", "10 Oct", "ground"
    )
    assert found[2].valid_to is None
    assert found[0].planned and not found[1].planned
    assert [v.id for v in series.versions(zones, "ground")] == ["g1", "g2"]
    assert series.tracks(zones) == ["ground", "plan-phase-1"]


def test_a_null_valid_to_read_from_a_file_is_still_in_force(zones):
    zones["valid_to"] = zones["valid_to"].astype(object).where(zones["valid_to"].notna(), None)
    zones.loc[zones["version"] == "g2", "valid_to"] = float("nan")  # as pyogrio reads a null
    assert series.versions(zones)[2].valid_to is None


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2025-10-10", "g1"),  # valid_from is the first day in force
        (dt.date(2025, 10, 18), "g1"),
        ("2025-10-19", "g2"),  # valid_to is the first day no longer in force
        (dt.datetime(2030, 1, 1, 12, 0), "g2"),  # no valid_to: in force ever since
    ],
)
def test_version_at_a_date(zones, when, expected):
    assert series.version_at(zones, when).id == expected


def test_the_plan_is_its_own_track(zones):
    assert series.version_at(zones, "2025-10-20", "plan-phase-1").id == "p1"
    # The plan never shows on the ground track, even before the ground versions start.
    with pytest.raises(NoVersionError):
        series.version_at(zones, "2025-10-01")


def test_a_date_before_the_first_version_says_which_dates_exist(zones):
    with pytest.raises(NoVersionError) as info:
        series.version_at(zones, "2025-10-09")
    assert isinstance(info.value, ValueError)
    assert str(info.value) == (
        "No zones before 10 Oct 2025 (10 Oct): pick a date from 2025-10-10 on."
    )


def test_a_long_bad_date_is_quoted_shortened(zones):
    """A date from the address (?at=) is echoed in a warning: never at any length."""
    typed = "2025-10-19 " + "Your session expired, call +1 555 0100. " * 5
    with pytest.raises(SeriesError) as info:
        series.as_date(typed)
    assert (
        str(info.value)
        == f"'{typed[:39]}\u2026' is not a date: give it as YYYY-MM-DD, e.g. 2025-10-19."
    )


def test_bad_dates_tracks_and_versions_are_refused_with_a_message(zones):
    with pytest.raises(SeriesError, match="'10/10/2025' is not a date: give it as YYYY-MM-DD"):
        series.version_at(zones, "10/10/2025")
    with pytest.raises(SeriesError, match="no track 'plan'; the zones have ground, plan-phase-1"):
        series.version_at(zones, "2025-10-10", track="plan")
    with pytest.raises(SeriesError, match="no zone version 'g9'; known versions: p1, g1, g2"):
        series.zones_of(zones, "g9")


def test_a_gap_between_versions_is_reported(zones):
    zones.loc[zones["version"] == "g2", "valid_from"] = "2025-10-25"
    with pytest.raises(NoVersionError, match="the versions cover 2025-10-10 to 2025-10-19, "):
        series.version_at(zones, "2025-10-20")


def test_zones_at_and_zones_of_return_one_version_with_a_fresh_index(zones):
    at = series.zones_at(zones, "2025-11-01")
    assert list(at.index) == [0, 1, 2, 3]
    assert set(at["version"]) == {"g2"}
    assert list(series.zones_of(zones, "g1")["zone"]) == ["withdrawal", "retained", "buffer"]


def test_plain_zones_are_not_a_series(zones):
    plain = zones.drop(columns=["version", "valid_from"])
    assert not series.has_versions(plain) and series.has_versions(zones)
    with pytest.raises(SeriesError, match="not a dated series: they lack version, valid_from"):
        series.versions(plain)
    # held_side needs no version properties: an uploaded zone file has a held side too.
    held = series.held_side(plain[plain.index.isin([4, 5, 6])])
    assert same_shape(held, box(34.35, SOUTH, EAST, NORTH))


def test_held_side_is_retained_and_buffer_with_or_without_the_orange_zone(zones):
    g2 = series.zones_of(zones, "g2")
    assert same_shape(series.held_side(g2), box(34.33, SOUTH, EAST, NORTH))
    assert same_shape(
        series.held_side(g2, include_restricted=False), box(34.34, SOUTH, EAST, NORTH)
    )
    with pytest.raises(SeriesError, match="Expected the zones of one version, got 3"):
        series.held_side(zones)


def test_the_held_side_has_two_figures_behind_the_line_and_with_the_restricted_zone():
    from dashboard.messages import language_of
    from tests.unit.zones.test_distance import make_zones

    # In metres: retained 9 × 19 km, the fence-side buffer 20 + 19 km², the orange zone
    # beyond the line 4 × 4 km, in a strip of 420 km².
    shares = series.held_shares(make_zones(), 420.0)
    assert shares.behind_line_km2 == pytest.approx(210, abs=0.01)
    assert shares.with_restricted_km2 == pytest.approx(226, abs=0.01)
    assert (shares.behind_line_pct, shares.with_restricted_pct) == pytest.approx(
        (50, 53.81), abs=0.01
    )
    assert shares.has_restricted
    assert series.held_text(shares) == (
        "behind the line 50 %; with the orange restricted zone 54 %"
    )
    with language_of("ar"):
        assert series.held_text(shares) == "خلف الخط 50 %؛ مع المنطقة البرتقالية المقيَّدة 54 %"
    without = series.held_shares(make_zones(orange=False), 420.0)
    assert without.behind_line_km2 == pytest.approx(without.with_restricted_km2)
    assert not without.has_restricted
    assert series.held_text(without).startswith("behind the line 5")
    assert "no restricted zone beyond it" in series.held_text(without)
