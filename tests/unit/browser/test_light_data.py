"""dashboard.browser.light_data: what the light page knows, compact and JSON-safe."""

from __future__ import annotations

import json
from functools import cache

import numpy as np
import shapely

from dashboard.browser.light_data import (
    DISPLAY_TOLERANCE_M,
    GRID_DEG,
    LIGHT_SIDES,
    GeometryTable,
    TextTable,
    encode,
    light_data,
    near_line_rule,
    page_texts,
)
from dashboard.config import GEODATA_DIR, PACKAGE_DIR
from dashboard.intake.bundled import load_zone_versions
from dashboard.intake.line_drift import load_line_drift
from dashboard.zones.distance import OTHER_SIDE, build_version_line
from dashboard.zones.series import versions, zones_of


@cache
def bundled_light_data() -> dict:
    """The bundled data's payload, built once for the tests of the light page."""
    return light_data()


def decode(part: list[int], scale: float) -> np.ndarray:
    """What the page's ``decodeRing`` does: the first vertex, then running sums."""
    return np.cumsum(np.asarray(part, dtype=float).reshape(-1, 2), axis=0) * scale


def test_a_polygon_is_encoded_as_rings_of_differences_on_the_grid():
    square = shapely.Polygon(
        [(34.4, 31.4), (34.41, 31.4), (34.41, 31.41), (34.4, 31.41)],
        holes=[[(34.402, 31.402), (34.404, 31.402), (34.404, 31.404)]],
    )
    [rings] = encode(square, GRID_DEG)
    assert len(rings) == 2  # exterior and hole
    assert rings[0][:4] == [3440000, 3140000, 1000, 0]
    np.testing.assert_allclose(decode(rings[0], GRID_DEG), np.asarray(square.exterior.coords))
    np.testing.assert_allclose(decode(rings[1], GRID_DEG), np.asarray(square.interiors[0].coords))


def test_lines_and_multipolygons_become_one_part_each():
    lines = shapely.MultiLineString([[(0, 0), (10, 0)], [(0, 5), (3, 9)]])
    assert encode(lines, 1.0) == [[[0, 0, 10, 0]], [[0, 5, 3, 4]]]
    two = shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.box(5, 5, 6, 6)])
    assert len(encode(two, 1.0)) == 2


def test_identical_geometries_and_texts_are_written_once():
    shapes, texts = GeometryTable(1.0), TextTable()
    assert shapes.add(shapely.box(0, 0, 2, 2)) == shapes.add(shapely.box(0, 0, 2, 2)) == 0
    assert shapes.add(shapely.box(0, 0, 3, 3)) == 1
    assert shapes.add(None) is None and shapes.add(shapely.Polygon()) is None
    assert texts.add("Reuters") == texts.add("Reuters") == 0 and texts.add("") is None


def test_every_version_is_there_with_its_unsimplified_line_in_metres():
    data = bundled_light_data()
    zones = load_zone_versions()
    assert [v["id"] for v in data["versions"]] == [v.id for v in versions(zones)]
    ground = next(v for v in data["versions"] if v["id"] == "2025-10-19-idf-map")
    line = build_version_line(zones_of(zones, "2025-10-19-idf-map")).line
    parts = data["metric"][ground["measure"]["line"]]
    shipped = shapely.MultiLineString([decode(part[0], data["metric_step_m"]) for part in parts])
    # Every vertex of the line is shipped, each within a metre (rounded to whole metres).
    assert shapely.get_num_coordinates(shipped) == shapely.get_num_coordinates(line)
    assert shapely.hausdorff_distance(shipped, line) <= 1.0
    assert ground["kind"] == "published" and ground["from"] == "2025-10-19"


def test_zones_carry_their_source_date_and_confidence_and_are_simplified_within_the_tolerance():
    data = bundled_light_data()
    assert data["tolerance_m"] == DISPLAY_TOLERANCE_M <= 20
    for version in data["versions"]:
        for zone in version["zones"]:
            assert zone["zone"] in data["categories"]
            assert data["strings"][zone["src"]] and zone["as_of"] and zone["conf"]
            assert data["strings"][zone["name"]]
    orange = next(v for v in data["versions"] if v["id"] == "2026-03-15-orange-zone")
    assert any(z.get("restriction") == "orange" for z in orange["zones"])
    assert orange["measure"]["orange"] is not None


def test_the_crossings_and_the_events_come_with_their_sources():
    data = bundled_light_data()
    kerem = next(c for c in data["crossings"] if "Kerem" in c["name"])
    assert kerem["history"] and all(p["source"] for p in kerem["history"])
    assert data["events"] and all(e["day"] and e["source"] for e in data["events"])
    assert json.loads(json.dumps(data)) == data  # JSON-safe


def test_the_page_texts_are_in_both_languages_with_the_same_keys():
    texts = page_texts()
    assert set(texts) == {"en", "ar"}
    assert texts["en"].keys() == texts["ar"].keys()
    assert "light.where" in texts["en"] and texts["ar"]["light.where"] != texts["en"]["light.where"]


def test_the_warning_near_the_line_is_the_app_s_rule_read_from_the_data(tmp_path):
    # The app warns on the other side within line-drift.json's warn_within_m
    # (zones.drift.needs_warning); the page gets the same two facts, not a number of its own.
    rule = bundled_light_data()["near_line"]
    assert rule == {
        "side": LIGHT_SIDES[OTHER_SIDE],
        "warn_within_m": load_line_drift().warn_within_m,
    }
    document = json.loads((GEODATA_DIR / "line-drift.json").read_text(encoding="utf-8"))
    (tmp_path / "line-drift.json").write_text(json.dumps({**document, "warn_within_m": 250}))
    assert near_line_rule(tmp_path)["warn_within_m"] == 250
    script = (PACKAGE_DIR / "browser" / "light_assets" / "light.js").read_text(encoding="utf-8")
    assert "D.near_line" in script and "DRIFT_WARNING_M" not in script
