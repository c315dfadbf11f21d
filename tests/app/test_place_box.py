"""The one place box: options in the page's language, a name typed in either language or
coordinates in either order, the box keeping the choice, and the answer in one unit."""

from __future__ import annotations

import re

from tests.app.conftest import type_in_selectbox

BOX = "place_choice"


def answer_text(at) -> str:
    return " ".join(m.value for m in at.markdown if "from the line" in m.value or "الخط" in m.value)


def opened(app_test, **params):
    at = app_test
    at.query_params["at"] = "2026-04-01"
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_a_picked_place_is_measured_and_the_box_keeps_it(app_test):
    at = opened(app_test)
    assert not at.exception
    at.selectbox(key=BOX).set_value("town:Khan Younis").run()
    assert not at.exception
    assert at.selectbox(key=BOX).value == "town:Khan Younis"  # not reset to nothing
    assert "**Khan Younis** (31.3402, 34.3063)" in answer_text(at)
    # The map is asked to move there, close enough for the segment to be seen.
    lat, lon, zoom = at.session_state["map_view"]
    assert 31.2 < lat < 31.5 and 34.2 < lon < 34.5 and 10 <= zoom <= 15
    # Another run (a date changed, say) keeps the choice and the answer.
    at.run()
    assert at.selectbox(key=BOX).value == "town:Khan Younis"
    assert "**Khan Younis**" in answer_text(at)
    # Emptying the box takes the answer away.
    at.selectbox(key=BOX).set_value(None).run()
    assert not answer_text(at)


def test_the_options_are_in_the_pages_language_only(app_test):
    english = opened(app_test).selectbox(key=BOX).options
    assert "Khan Younis (town)" in english and "Maghazi (town)" in english
    assert "Shati (Beach camp) (town)" in english and "al-Mawasi (town)" in english
    assert not any(re.search("[\u0600-\u06ff]", option) for option in english)


def test_the_arabic_page_lists_and_measures_arabic_names(app_test):
    at = opened(app_test, lang="ar")
    options = at.selectbox(key=BOX).options
    assert "خان يونس (بلدة)" in options and "المغازي (بلدة)" in options
    assert not any(re.search("[A-Za-z]", option) for option in options)
    at.selectbox(key=BOX).set_value("town:Khan Younis").run()
    assert not at.exception
    assert "**خان يونس**" in answer_text(at)


def test_a_name_typed_in_the_other_language_is_found(app_test):
    at = opened(app_test)
    type_in_selectbox(at, BOX, "خان يونس").run()
    assert not at.exception
    assert at.selectbox(key=BOX).value == "town:Khan Younis"  # the box names the place found
    assert "**Khan Younis**" in answer_text(at)


def test_coordinates_typed_in_either_order_are_measured(app_test):
    at = opened(app_test)
    type_in_selectbox(at, BOX, "34.38, 31.42").run()  # longitude first, as GIS tools give
    assert not at.exception
    assert "(31.4200, 34.3800)" in answer_text(at)


def test_coordinates_outside_the_strip_and_unknown_names_are_said(app_test):
    at = opened(app_test)
    type_in_selectbox(at, BOX, "48.85, 2.35").run()
    assert not at.exception
    assert any("not in the Gaza Strip" in w.value for w in at.warning)
    type_in_selectbox(at, BOX, "Atlantis").run()
    assert any("No place named “Atlantis”" in w.value for w in at.warning)


def test_one_answer_uses_one_unit(app_test):
    # Deir al-Balah's centre lies well over 1 km from the line, and the orange zone too.
    at = opened(app_test)
    at.selectbox(key=BOX).set_value("town:Deir al-Balah").run()
    text = " ".join(m.value for m in at.markdown)
    distances = re.findall(r"\*\*([\d.,]+) (km|m)\*\*", text)
    orange = re.findall(r"Orange restricted zone: ([\d.,]+) (km|m)", text)
    units = {unit for _, unit in distances + orange}
    assert distances and orange and units == {"km"}, (distances, orange)
