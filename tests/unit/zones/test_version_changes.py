"""dashboard.zones.version_changes: versions side by side, two dates compared, and what the
held side gained and lost at each version."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from dashboard.zones import series, version_changes
from dashboard.zones.series import SeriesError
from tests.unit.zones.test_series import NORTH, SOUTH, make_series


@pytest.fixture
def zones() -> gpd.GeoDataFrame:
    return make_series()


def test_version_areas_one_row_per_version(zones):
    strip_km2 = 100.0
    table = version_changes.version_areas(zones, strip_km2).set_index("version")
    assert list(table.index) == ["p1", "g1", "g2"]
    g2 = table.loc["g2"]
    assert g2["held_km2"] == pytest.approx(g2["retained_km2"] + g2["buffer_km2"])
    assert g2["held_pct"] == pytest.approx(g2["held_km2"])  # strip of 100 km²
    assert g2["restricted_km2"] == pytest.approx(g2["buffer_km2"] / 2, rel=0.01)
    assert table.loc["g1", "restricted_km2"] == 0
    assert table.loc["g1", "valid_to"] == dt.date(2025, 10, 19)
    # Both held figures, as held_shares gives them (the chart draws these).
    shares = series.held_shares(series.zones_of(zones, "g2"), strip_km2)
    assert g2["behind_line_pct"] == pytest.approx(shares.behind_line_pct)
    assert g2["held_pct"] == pytest.approx(shares.with_restricted_pct)
    assert g2["behind_line_pct"] < g2["held_pct"]  # the orange zone lies beyond the line


def test_compare_versions_areas_and_changed_places(zones):
    result = version_changes.compare_versions(zones, "g1", "g2", 100.0)
    assert (result.first.id, result.second.id) == ("g1", "g2")
    table = result.table.set_index("category")
    assert {"first_km2", "second_km2", "difference_km2", "first_pct", "second_pct"} <= set(
        table.columns
    )
    assert table.loc["withdrawal", "difference_km2"] < 0 < table.loc["retained", "difference_km2"]
    changes = result.changes.set_index("name")
    assert set(changes.index) == {"withdrawal → retained", "withdrawal → buffer"}
    with pytest.raises(SeriesError, match="no zone version 'g3'"):
        version_changes.compare_versions(zones, "g1", "g3", 100.0)


@pytest.mark.parametrize(
    ("day", "version"),
    [
        ("2025-10-10", "g1"),  # its first day
        ("2025-10-18", "g1"),  # its last day
        ("2025-10-19", "g2"),  # the next one's first day
        (dt.date(2026, 4, 15), "g2"),  # long after: the latest, still in force
    ],
)
def test_a_date_names_the_version_in_force_on_it(zones, day, version):
    compared = version_changes.compare_dates(zones, "2025-10-10", day)
    assert compared.later.id == version
    assert compared.earlier.id == "g1"


def test_two_dates_are_put_in_order_and_said_to_be_in_one_version_when_they_are(zones):
    compared = version_changes.compare_dates(zones, "2026-04-15", "2025-10-12")
    assert (compared.earlier_day, compared.later_day) == (
        dt.date(2025, 10, 12),
        dt.date(2026, 4, 15),
    )
    assert (compared.earlier.id, compared.later.id) == ("g1", "g2")
    assert not compared.same_version
    same = version_changes.compare_dates(zones, "2025-11-01", "2025-10-20")
    assert same.same_version and same.earlier == same.later
    with pytest.raises(series.NoVersionError, match="No zones before"):
        version_changes.compare_dates(zones, "2025-01-01", "2025-10-20")


def test_held_changes_gives_what_the_held_side_gained_and_lost_at_each_version(zones):
    changes = version_changes.held_changes(zones)
    # g1 holds 34.35-34.40 E; g2 holds 34.33-34.40: 0.02° gained (the orange zone and
    # retained land), nothing lost; the first version has no row (nothing before it).
    assert list(changes["version"]) == ["g2"]
    row = changes.iloc[0]
    expected = series.held_side(series.zones_of(zones, "g2")).difference(
        series.held_side(series.zones_of(zones, "g1"))
    )
    metric_km2 = gpd.GeoSeries([expected], crs="EPSG:4326").to_crs(32636).area.iloc[0] / 1e6
    assert row["gained_km2"] == pytest.approx(metric_km2, rel=1e-3)
    assert row["gained_km2"] > 5  # about 0.02° x 0.05°
    assert row["lost_km2"] == pytest.approx(0, abs=1e-9)
    assert row["net_km2"] == pytest.approx(row["gained_km2"])
    assert row["valid_from"] == dt.date(2025, 10, 19)
    # A plan phase is a track of its own, with one version: nothing changed within it.
    assert version_changes.held_changes(zones, "plan-phase-1").empty


def test_held_moves_counts_areas_that_enter_or_leave_the_held_side(zones):
    changes = version_changes.compare_versions(zones, "g1", "g2", 100.0).changes
    gained, lost = version_changes.held_moves(changes)
    # withdrawal -> retained and withdrawal -> buffer: both enter the held side.
    assert gained == pytest.approx(changes["area_km2"].sum())
    assert lost == 0
    back = version_changes.compare_versions(zones, "g2", "g1", 100.0).changes
    assert version_changes.held_moves(back) == pytest.approx((0, gained))
    # The same as the held sides' own difference (see held_changes).
    assert gained == pytest.approx(
        version_changes.held_changes(zones)["gained_km2"].iloc[0], rel=1e-3
    )


def test_an_area_that_became_the_orange_zone_is_told_apart_from_the_perimeter(zones):
    # g2's buffer is the orange zone (34.33-34.34) and the perimeter (34.39-34.40), one
    # "withdrawal -> buffer" change before the split; only the orange part changed.
    changes = version_changes.compare_versions(zones, "g1", "g2", 100.0).changes
    by_name = changes.set_index("name")
    assert by_name.loc["withdrawal → buffer", "restriction"] == "orange"
    assert pd.isna(by_name.loc["withdrawal → retained", "restriction"])
    # A change that lies half in the orange zone: each part on its own row, adding up.
    later = series.zones_of(zones, "g2")
    orange = later["restriction"] == "orange"
    later.loc[orange, "geometry"] = [box(34.33, SOUTH, 34.335, NORTH)]
    split = version_changes.restricted_apart(changes, later).set_index("restriction")
    buffer = by_name.loc["withdrawal → buffer", "area_km2"]
    assert split.loc["orange", "area_km2"] == pytest.approx(buffer / 2, rel=0.01)
    assert split["area_km2"].sum() == pytest.approx(changes["area_km2"].sum(), rel=1e-6)
    # Zones without the property: nothing to tell apart.
    plain = version_changes.restricted_apart(changes, later.drop(columns="restriction"))
    assert plain["restriction"].isna().all()
