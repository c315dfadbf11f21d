"""dashboard.zones.municipalities: each municipality's area on each side of the line."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from dashboard.config import GEOGRAPHIC_CRS, METRIC_CRS
from dashboard.zones.municipalities import COLUMNS, sides_by_municipality
from tests.unit.zones.test_distance import make_zones

# Two towns in metres (see test_distance.BOXES): one astride the line and the orange zone
# (626–634 km east), one on the withdrawal side only.
TOWNS = gpd.GeoDataFrame(
    {"name": ["Astride", "West"], "name_ar": ["على الخط", "غرب"]},
    geometry=[
        box(626_000, 3_470_000, 634_000, 3_474_000),
        box(620_000, 3_480_000, 622_000, 3_482_000),
    ],
    crs=METRIC_CRS,
).to_crs(GEOGRAPHIC_CRS)


def test_each_town_has_its_held_share_with_and_without_the_orange_zone():
    table = sides_by_municipality(TOWNS, make_zones()).set_index("name")
    assert list(table.reset_index().columns) == COLUMNS
    astride = table.loc["Astride"]
    assert astride["area_km2"] == pytest.approx(32, abs=0.01)
    assert astride["held_pct"] == pytest.approx(100, abs=0.1)  # 16 km² orange + 16 behind
    assert astride["behind_pct"] == pytest.approx(50, abs=0.1)
    assert table.loc["West", "held_pct"] == table.loc["West", "behind_pct"] == 0


def test_without_an_orange_zone_both_shares_are_equal():
    table = sides_by_municipality(TOWNS, make_zones(orange=False))
    assert (table["held_pct"] - table["behind_pct"]).abs().max() < 1e-9
