"""dashboard.zones.municipalities: each municipality's area on each side of the line, with
and without the orange restricted zone (the fixture of test_distance, in metres)."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from dashboard.config import GEOGRAPHIC_CRS, METRIC_CRS
from dashboard.zones.municipalities import COLUMNS, sides_by_municipality
from tests.unit.zones.test_distance import LINE_X, make_zones

# Two towns: one across the line, one inside the orange zone of the fixture
# (x 626000-630000, y 3470000-3474000: on the other side of the line).
TOWNS = gpd.GeoDataFrame(
    {"name": ["Across", "Orange"], "name_ar": ["عبر", "برتقالي"]},
    geometry=[
        box(LINE_X - 2_000, 3_480_000, LINE_X + 2_000, 3_482_000),  # 8 km², half held
        box(LINE_X - 2_000, 3_470_000, LINE_X, 3_472_000),  # 4 km², all in the orange zone
    ],
    crs=METRIC_CRS,
).to_crs(GEOGRAPHIC_CRS)


def test_held_with_and_without_the_orange_zone():
    table = sides_by_municipality(TOWNS, make_zones()).set_index("name")
    assert list(table.reset_index().columns) == COLUMNS
    across, orange = table.loc["Across"], table.loc["Orange"]
    assert across["held_pct"] == pytest.approx(50, abs=0.5)
    assert across["behind_line_pct"] == pytest.approx(50, abs=0.5)
    assert orange["held_pct"] == pytest.approx(100, abs=0.5)  # the orange zone counts as held
    assert orange["behind_line_pct"] == pytest.approx(0, abs=0.5)  # but lies beyond the line


def test_without_an_orange_zone_both_figures_agree():
    table = sides_by_municipality(TOWNS, make_zones(orange=False))
    assert (table["held_km2"] - table["behind_line_km2"]).abs().max() < 0.01
