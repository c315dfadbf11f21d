"""dashboard.zones.new_version: a version derived from a held side drawn elsewhere."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pytest
import shapely

from dashboard.intake import added_versions, bundled
from dashboard.zones import new_version as nv
from dashboard.zones.contract import ZONE_FILE_PROPERTIES, tiling_problems, zone_problems
from dashboard.zones.grid import geographic, metric
from dashboard.zones.series import held_side, zones_of
from tests.conftest import DATA

META = nv.VersionMeta(
    id="2026-12-01-test",
    label="1 Dec 2026: test",
    label_ar="1 ديسمبر 2026: اختبار",
    valid_from=dt.date(2026, 12, 1),
    kind="reported",
    source="A test drawing",
    confidence="low",
)


@pytest.fixture(scope="module")
def strip():
    return added_versions.strip_shape()


@pytest.fixture(scope="module")
def texts():
    return added_versions.added_texts()


@pytest.fixture(scope="module")
def latest():
    return zones_of(bundled.load_zone_versions(), "2026-01-05-east-gaza-city")


def example_held() -> shapely.Geometry:
    return gpd.read_file(DATA / "held_side_example.geojson").geometry.iloc[0]


def test_a_held_side_gives_a_complete_version_that_tiles_the_strip(strip, texts):
    zones, notes = nv.from_held_side(example_held(), None, strip, texts, META)
    assert list(zones.columns) == [*ZONE_FILE_PROPERTIES, "geometry"]
    assert zone_problems(zones, "new", versioned=True) == []
    assert tiling_problems(zones, strip.outline, "new") == []
    assert set(zones["zone"]) == {"retained", "withdrawal", "buffer"}
    assert set(zones["version"]) == {META.id} and zones["valid_to"].isna().all()
    perimeter = zones[zones["restriction"] == "perimeter"]
    assert len(perimeter) == 1 and perimeter["source"].iloc[0] == texts.perimeter_source
    # The perimeter is the held side within 1 km of the fence: nothing of it farther.
    fence_m = metric(strip.fence)
    assert fence_m.hausdorff_distance(metric(perimeter.geometry.iloc[0])) > 0
    far = metric(perimeter.geometry.iloc[0]).difference(fence_m.buffer(1010))
    assert far.area < 1
    retained = zones[zones["zone"] == "retained"]
    assert (retained["source"] == META.source).all()
    assert retained["name"].str.startswith("Retained – ").all()
    assert retained["name_ar"].str.contains("منطقة تحتفظ بها إسرائيل").all()
    assert any("outside the Strip: cut off" in note for note in notes)  # drawn past the fence


def test_an_orange_zone_marked_in_the_file_is_kept_beyond_the_line(strip, texts):
    held = example_held()
    band = geographic(metric(held).buffer(600).difference(metric(held)))
    frame = gpd.GeoDataFrame(
        {"restriction": [None, "orange"]}, geometry=[held, band], crs="EPSG:4326"
    )
    held_part, orange = nv.split_held_file(frame)
    zones, _ = nv.from_held_side(held_part, orange, strip, texts, META)
    assert tiling_problems(zones, strip.outline, "new") == []
    orange_rows = zones[zones["restriction"] == "orange"]
    assert len(orange_rows) == 1 and orange_rows["zone"].iloc[0] == "buffer"
    assert orange_rows["name"].iloc[0] == texts.orange_name[0]
    behind = held_side(zones, include_restricted=False)
    assert behind.intersection(orange_rows.geometry.iloc[0]).area < 1e-9


def test_a_file_outside_the_strip_or_too_small_is_refused(strip, texts):
    far = shapely.box(35.0, 32.0, 35.1, 32.1)
    with pytest.raises(nv.NewVersionError, match="outside the Gaza Strip"):
        nv.from_held_side(far, None, strip, texts, META)
    tiny = shapely.Point(34.45, 31.5).buffer(0.005)  # about 0.2 km²
    with pytest.raises(nv.NewVersionError, match=r"less than 1 %"):
        nv.from_held_side(tiny, None, strip, texts, META)


def test_finished_zones_get_the_properties_they_lack(strip, texts, latest):
    given = latest[["zone", "geometry"]].copy()
    zones = nv.from_zones(given, strip, texts, META)
    assert zone_problems(zones, "new", versioned=True) == []
    assert (zones["label"] == META.label).all()
    bad = given.assign(zone="annexed")
    with pytest.raises(nv.NewVersionError, match="annexed"):
        nv.from_zones(bad, strip, texts, META)


def test_the_change_names_the_area_and_the_municipalities(strip, texts, latest):
    zones, _ = nv.from_held_side(example_held(), None, strip, texts, META)
    towns = bundled.read_bundled(bundled.MUNICIPALITIES_FILE)
    change = nv.describe_change(latest, zones, 364.9, towns, "2026-01-05-east-gaza-city")
    # The example is the line of 5 Jan 2026 drawn 250 m deeper: area gained, none lost.
    assert 8 < change.gained_km2 < 20 and change.lost_km2 < 0.5
    assert change.behind_line_pct == pytest.approx(change.held_pct)  # no orange zone
    assert not change.municipalities.empty
    assert (change.municipalities["change_points"].abs() > 1).all()
    unchanged = nv.describe_change(latest, latest, 364.9, towns, "x")
    assert unchanged.gained_km2 < 0.01 and unchanged.municipalities.empty


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("1 Dec 2026: line 250 m deeper", "2026-12-01-line-250-m-deeper"),
        ("Line moved west in Khan Younis and Jabalia", "2026-12-01-line-moved-west-in-khan"),
        ("٪٪", "2026-12-01-version"),
    ],
)  # fmt: skip
def test_the_version_id_is_the_date_and_the_label(label, expected):
    assert nv.version_id(dt.date(2026, 12, 1), label) == expected
