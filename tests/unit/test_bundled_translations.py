"""The bundled places, lines and governorates read in the page's language in the details
panel: the Arabic description (``description_ar``) on the Arabic page, the English one on
the English page, never both (the data's translations are checked in
``tests/unit/tools/test_build_geodata.py``)."""

from __future__ import annotations

import pytest

from dashboard.browser.features import detail_rows, detail_title, lookup_feature, with_fids
from dashboard.intake import bundled
from dashboard.ui.i18n import words

ARABIC_DESCRIPTION = "الوصف"  # details.field.description in ar.json


@pytest.fixture(scope="module")
def layers() -> dict:
    """The bundled reference layers as the page can click them, and the timeline's places."""
    found = {
        spec.key: with_fids(bundled.load_reference_layer(spec), spec.key)
        for spec in bundled.REFERENCE_LAYERS
    }
    found["place"] = with_fids(bundled.read_bundled(bundled.PLACES_FILE), "place")
    return found


@pytest.mark.parametrize(
    ("key", "name", "arabic_name", "arabic"),
    [
        ("crossings", "Rafah crossing", "معبر رفح", "معبر رفح، نقطة عبور على حدود القطاع."),
        (
            "place",
            "The White House, Washington",
            "البيت الأبيض، واشنطن",
            "مقر إقامة الرئيس الأمريكي ومكتبه.",
        ),
        ("corridors", "Philadelphi corridor", "محور فيلادلفيا", "نحو 14 كم على امتداد الحدود"),
        ("governorates", "North Gaza", "شمال غزة", "محافظة شمال غزة (حدود تقريبية)."),
    ],
)
def test_a_bundled_feature_is_described_in_the_page_language(
    layers, key, name, arabic_name, arabic
):
    row = layers[key].index[layers[key]["name"] == name][0]
    record = lookup_feature(layers, f"{key}:{row}")
    english = record["description"]
    assert detail_title(record, "ar") == arabic_name
    in_arabic = dict(detail_rows(record, lang="ar", word=words("ar")))
    assert in_arabic[ARABIC_DESCRIPTION].startswith(arabic)
    assert not any(english in value for value in in_arabic.values())
    assert not any(label.endswith("_ar") for label in in_arabic)
    assert detail_title(record) == name
    in_english = dict(detail_rows(record))
    assert in_english["Description"] == english
    assert not any(arabic in value for value in in_english.values())
    assert "description_ar" not in in_english
