"""dashboard.zones.distance: side of the line, distance to it and to the orange zone, in metres.

The fixture is drawn in EPSG:32636 (so that every expected distance is a subtraction of
metres) and handed over in EPSG:4326, as zones are. A 20 km square "Strip":

    y 3490000 +-----------------------------+---+
              |  buffer (north)                 | buffer
    y 3489000 +--------------+--------------+   | (east)
              |  withdrawal  |   retained   |   |
              |       +------+              |   |
              |       |orange|              |   |
              |       |buffer|              |   |
    y 3470000 +-------+------+--------------+---+
           x 620000 626000 630000       639000 640000

The line is x = 630000 (retained against withdrawal and the orange zone, which lies beyond
the line) and y = 3489000 west of it (the north buffer against withdrawal); the square's own
edges are not the line.
"""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import box

from dashboard.config import GEOGRAPHIC_CRS, METRIC_CRS
from dashboard.zones import distance
from dashboard.zones.distance import (
    GAP_TOLERANCE_M,
    HELD_SIDE,
    OTHER_SIDE,
    BadCoordinates,
    LineDistance,
    NoLine,
    OutsideStrip,
    line_distance,
    version_line,
)

TO_DEGREES = Transformer.from_crs(METRIC_CRS, GEOGRAPHIC_CRS, always_xy=True)
LINE_X = 630_000
NORTH_BUFFER_Y = 3_489_000
ORANGE = box(626_000, 3_470_000, LINE_X, 3_474_000)
BOXES = {
    "retained": box(LINE_X, 3_470_000, 639_000, NORTH_BUFFER_Y),
    "withdrawal": box(620_000, 3_470_000, LINE_X, NORTH_BUFFER_Y).difference(ORANGE),
    "buffer east": box(639_000, 3_470_000, 640_000, 3_490_000),
    "buffer north": box(620_000, NORTH_BUFFER_Y, 639_000, 3_490_000),
}


def lat_lon(x: float, y: float) -> tuple[float, float]:
    """The point (x, y) of EPSG:32636 as (lat, lon)."""
    lon, lat = TO_DEGREES.transform(x, y)
    return lat, lon


def make_zones(*, orange: bool = True, version: str = "v1") -> gpd.GeoDataFrame:
    names = list(BOXES)
    geometries = list(BOXES.values())
    restriction = [None] * len(names)
    if orange:
        names.append("buffer (orange)")  # as bundled: a buffer, restricted beyond the line
        geometries.append(ORANGE)
        restriction.append("orange")
    else:
        geometries[1] = box(620_000, 3_470_000, LINE_X, NORTH_BUFFER_Y)
    return gpd.GeoDataFrame(
        {
            "zone": [name.split()[0] for name in names],
            "name": names,
            "restriction": restriction,
            "version": version,
        },
        geometry=geometries,
        crs=METRIC_CRS,
    ).to_crs(GEOGRAPHIC_CRS)


@pytest.fixture(scope="module")
def zones() -> gpd.GeoDataFrame:
    return make_zones()


def at(zones: gpd.GeoDataFrame, x: float, y: float) -> LineDistance:
    return line_distance(zones, *lat_lon(x, y))


@pytest.mark.parametrize(
    ("x", "y", "side"),
    [
        (625_000, 3_480_000, OTHER_SIDE),  # withdrawal
        (628_000, 3_472_000, OTHER_SIDE),  # orange: restricted, but beyond the line
        (635_000, 3_480_000, HELD_SIDE),  # retained
        (639_500, 3_480_000, HELD_SIDE),  # east buffer
        (625_000, 3_489_500, HELD_SIDE),  # north buffer, west of the line
    ],
)
def test_side_of_the_line(zones, x, y, side):
    assert at(zones, x, y).side == side


@pytest.mark.parametrize(
    ("x", "y", "metres", "nearest"),
    [
        (625_000, 3_480_000, 5_000, (LINE_X, 3_480_000)),
        (635_000, 3_480_000, 5_000, (LINE_X, 3_480_000)),
        # Near the west edge, the east fence, the south edge: the Strip's outline is not the line.
        (621_000, 3_480_000, 9_000, (LINE_X, 3_480_000)),
        (639_900, 3_480_000, 9_900, (LINE_X, 3_480_000)),
        (631_000, 3_470_100, 1_000, (LINE_X, 3_470_100)),
        # The north buffer's inner edge is line too.
        (621_000, 3_488_000, 1_000, (621_000, NORTH_BUFFER_Y)),
    ],
)
def test_metres_and_nearest_point_as_computed_by_hand_in_utm(zones, x, y, metres, nearest):
    result = at(zones, x, y)
    assert result.distance_m == metres
    expected_lat, expected_lon = lat_lon(*nearest)
    assert result.nearest_lat == pytest.approx(expected_lat, abs=1e-4)
    assert result.nearest_lon == pytest.approx(expected_lon, abs=1e-4)


@pytest.mark.parametrize(("metres", "shown"), [(1_234, 1_230), (1_236, 1_240), (3, 0), (7, 10)])
def test_metres_are_rounded_to_ten(zones, metres, shown):
    assert at(zones, LINE_X - metres, 3_480_000).distance_m == shown


def test_orange_distance(zones):
    assert at(zones, 625_000, 3_472_000).orange_distance_m == 1_000
    assert at(zones, 628_000, 3_472_000).orange_distance_m == 0  # inside it
    # To the orange zone's corner (630000, 3474000): √(5000² + 6000²) = 7810.2 m.
    assert at(zones, 635_000, 3_480_000).orange_distance_m == 7_810
    assert at(make_zones(orange=False), 625_000, 3_472_000).orange_distance_m is None


def test_result_as_dict_and_json(zones):
    result = at(zones, 625_000, 3_480_000)
    data = result.as_dict()
    assert set(data) == {
        "lat",
        "lon",
        "side",
        "distance_m",
        "nearest_lat",
        "nearest_lon",
        "orange_distance_m",
        "version_id",
    }
    assert data["version_id"] == "v1" and data["distance_m"] == 5_000
    assert json.loads(result.to_json()) == data
    with pytest.raises(AttributeError):
        result.distance_m = 0  # frozen


@pytest.mark.parametrize(
    ("x", "y", "far"), [(619_000, 3_480_000, "1.0 km"), (630_000, 3_500_000, "10.0 km")]
)
def test_a_point_outside_the_strip_is_refused(zones, x, y, far):
    with pytest.raises(OutsideStrip, match="outside the Gaza Strip") as caught:
        at(zones, x, y)
    assert far in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_swapped_latitude_and_longitude_are_named(zones):
    lat, lon = lat_lon(625_000, 3_480_000)
    with pytest.raises(OutsideStrip, match="look swapped"):
        line_distance(zones, lon, lat)


def test_an_outline_decides_what_is_inside(zones):
    west_half = gpd.GeoDataFrame(
        geometry=[box(620_000, 3_470_000, LINE_X, 3_490_000)], crs=METRIC_CRS
    ).to_crs(GEOGRAPHIC_CRS)
    lat, lon = lat_lon(625_000, 3_480_000)
    assert line_distance(zones, lat, lon, outline=west_half).distance_m == 5_000
    with pytest.raises(OutsideStrip):
        line_distance(zones, *lat_lon(635_000, 3_480_000), outline=west_half)


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        ("abc", 34.4, "latitude 'abc' is not a number"),
        ("NaN", 34.4, "not a finite number"),
        (31.4, float("inf"), "longitude 'inf' is not a finite number"),
        (None, 34.4, "is not a number"),
        ("91", 34.4, "latitude 91 is out of range"),
        (-90.5, 34.4, "out of range"),
        (31.4, 181, "longitude 181 is out of range"),
    ],
)
def test_malformed_coordinates_are_refused(zones, lat, lon, message):
    with pytest.raises(BadCoordinates, match=message):
        line_distance(zones, lat, lon)


def test_long_typed_coordinates_are_quoted_shortened(zones):
    typed = "31.4 " + "a" * 200
    with pytest.raises(BadCoordinates) as info:
        line_distance(zones, typed, 34.4)
    assert str(info.value).startswith(f"The latitude '{typed[:39]}\u2026' is not a number")


def test_coordinates_may_be_text(zones):
    lat, lon = lat_lon(625_000, 3_480_000)
    assert line_distance(zones, str(lat), str(lon)).distance_m == 5_000


def zones_of(boxes: dict[str, object]) -> gpd.GeoDataFrame:
    """Zones drawn in EPSG:32636, named by category (a space and anything after is dropped)."""
    return gpd.GeoDataFrame(
        {"zone": [name.split()[0] for name in boxes]}, geometry=list(boxes.values()), crs=METRIC_CRS
    ).to_crs(GEOGRAPHIC_CRS)


WEST = box(620_000, 3_470_000, LINE_X, 3_490_000)
SOUTH_EAST = box(LINE_X, 3_470_000, 640_000, 3_480_000)
# North-east retained, its southern edge bowed 0.3 m up: a closed gap between two held zones.
BOWED = shapely.Polygon(
    [(LINE_X, 3_480_000), (635_000, 3_480_000.3), (640_000, 3_480_000), (640_000, 3_490_000),
     (LINE_X, 3_490_000)]
)  # fmt: skip


@pytest.mark.parametrize(
    "north_east",
    [
        box(LINE_X, 3_480_000.3, 640_000, 3_490_000),  # a gap open at both ends
        BOWED,  # a closed gap
    ],
    ids=["open gap", "closed gap"],
)
def test_gaps_between_held_zones_are_not_the_line(north_east):
    zones = zones_of({"retained south": SOUTH_EAST, "retained north": north_east, "w": WEST})
    zones["zone"] = zones["zone"].replace({"w": "withdrawal"})
    result = line_distance(zones, *lat_lon(635_000, 3_480_010))
    assert (result.side, result.distance_m) == (HELD_SIDE, 5_000)
    # 20 km of line, give or take a few metres at the gap's mouth: not the gap's 2 x 10 km.
    assert version_line(zones).line.length == pytest.approx(20_000, abs=4 * GAP_TOLERANCE_M)


def test_a_gap_between_the_sides_does_not_cut_the_line():
    """Withdrawal stops 0.4 m short of the line for 10 km: a sliver hole in the Strip."""
    sliver = shapely.Polygon([(LINE_X, 3_475_000), (LINE_X - 0.4, 3_480_000), (LINE_X, 3_485_000)])
    zones = zones_of(
        {"retained": box(LINE_X, 3_470_000, 640_000, 3_490_000), "withdrawal": WEST - sliver}
    )
    assert at(zones, 629_000, 3_480_000).distance_m == 1_000
    assert version_line(zones).line.length == pytest.approx(20_000, abs=4 * GAP_TOLERANCE_M)


@pytest.mark.parametrize("zone", ["retained", "withdrawal"])
def test_zones_without_a_line_are_refused(zone):
    all_one_side = make_zones(orange=False).assign(zone=zone)
    with pytest.raises(NoLine, match="Version v1 has no line"):
        line_distance(all_one_side, *lat_lon(625_000, 3_480_000))


def test_zones_of_several_versions_are_refused(zones):
    both = pd.concat([zones, make_zones(version="v2")], ignore_index=True)
    with pytest.raises(ValueError, match="one version"):
        line_distance(both, *lat_lon(625_000, 3_480_000))


def test_the_line_is_computed_once_per_version_content(zones, monkeypatch):
    first = version_line(zones)
    assert version_line(zones.copy()) is first
    moved = make_zones().assign(zone=lambda df: df["zone"].replace({"retained": "withdrawal"}))
    assert version_line(moved) is not first  # same version id, other zones: another line
    builds = []
    monkeypatch.setattr(distance, "build_version_line", lambda *a: builds.append(a) or first)
    for _ in range(3):
        at(zones, 625_000, 3_480_000)
    assert builds == []
