"""The bundled gazetteer: places found by English or Arabic name, offline."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from dashboard.intake.gazetteer import (
    best_match,
    bounds_view,
    load_gazetteer,
    search,
    segment_view,
)


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


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Maghazi", "Maghazi"),
        ("المغازي", "Maghazi"),
        ("mawasi", "al-Mawasi"),
        ("المواصي", "al-Mawasi"),
        ("shati", "Shati (Beach camp)"),
        ("مخيم الشاطئ", "Shati (Beach camp)"),
        ("خان", "Khan Younis"),
    ],
)
def test_the_camps_and_areas_people_ask_about_are_found_in_both_languages(typed, name):
    place = best_match(load_gazetteer(), typed)
    assert place is not None and place.name == name
    assert 31.2 < place.lat < 31.6 and 34.2 < place.lon < 34.6


def test_a_whole_name_wins_and_a_town_before_its_municipality():
    places = load_gazetteer()
    rafah = best_match(places, "Rafah")
    assert (rafah.name, rafah.kind) == ("Rafah", "town")  # not "Rafah crossing"
    assert best_match(places, "رفح").kind == "town"
    assert best_match(places, "Atlantis") is None


def test_names_in_the_pages_language():
    place = best_match(load_gazetteer(), "Khan Younis")
    assert place.name_in("ar") == "خان يونس" and place.name_in("en") == "Khan Younis"


def test_segment_view_shows_both_ends_on_a_phone():
    lat, lon, zoom = segment_view(31.34, 34.30, 31.34, 34.33)  # 3 km apart
    assert (round(lat, 4), round(lon, 4)) == (31.34, 34.315)
    # 340 px show 340 * 360 / (256 * 2**zoom) degrees: more than the 0.03 between the ends.
    assert 340 * 360 / (256 * 2**zoom) > 0.03
    assert segment_view(31.34, 34.30, 31.34, 34.3001)[2] == 15.0  # a town around the place
    assert segment_view(31.22, 34.22, 31.6, 34.57)[2] == 10.0  # never beyond the Strip
