"""Reading user files: every kind of bad input gets a clear message; good input is normalised."""

from __future__ import annotations

import json
import zipfile

import pytest

from dashboard.intake.user_files import LayerChoiceRequired, Limits, read_geodata
from dashboard.messages import AxesSwapped, CrsRequired, GeodataError
from tests.conftest import DATA, zip_of


def read(name: str, **kwargs):
    return read_geodata((DATA / name).read_bytes(), name, **kwargs)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("not_json.geojson", "is not valid JSON"),
        ("truncated.geojson", "ends too early (truncated?)"),
        ("not_geojson.json", "is JSON but not GeoJSON"),
        ("empty_collection.geojson", "has no features"),
        ("no_geometry.geojson", "none of its 2 features has a geometry"),
        ("not_a_map.gpkg", "GDAL cannot read this file as GeoPackage"),
        ("no_vector_layer.zip", "holds no vector data"),
        ("corrupt.zip", "not a readable zip archive"),
        ("encrypted.zip", "encrypted (password-protected)"),
        ("projected_no_crs.geojson", "look like metres"),
        ("two_layers.gpkg", "holds 2 layers (zones, towns); choose one"),
    ],
)
def test_refused_with_a_message_that_says_why(name, expected):
    with pytest.raises(GeodataError) as info:
        read(name)
    message = str(info.value)
    assert message.startswith(name)
    assert expected in message


def test_unsupported_extension():
    with pytest.raises(GeodataError, match="'.csv' are not supported"):
        read_geodata(b"a,b\n1,2\n", "towns.csv")


def test_size_limit_names_limit_and_size():
    data = (DATA / "valid_zones.geojson").read_bytes()
    with pytest.raises(GeodataError, match=r"the file is 0\.0 MB, over the limit of 0\.0 MB"):
        read_geodata(data, "big.geojson", limits=Limits(max_bytes=100))


def test_feature_and_vertex_limits():
    data = (DATA / "valid_zones.geojson").read_bytes()
    with pytest.raises(GeodataError, match="2 features, over the limit of 1"):
        read_geodata(data, "z.geojson", limits=Limits(max_features=1))
    with pytest.raises(GeodataError, match="10 vertices, over the limit of 5"):
        read_geodata(data, "z.geojson", limits=Limits(max_vertices=5))


def test_zip_bomb_refused_before_extraction(tmp_path, monkeypatch):
    bomb = zip_of({"zones.geojson": b"\0" * 20_000_000})
    assert len(bomb) < 100_000
    extracted = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: extracted.append(a))
    with pytest.raises(GeodataError, match="would expand to 19.1 MB"):
        read_geodata(bomb, "bomb.zip")
    assert extracted == []  # nothing was written


def test_zip_path_traversal_refused():
    with pytest.raises(GeodataError, match="unsafe path"):
        read_geodata(zip_of({"../../etc/evil.geojson": b"{}"}), "evil.zip")


def test_valid_geojson_is_read_as_is():
    loaded = read("valid_zones.geojson")
    assert list(loaded.gdf["zone"]) == ["withdrawal", "retained"]
    assert loaded.gdf.crs.to_epsg() == 4326
    assert loaded.messages == []
    assert loaded.name == "valid_zones" and len(loaded.content_hash) == 64


def test_projected_crs_is_reprojected_and_said():
    loaded = read("zones_israeli_grid.gpkg")
    assert loaded.source_crs == "EPSG:2039"
    assert "reprojected from EPSG:2039" in loaded.messages[0].text
    minx, miny, maxx, maxy = loaded.gdf.total_bounds
    assert minx == pytest.approx(34.33, abs=1e-4) and maxy == pytest.approx(31.41, abs=1e-4)


def test_shapefile_in_a_subfolder_of_a_zip():
    loaded = read("shapefile_in_subfolder.zip")
    assert len(loaded.gdf) == 2 and set(loaded.gdf["zone"]) == {"retained", "withdrawal"}


def test_shapefile_without_prj_asks_for_the_crs():
    with pytest.raises(CrsRequired, match="does not say which coordinate reference system"):
        read("shapefile_without_prj.zip")
    loaded = read("shapefile_without_prj.zip", crs="EPSG:4326")
    assert loaded.gdf.crs.to_epsg() == 4326
    assert "read with the CRS you gave" in loaded.messages[0].text
    with pytest.raises(CrsRequired, match="not a coordinate reference system"):
        read("shapefile_without_prj.zip", crs="EPSG:nonsense")


def test_layers_of_a_geopackage():
    with pytest.raises(LayerChoiceRequired) as info:
        read("two_layers.gpkg")
    assert info.value.layers == ["zones", "towns"]
    loaded = read("two_layers.gpkg", layer="towns")
    assert loaded.gdf.geom_type.tolist() == ["Point"] and "towns" in loaded.name


def test_kml():
    loaded = read("zones.kml")
    assert len(loaded.gdf) == 2 and "West square" in set(loaded.gdf["Name"])


def test_swapped_axes_detected_and_fixed():
    with pytest.raises(AxesSwapped, match="latitude and longitude look swapped"):
        read("swapped_axes.geojson")
    loaded = read("swapped_axes.geojson", swap_axes=True)
    x, y = loaded.gdf.geometry.iloc[0].exterior.coords[0]
    assert (x, y) == pytest.approx((34.35, 31.40))


def test_other_country_warned_with_distance():
    loaded = read("other_country.geojson")
    (warning,) = loaded.messages
    assert warning.level == "warning"
    assert "outside the Gaza region, about 3,2" in warning.text  # Paris: ~3,285 km


def test_invalid_geometries_repaired_and_reported():
    loaded = read("self_intersecting.geojson")
    assert loaded.gdf.geometry.is_valid.all()
    assert loaded.gdf.geom_type.iloc[0] in ("Polygon", "MultiPolygon")
    (message,) = loaded.messages
    assert "1 invalid geometry(ies) repaired" in message.text
    assert "#0 ('Bow tie'): Self-intersection" in message.text


def test_unclosed_ring_closed_and_reported():
    loaded = read("unclosed_ring.geojson")
    assert loaded.gdf.geometry.iloc[0].is_valid
    assert "were not closed" in loaded.messages[0].text


def test_mixed_types_and_values_are_json_safe():
    loaded = read("mixed_types.geojson")
    assert "2 point or line feature(s) are shown but left out" in loaded.messages[0].text
    gdf = loaded.gdf
    json.dumps(gdf.drop(columns="geometry").to_dict(orient="records"))  # serialisable
    assert gdf.loc[0, "opened"] == "2025-10-10"
    assert gdf.loc[1, "opened"] is None


def test_hostile_text_is_read_verbatim():
    loaded = read("hostile.geojson")
    assert "<img src=x" in loaded.gdf.loc[0, "name"]  # kept as data; escaped when shown
