"""dashboard.browser.features: feature ids, zone tooltip columns, the details panel."""

from __future__ import annotations

import datetime as dt
import math

import geopandas as gpd
import pytest
from shapely.geometry import box

from dashboard.browser.features import (
    DETAIL_FIELDS,
    describe_zones,
    detail_rows,
    feature_ids,
    format_area,
    layer_of,
    lookup_feature,
    with_fids,
)
from dashboard.config import ZONE_LABELS
from dashboard.zones.areas import with_areas


@pytest.fixture
def zones() -> gpd.GeoDataFrame:
    gdf = gpd.GeoDataFrame(
        {"zone": ["retained", "withdrawal", "annexed"], "name": ["East", "West", "Odd"]},
        geometry=[
            box(34.40, 31.40, 34.41, 31.41),
            box(34.39, 31.40, 34.40, 31.41),
            box(34.38, 31.40, 34.39, 31.41),
        ],
        crs="EPSG:4326",
    )
    return with_areas(gdf, 365.0)


# --- ids (feature_ids and layer_of are being added by the lead) ------------------------------


def test_feature_ids():
    assert feature_ids("zones", 3) == ["zones:0", "zones:1", "zones:2"]
    assert feature_ids("d1:x", 1) == ["d1:x:0"]
    assert feature_ids("zones", 0) == []


@pytest.mark.parametrize(
    ("fid", "layer"),
    [("zones:3", "zones"), ("d1-changes:0", "d1-changes"), ("a:b:7", "a:b"), (":0", "")],
)
def test_layer_of(fid, layer):
    assert layer_of(fid) == layer


@pytest.mark.parametrize("fid", ["zones", "", None])
def test_layer_of_a_text_that_is_no_id(fid):
    assert layer_of(fid) is None


def test_ids_name_their_layer_back():
    for fid in feature_ids("u1:sub", 4):
        assert layer_of(fid) == "u1:sub"


def test_with_fids_adds_ids_and_leaves_the_input(zones):
    out = with_fids(zones, "u1")
    assert list(out["fid"]) == feature_ids("u1", 3)
    assert "fid" not in zones.columns


def test_describe_zones(zones):
    out = describe_zones(zones, "zones")
    assert list(out["fid"]) == feature_ids("zones", 3)
    assert list(out["zone_label"]) == [
        ZONE_LABELS["retained"],
        ZONE_LABELS["withdrawal"],
        "Not categorised",
    ]
    assert out["area_text"].iloc[0] == format_area(out["area_km2"].iloc[0], out["share_pct"][0])
    assert set(out["confidence"]) == {"not stated"}
    assert "zone_label" not in zones.columns
    stated = describe_zones(zones.assign(confidence="high"), "zones")
    assert set(stated["confidence"]) == {"high"}


# --- what people read -----------------------------------------------------------------------


def test_format_area_does_not_invent_precision():
    assert format_area(143.97, 39.46) == "≈ 144 km² (39 % of the Strip)"
    assert format_area(1.31, 0.36) == "≈ 1.3 km² (< 1 % of the Strip)"
    assert format_area(12.4) == "≈ 12 km²"


def test_lookup_and_details(zones):
    layers = {"zones": describe_zones(zones, "zones")}
    record = lookup_feature(layers, "zones:1")
    assert record["name"] == "West"
    labels = [label for label, _ in detail_rows(record)]
    assert labels[:2] == ["Category", "Area"]
    assert lookup_feature(layers, "zones:9") is None
    assert lookup_feature(layers, "nope") is None
    assert lookup_feature(layers, None) is None
    assert lookup_feature(layers, "other:0") is None
    assert lookup_feature({"plain": zones}, "plain:0") is None  # a layer without ids


def test_detail_rows_known_fields_first_then_the_rest_as_text():
    record = {
        "source": "UN",
        "zone_label": "Retained",
        "fid": "zones:0",
        "geometry": None,
        "name": "East",
        "zone": "retained",
        "area_km2": 1.0,
        "share_pct": 0.3,
        "phase": 1,
        "missing": None,
        "blank": math.nan,
        "note": "<b>raw</b>",
    }
    rows = detail_rows(record)
    assert rows == [
        (DETAIL_FIELDS["zone_label"], "Retained"),
        ("Phase", "Phase 1"),
        (DETAIL_FIELDS["source"], "UN"),
        ("note", "<b>raw</b>"),  # raw: the page escapes it for Markdown
    ]


@pytest.mark.parametrize(
    ("record", "rows"),
    [
        (
            {"name": "Erez", "kind": "crossing", "phase": "phase-1", "confidence": "low"},
            [("Kind", "Crossing"), ("Phase", "Phase 1"), ("Confidence", "Low")],
        ),
        ({"kind": "yellow_line"}, [("Kind", "Yellow line")]),
        (
            {
                "kind": "published",
                "version": "2025-10-10-first-line",
                "valid_from": "2025-10-10",
                "valid_to": None,
            },
            [
                ("Basis", "Published (official map)"),
                ("Version", "2025-10-10-first-line"),
                ("In force from", "2025-10-10"),
                ("In force until", "the latest mapped version (none drawn after it)"),
            ],
        ),
        (
            {"kind": "planned", "valid_from": dt.date(2025, 9, 29), "valid_to": "2025-10-04"},
            [
                ("Basis", "Planned (published plan)"),
                ("In force from", "2025-09-29"),
                ("In force until", "2025-10-04"),
            ],
        ),
        (
            {"kind": "reported", "valid_to": math.nan},
            [
                ("Basis", "Reported (press and satellite)"),
                ("In force until", "the latest mapped version (none drawn after it)"),
            ],
        ),
    ],
)
def test_known_properties_read_as_words(record, rows):
    assert detail_rows(record) == rows


def test_a_zone_version_is_named_by_its_label():
    record = {
        "zone": "retained",
        "version": "2025-10-19-idf-map",
        "label": "19 Oct 2025: the IDF's map",
        "valid_from": "2025-10-19",
        "valid_to": "2025-11-20",
        "kind": "published",
        "track": "ground",
    }
    assert detail_rows(record) == [
        ("Basis", "Published (official map)"),
        ("Version", "19 Oct 2025: the IDF's map"),
        ("In force from", "2025-10-19"),
        ("In force until", "2025-11-20"),
        ("Track", "On the ground"),
    ]
    plan = detail_rows({"track": "plan-phase-2", "restriction": "perimeter", "governorate": "Gaza"})
    assert plan == [
        ("Track", "Plan, phase 2"),
        ("Restriction", "Perimeter along the fence"),
        ("Governorate", "Gaza"),
    ]
    assert ("label", "x") in detail_rows({"label": "x"})  # not a version: a property like any


def test_unknown_values_and_properties_stay_as_they_are():
    record = {"kind": "<b>depot</b>", "phase": "later", "Phase_2": "phase-2", "x": 0}
    assert detail_rows(record) == [
        ("Kind", "<b>depot</b>"),
        ("Phase", "later"),
        ("Phase_2", "phase-2"),
        ("x", "0"),
    ]


def test_a_feature_without_version_fields_has_no_end_date():
    assert detail_rows({"kind": "town", "valid_until": None}) == [("Kind", "Town")]


def test_a_plan_phase_is_never_said_to_be_in_force():
    from dashboard.browser.features import LATEST_MAPPED, NEVER_IN_FORCE, detail_rows

    ground = dict(detail_rows({"version": "v", "valid_to": None, "track": "ground"}))
    plan = dict(detail_rows({"version": "p", "valid_to": None, "track": "plan-phase-2"}))
    assert ground["In force until"] == LATEST_MAPPED
    assert plan["In force until"] == NEVER_IN_FORCE


# -- In the page's language -----------------------------------------------------------------


def arabic_word(key: str, english: str, **values: object) -> str:
    """A page whose catalogue has a few keys (the rest falls back to the English)."""
    table = {
        "details.field.kind": "النوع",
        "details.kind.crossing": "معبر",
        "details.field.confidence": "درجة الثقة",
        "details.confidence.low": "منخفضة",
        "details.phase": "المرحلة {number}",
        "details.field.version": "النسخة",
        "details.status.closed": "مغلق",
        "details.status_until": "{status} من {start} حتى {end}",
        "month.9": "سبتمبر",
        "month.11": "نوفمبر",
    }
    text = table.get(key, english)
    return text.format(**values) if values else text


def test_known_values_and_labels_are_put_in_the_page_words():
    record = {"kind": "crossing", "confidence": "low", "phase": "phase-2", "note": "as it is"}
    rows = detail_rows(record, lang="ar", word=arabic_word)
    assert rows == [
        ("النوع", "معبر"),
        ("Phase", "المرحلة 2"),  # a label without a translation: the English one
        ("درجة الثقة", "منخفضة"),
        ("note", "as it is"),
    ]


def test_a_version_and_a_place_are_named_in_the_page_language():
    from dashboard.browser.features import detail_title

    version = {"version": "v1", "label": "19 Oct 2025: the IDF's map", "label_ar": "خريطة"}
    assert ("النسخة", "خريطة") in detail_rows(version, lang="ar", word=arabic_word)
    assert ("Version", "19 Oct 2025: the IDF's map") in detail_rows(version)
    assert all("label" not in label for label, _ in detail_rows(version, lang="ar"))

    town = {"name": "Khan Younis", "name_ar": "خان يونس", "kind": "town"}
    assert detail_title(town, "ar") == "خان يونس" and detail_title(town) == "Khan Younis"
    rows = dict(detail_rows(town, lang="ar"))
    assert rows["Name in English"] == "Khan Younis" and "name_ar" not in rows
    assert dict(detail_rows(town))["Name in Arabic"] == "خان يونس"  # English page: a row
    assert detail_title({"name": "Rafah", "name_ar": ""}, "ar") == "Rafah"


def test_a_crossing_status_history_reads_as_periods():
    history = [
        {"from": "2025-09-12", "to": "2025-11-12", "status": "closed", "source": "s, 2025"},
    ]
    record = {"kind": "crossing", "status_history": history}
    assert dict(detail_rows(record))["Status over time"] == (
        "closed from 12 Sep 2025 to 12 Nov 2025"
    )
    arabic = dict(detail_rows(record, lang="ar", word=arabic_word))
    assert arabic["Status over time"] == "مغلق من 12 سبتمبر 2025 حتى 12 نوفمبر 2025"
    assert "status_history" not in dict(detail_rows({"kind": "crossing", "status_history": []}))
    # A history that cannot be read is shown as it is, never an error.
    assert dict(detail_rows({"status_history": "[oops"}))["Status over time"] == "[oops"


def test_a_zone_area_is_written_in_the_page_words():
    record = {"area_text": "≈ 12 km² (3 % of the Strip)", "area_km2": 12.3, "share_pct": 3.4}
    word = lambda key, english, **values: (  # noqa: E731
        "≈ {area} كم² ({share} %)" if key == "details.area_share" else english
    ).format(**values)
    assert dict(detail_rows(record, word=word))["Area"] == "≈ 12 كم² (3 %)"
    assert dict(detail_rows(record))["Area"] == format_area(12.3, 3.4)


def test_a_zone_description_and_its_dates_read_in_the_page_language():
    """?lang=ar: the description is ``description_ar`` (the English where it is missing),
    the dates are written with the page's month names; the translations are never rows of
    their own, on either page; the English page keeps ISO dates."""
    record = {
        "zone": "retained",
        "name": "Retained – Rafah",
        "name_ar": "منطقة تحتفظ بها إسرائيل – رفح",
        "version": "v1",
        "valid_from": "2025-09-29",
        "valid_to": dt.date(2025, 11, 20),
        "description": "All of Rafah governorate.",
        "description_ar": "محافظة رفح كلها.",
        "governorate": "Rafah",
        "governorate_ar": "رفح",
        "as_of": "not a date",
    }
    word = lambda key, english, **values: {  # noqa: E731
        "month.9": "سبتمبر",
        "month.11": "نوفمبر",
        "details.field.description": "الوصف",
    }.get(key, english).format(**values)
    arabic = dict(detail_rows(record, lang="ar", word=word))
    assert arabic["الوصف"] == "محافظة رفح كلها."
    assert arabic["In force from"] == "29 سبتمبر 2025"
    assert arabic["In force until"] == "20 نوفمبر 2025"
    assert arabic["As of"] == "not a date"  # not a date: as it is
    assert arabic["Governorate"] == "رفح"
    assert not any(label.endswith("_ar") for label in arabic)
    english = dict(detail_rows(record))
    assert english["Description"] == "All of Rafah governorate."
    assert english["In force from"] == "2025-09-29" and english["In force until"] == "2025-11-20"
    assert "description_ar" not in english and "governorate_ar" not in english
    assert english["Governorate"] == "Rafah"
    untranslated = {**record, "description_ar": None}
    assert dict(detail_rows(untranslated, lang="ar"))["Description"] == "All of Rafah governorate."


def test_the_zone_tooltip_columns_follow_the_page_language(zones):
    from dashboard.browser.features import zones_in_language

    described = describe_zones(zones, "zones")
    described["name_ar"] = ["شرق", None, " "]
    described["confidence"] = ["low", "medium", "odd"]
    table = {
        "category.retained": "مناطق تحتفظ بها إسرائيل",
        "details.area": "≈ {area} كم²",
        "details.area_share": "≈ {area} كم² ({share} %)",
        "details.confidence.low": "منخفضة",
    }
    word = lambda key, english, **values: table.get(key, english).format(**values)  # noqa: E731
    arabic = zones_in_language(described, "ar", word)
    assert list(arabic["name"]) == ["شرق", "West", "Odd"]  # the English where none is given
    assert arabic["zone_label"].iloc[0] == "مناطق تحتفظ بها إسرائيل"
    assert arabic["zone_label"].iloc[1] == ZONE_LABELS["withdrawal"]  # no translation
    assert arabic["area_text"].iloc[0].endswith("كم² (< 1 %)")
    assert list(arabic["confidence"]) == ["منخفضة", "Medium", "odd"]
    assert list(arabic["fid"]) == list(described["fid"])  # clicks find the same features
    assert zones_in_language(described, "en", word) is described


def test_format_area_in_the_page_words():
    word = lambda key, english, **values: (  # noqa: E731
        "≈ {area} كم²" if key == "details.area" else english
    ).format(**values)
    assert format_area(143.97, word=word) == "≈ 144 كم²"
    assert format_area(1.31, 0.36, word=word) == "≈ 1.3 km² (< 1 % of the Strip)"


def test_an_arcgis_feature_is_titled_and_its_values_read_as_people_write_them():
    """No "Unnamed feature" when a name-like property exists, no 118.0, no 1744373160000."""
    from dashboard.browser.features import detail_rows, detail_title

    record = {"OBJECTID": 1, "NAME": "Block 118", "Block": 118.0, "date": 1744373160000.0}
    assert detail_title(record) == "Block 118"
    rows = dict(detail_rows(record))
    assert rows["Block"] == "118"
    assert rows["date"] == "11 Apr 2025, 12:06 UTC"


def test_the_orange_zone_is_named_for_what_it_is_and_has_no_phase_row():
    # A buffer feature with restriction "orange" in a ground version of March 2026: it lies
    # beyond the line; "Buffer" and "Phase 1" said the wrong thing of it.
    orange = {
        "zone": "buffer",
        "zone_label": "Buffer / off-limits perimeter",
        "version": "2026-03-15-orange-zone",
        "kind": "reported",
        "track": "ground",
        "phase": "phase-1",
        "restriction": "orange",
    }
    rows = dict(detail_rows(orange))
    assert rows["Category"] == "Orange restricted zone (beyond the line)"
    assert "Phase" not in rows and "Plan phase of this line" not in rows
    assert "Restriction" not in rows  # the category says it
    # Translated like the legend's row.
    words = {"legend.orange_zone": "المنطقة البرتقالية"}

    def arabic(key, english, **values):
        return words.get(key, english).format(**values) if values else words.get(key, english)

    assert dict(detail_rows(orange, lang="ar", word=arabic))["Category"] == "المنطقة البرتقالية"


def test_a_ground_versions_phase_says_it_is_the_line_it_follows():
    rows = dict(detail_rows({"version": "v", "track": "ground", "phase": "phase-1"}))
    assert rows["Plan phase of this line"] == "Phase 1"
    assert "Phase" not in rows
    plan = dict(detail_rows({"version": "p", "track": "plan-phase-2", "phase": "phase-2"}))
    assert plan["Phase"] == "Phase 2"


def test_bundled_properties_read_with_labels_not_as_raw_rows():
    municipality = {
        "name": "Rafah",
        "name_ar": "رفح",
        "name_en": "Rafah",
        "name_he": "רפיח",
        "osm_id": 123,
        "admin_level": "8",
        "licence": "© OpenStreetMap contributors, ODbL 1.0",
    }
    rows = dict(detail_rows(municipality))
    assert rows["Name in Arabic"] == "رفح" and rows["Name in Hebrew"] == "רפיח"
    assert rows["OpenStreetMap id"] == "123" and rows["Licence"].startswith("©")
    assert "Name in English" not in rows  # the same as the heading
    assert not {"name_ar", "name_he", "name_en", "osm_id", "admin_level", "licence"} & set(rows)
    place = {"name": "Doha", "id": "doha", "region": "doha", "located": True, "label_side": "left"}
    assert dict(detail_rows(place)) == {}
    governorate = {"name": "Rafah", "reported_area_km2": 65.0}
    assert dict(detail_rows(governorate))["Reported area"] == "≈ 65 km²"


def test_the_orange_zones_tooltip_names_it():
    zones = gpd.GeoDataFrame(
        {
            "zone": ["buffer", "buffer"],
            "restriction": ["perimeter", "orange"],
            "area_km2": [5.0, 40.0],
            "share_pct": [1.0, 11.0],
            "name": ["Perimeter buffer", "Orange restricted zone"],
        },
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
        crs="EPSG:4326",
    )
    described = describe_zones(zones, "zones")
    assert list(described["zone_label"]) == [
        "Buffer / off-limits perimeter",
        "Orange restricted zone (beyond the line)",
    ]
