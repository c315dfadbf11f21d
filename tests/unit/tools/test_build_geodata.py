"""tools/build_geodata.py: the bundled zones are exactly what the build makes from its inputs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from shapely.geometry import shape

from tests.conftest import REPO
from tools import build_geodata
from tools.version_files import read_inputs

GEODATA = REPO / "geodata"
INPUTS = read_inputs(GEODATA / "versions")


def _build(out_dir: Path, monkeypatch) -> Path:
    out_dir.mkdir()
    monkeypatch.setattr(build_geodata, "OUT", out_dir)
    build_geodata.build(GEODATA / "outline.geojson", osm_path=None)
    return out_dir / "zones.geojson"


def test_the_build_is_deterministic_and_reproduces_the_bundled_zones(tmp_path, monkeypatch, capsys):
    first = _build(tmp_path / "a", monkeypatch)
    second = _build(tmp_path / "b", monkeypatch)
    out = capsys.readouterr().out
    assert first.read_bytes() == second.read_bytes()
    assert "contract and tiling OK" in out
    # Only the zones (and the municipalities, given their input) are written by default.
    assert sorted(p.name for p in first.parent.iterdir()) == ["zones.geojson"]
    assert "left places_gaza.geojson as it is" in out
    # What is shipped is what the build makes: no version was edited by hand. Byte for byte
    # with the GEOS this was built with; within a grid step (1e-5°) with another.
    built = json.loads(first.read_text(encoding="utf-8"))["features"]
    shipped = json.loads((GEODATA / "zones.geojson").read_text(encoding="utf-8"))["features"]
    assert [f["properties"] for f in built] == [f["properties"] for f in shipped]
    for ours, theirs in zip(built, shipped, strict=True):
        difference = shape(ours["geometry"]).symmetric_difference(shape(theirs["geometry"]))
        assert difference.area < 1e-8, ours["properties"]["name"]  # about 100 m²


def test_every_version_has_its_label_in_arabic():
    specs = [version.spec for version in INPUTS.versions]
    for spec in specs:
        assert any("\u0600" <= char <= "\u06ff" for char in spec.label_ar), spec.id
    shipped = json.loads((GEODATA / "zones.geojson").read_text(encoding="utf-8"))["features"]
    labels = {f["properties"]["version"]: f["properties"]["label_ar"] for f in shipped}
    assert labels == {spec.id: spec.label_ar for spec in specs}


def has_arabic(text: object) -> bool:
    return isinstance(text, str) and any("\u0600" <= char <= "\u06ff" for char in text)


def numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", text))


# What the English hedges, and how the Arabic hedges it (any one of them).
HEDGES = {
    "about": ("نحو",),
    "reported": ("أُفيد", "يُذكر", "تُذكر", "ذكر"),  # "not reported": لم يُذكر
    "estimate": ("تقدير",),
    "approximate": ("تقريبي",),
}


def keeps_the_hedging(english: str, arabic: str) -> bool:
    return all(
        any(h in arabic for h in hedge)
        for word, hedge in HEDGES.items()
        if re.search(rf"\b{word}\b", english)
    )


def test_every_bundled_zone_has_its_name_and_description_in_arabic():
    """Every zone feature carries ``name_ar`` and ``description_ar``; a composed name is
    composed from the category's and the governorate's Arabic names; a description keeps
    every figure of the English (distances, dates, shares, coordinates)."""
    shipped = json.loads((GEODATA / "zones.geojson").read_text(encoding="utf-8"))["features"]
    for feature in shipped:
        props = feature["properties"]
        where = f"{props['version']}: {props['name']}"
        assert has_arabic(props["name_ar"]) and has_arabic(props["description_ar"]), where
        assert (props["governorate"] is None) == (props["governorate_ar"] is None), where
        assert numbers(props["description"]) <= numbers(props["description_ar"]), where
        gov = props["governorate"]
        if props["name"] in (f"Retained – {gov}", f"Withdrawal – {gov}"):
            arabic = INPUTS.shared.governorates_ar[gov]
            category = INPUTS.shared.piece_names[props["zone"]][1]
            assert props["name_ar"] == f"{category} – {arabic}"
        if "How it was drawn: " in props["description"]:
            assert "كيف رُسمت: " in props["description_ar"], where


def test_the_hand_written_arabic_keeps_the_hedging():
    """What the English hedges ("about", "reported", "estimate", "approximate") is hedged in
    the Arabic too (نحو، أُفيد، تقدير، تقريبي)."""
    versions = INPUTS.versions
    texts = [
        *(text for v in versions for m in v.moves for text in (m.description, m.reason)),
        *(text for v in versions for z in v.restricted for text in (z.description, z.reason)),
        *(v.band.description for v in versions if v.band),
        *(text for v in versions if v.band for text in v.band.descriptions.values()),
        *(text for v in versions if v.held_side for text in v.held_side.descriptions.values()),
        *(text for v in versions if v.line for text in v.line.descriptions.values()),
        INPUTS.shared.perimeter.description,
    ]
    assert len(texts) > 20
    for english, arabic in texts:
        assert keeps_the_hedging(english, arabic), english


@pytest.mark.parametrize(
    "name", ["governorates.geojson", "outline.geojson", "lines.geojson", "places_gaza.geojson"]
)
def test_every_bundled_reference_feature_has_its_arabic_name(name):
    features = json.loads((GEODATA / name).read_text(encoding="utf-8"))["features"]
    for feature in features:
        assert has_arabic(feature["properties"].get("name_ar")), feature["properties"]["name"]


@pytest.mark.parametrize(
    "name", ["places.geojson", "places_gaza.geojson", "lines.geojson", "governorates.geojson"]
)
def test_every_bundled_place_line_and_governorate_has_its_description_in_arabic(name):
    """Every feature with a ``description`` has a ``description_ar``: in Arabic, with every
    figure of the English in Western digits (as the zones), and its hedges."""
    features = json.loads((GEODATA / name).read_text(encoding="utf-8"))["features"]
    described = [f["properties"] for f in features if f["properties"].get("description")]
    assert described
    for props in described:
        english, arabic = props["description"], props.get("description_ar")
        assert has_arabic(arabic) and arabic.strip(), english
        assert numbers(english) <= numbers(arabic), english
        assert keeps_the_hedging(english, arabic), english


def test_a_base_rebuild_gives_the_bundled_base_files_back(tmp_path, monkeypatch):
    """``--base`` rewrites outline, governorates, lines and places_gaza as they are bundled:
    what it writes itself (the Arabic descriptions of the lines and governorates among it)
    and, for places_gaza, the hand-edited properties of the file it replaces."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "places_gaza.geojson").write_bytes((GEODATA / "places_gaza.geojson").read_bytes())
    monkeypatch.setattr(build_geodata, "OUT", out)
    build_geodata.build(GEODATA / "outline.geojson", osm_path=None, base=True)
    for name in build_geodata.BASE_FILES:
        built = json.loads((out / name).read_text(encoding="utf-8"))["features"]
        shipped = json.loads((GEODATA / name).read_text(encoding="utf-8"))["features"]
        assert [list(f["properties"].items()) for f in built] == [
            list(f["properties"].items()) for f in shipped
        ], name
        assert [f["geometry"] for f in built] == [f["geometry"] for f in shipped], name


def test_the_municipalities_take_their_texts_from_the_seed_and_name_a_level_it_lacks(tmp_path):
    """Each boundary's description is its level's in ``seeds/municipalities.json``; a level
    the seed has no description for stops the build with the seed file named."""

    def osm(level: str) -> Path:
        square = [[[34.40, 31.40], [34.41, 31.40], [34.41, 31.41], [34.40, 31.40]]]
        props = {"boundary": "administrative", "admin_level": level, "@id": "relation/1"}
        data = {
            "timestamp": "2025-10-28T00:00:00Z",
            "features": [
                {
                    "properties": {**props, "name": "X"},
                    "geometry": {"type": "Polygon", "coordinates": square},
                }
            ],
        }
        path = tmp_path / f"osm-{level}.geojson"
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    (built,) = build_geodata.build_municipalities(osm("9"))
    seed = json.loads((GEODATA / "seeds" / "municipalities.json").read_text(encoding="utf-8"))
    assert built["properties"]["description"] == seed["description_by_admin_level"]["9"]
    assert built["properties"]["source"] == seed["source"].format(timestamp="2025-10-28")
    with pytest.raises(build_geodata.SeedFileError, match="municipalities.json: .*'7'"):
        build_geodata.build_municipalities(osm("7"))
