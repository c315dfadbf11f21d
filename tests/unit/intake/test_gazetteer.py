"""The bundled gazetteer: places found by English or Arabic name, offline."""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import box

from dashboard.intake.gazetteer import bounds_view, load_gazetteer, search


def test_khan_younis_is_found_in_english_and_in_arabic():
    places = load_gazetteer()
    english = search(places, "khan you")
    arabic = search(places, "خان يونس")
    assert any(p.name == "Khan Younis" for p in english)
    assert arabic and all(31.2 < p.lat < 31.6 and 34.2 < p.lon < 34.6 for p in arabic)
    assert any("خان يونس" in p.label for p in arabic)


def test_arabic_diacritics_and_case_are_ignored():
    places = load_gazetteer()
    assert search(places, "المغازي") == search(places, "المغازِي")  # with and without kasra
    assert search(places, "RAFAH") == search(places, "rafah")
    assert search(places, "  ") == []


def test_bounds_view_frames_the_layer():
    strip = gpd.GeoDataFrame(geometry=[box(34.22, 31.22, 34.57, 31.6)], crs="EPSG:4326")
    lat, lon, zoom = bounds_view(strip)
    assert (lat, lon) == (31.41, 34.395) or abs(lat - 31.41) < 1e-9
    assert 10 <= zoom <= 11  # the whole Strip in about 600 px
    building = gpd.GeoDataFrame(geometry=[box(34.30, 31.30, 34.301, 31.301)], crs="EPSG:4326")
    assert bounds_view(building)[2] == 16.0  # capped: never closer than a street
