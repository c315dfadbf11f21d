"""dashboard.intake.crs_checks: a file's CRS must be the Earth's; data ends in lon/lat."""

from __future__ import annotations

import json

import geopandas as gpd
import pyarrow.parquet as pq
import pytest
from pyproj import CRS
from shapely.geometry import box

from dashboard.intake.crs_checks import earth_crs_problem, normalise_crs
from dashboard.intake.user_files import read_geodata
from dashboard.messages import CrsRequired, GeodataError
from tests.conftest import DATA
from tests.conftest import read_data as read
from tests.data.make_hostile_files import point_shapefile, zip_bytes


def test_projected_crs_is_reprojected_and_said():
    loaded = read("zones_israeli_grid.gpkg")
    assert loaded.source_crs == "EPSG:2039"
    assert "reprojected from EPSG:2039" in loaded.messages[0].text
    minx, miny, maxx, maxy = loaded.gdf.total_bounds
    assert minx == pytest.approx(34.33, abs=1e-4) and maxy == pytest.approx(31.41, abs=1e-4)


def test_metres_without_a_crs_ask_for_the_crs():
    """A GeoJSON file in metres says nothing of its CRS: the user is asked, as for a
    shapefile without .prj (CrsRequired is what makes the page show the CRS field)."""
    with pytest.raises(CrsRequired, match="look like metres") as info:
        read("projected_no_crs.geojson")
    assert str(info.value).startswith("\u2068projected_no_crs.geojson\u2069: ")
    assert "EPSG:2039" in str(info.value)
    with pytest.raises(CrsRequired, match="so they are not in 'EPSG:4326'"):
        read("projected_no_crs.geojson", crs="EPSG:4326")
    loaded = read("projected_no_crs.geojson", crs="EPSG:2039")
    assert loaded.source_crs == "EPSG:2039"
    assert "read with the CRS you gave (EPSG:2039)" in loaded.messages[0].text
    minx, miny, maxx, maxy = loaded.gdf.total_bounds
    assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


@pytest.mark.parametrize(
    ("name", "problem"),
    [("moon_crs.zip", "is not the Earth's"), ("engineering_crs.zip", "local engineering")],
)
def test_a_declared_crs_that_cannot_be_used_asks_for_one(name, problem):
    with pytest.raises(CrsRequired, match=problem) as info:
        read_geodata((DATA / "hostile" / name).read_bytes(), name)
    assert "Say which CRS the coordinates are in" in str(info.value)


def test_coordinates_that_do_not_fit_the_crs_ask_for_one():
    gdf = gpd.GeoDataFrame(geometry=[box(1e9, 1e9, 1.1e9, 1.1e9)], crs="EPSG:2039")
    with pytest.raises(CrsRequired, match="Say which CRS"):
        normalise_crs(gdf, None, "far.geojson", [])


def test_shapefile_without_prj_asks_for_the_crs():
    with pytest.raises(CrsRequired, match="does not say which coordinate reference system"):
        read("shapefile_without_prj.zip")
    loaded = read("shapefile_without_prj.zip", crs="EPSG:4326")
    assert loaded.gdf.crs.to_epsg() == 4326
    assert "read with the CRS you gave" in loaded.messages[0].text
    with pytest.raises(CrsRequired, match="not a coordinate reference system"):
        read("shapefile_without_prj.zip", crs="EPSG:nonsense")


def test_a_long_typed_crs_is_quoted_shortened():
    typed = "EPSG:nonsense " + "Call +1 555 0100 to unlock the map. " * 6
    with pytest.raises(CrsRequired) as info:
        read("shapefile_without_prj.zip", crs=typed)
    assert f"'{typed[:39]}\u2026' is not a coordinate reference system" in str(info.value)
    assert "unlock" not in str(info.value)


@pytest.mark.parametrize(
    ("crs", "problem"),
    [
        ("EPSG:4326", None),
        ("EPSG:2039", None),
        ("+proj=longlat +R=1 +no_defs", "is not the Earth's"),
        (
            'ENGCRS["local",EDATUM["x"],CS[Cartesian,2],AXIS["x",east],AXIS["y",north],'
            'LENGTHUNIT["metre",1]]',
            "local engineering system",
        ),
    ],
)
def test_earth_crs_problem(crs, problem):
    found = earth_crs_problem(CRS.from_user_input(crs))
    assert found is None if problem is None else problem in found


def test_normalise_crs_directly():
    gdf = gpd.GeoDataFrame(geometry=[box(34.4, 31.4, 34.41, 31.41)], crs="EPSG:4326")
    messages: list = []
    out, source = normalise_crs(gdf.to_crs("EPSG:32636"), None, "m.geojson", messages)
    assert source == "EPSG:32636" and out.crs.to_epsg() == 4326
    assert out.total_bounds == pytest.approx(gdf.total_bounds, abs=1e-6)
    assert messages[0].level == "info" and "reprojected from EPSG:32636" in messages[0].text
    messages.clear()
    out, source = normalise_crs(gdf, None, "g.geojson", messages)
    assert source == "EPSG:4326" and messages == []
    with pytest.raises(CrsRequired):
        normalise_crs(gdf.set_crs(None, allow_override=True), None, "n.geojson", [])


SERVER_FILES = "refers to files of the server"


@pytest.mark.parametrize(
    "typed",
    [
        "+init=/etc/passwd:root",
        "+init=epsg:4326",
        "init=/etc/passwd:root",
        "+proj=longlat +datum=WGS84 +nadgrids=/etc/passwd",
        "+proj=longlat +ellps=WGS84 +geoidgrids=/etc/shadow",
        "+proj=longlat +ellps=WGS84 +nadgrids=@null,/etc/passwd",
        "/etc/passwd",
        "./zones.prj",
        "file:///etc/passwd",
    ],
)
def test_a_crs_that_would_open_server_files_is_refused_before_proj_reads_it(typed, monkeypatch):
    def never(*_args, **_kwargs):
        raise AssertionError("PROJ was given the text")

    monkeypatch.setattr(CRS, "from_user_input", never)
    with pytest.raises(CrsRequired, match=SERVER_FILES) as info:
        read("shapefile_without_prj.zip", crs=typed)
    assert "Use an EPSG code" in str(info.value)


@pytest.mark.parametrize(
    "typed",
    [
        "+proj=longlat +ellps=WGS84 +towgs84=-24,-123,-94,0.02,-0.25,-0.13,1.1 +no_defs",
        "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m "
        "+nadgrids=@null +wktext +no_defs",
        "EPSG:4326",
    ],
)
def test_towgs84_and_the_null_grid_are_allowed(typed):
    gdf = gpd.GeoDataFrame(geometry=[box(34.4, 31.4, 34.41, 31.41)], crs="EPSG:4326")
    gdf = gdf.to_crs(typed)
    out, _ = normalise_crs(gdf, typed, "ok.geojson", [])
    assert out.total_bounds == pytest.approx((34.4, 31.4, 34.41, 31.41), abs=1e-3)


def test_a_files_crs_with_a_grid_is_refused_before_any_conversion():
    gdf = gpd.GeoDataFrame(geometry=[box(34.4, 31.4, 34.41, 31.41)])
    gdf = gdf.set_crs("+proj=longlat +datum=WGS84 +nadgrids=/etc/passwd")
    with pytest.raises(CrsRequired, match=SERVER_FILES) as info:
        normalise_crs(gdf, None, "grid.gpkg", [])
    assert str(info.value).startswith("grid.gpkg: the coordinate reference system the file")


@pytest.mark.filterwarnings("ignore:'crs' was not provided")  # the .prj is written by hand
def test_a_shapefile_whose_prj_hides_a_grid_in_a_proj4_extension_is_refused():
    prj = (
        'GEOGCS["x",DATUM["WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],'
        'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],'
        'EXTENSION["PROJ4","+proj=longlat +datum=WGS84 +nadgrids=/etc/passwd"]]'
    )
    with pytest.raises(CrsRequired, match=SERVER_FILES):
        read_geodata(zip_bytes(point_shapefile(prj)), "grid.zip")
    # GDAL's own Web Mercator carries "+nadgrids=@null" that way: built in, no file.
    mercator = gpd.GeoDataFrame(geometry=[box(3.83e6, 3.69e6, 3.84e6, 3.70e6)])
    mercator = mercator.set_crs(CRS.from_wkt(CRS("EPSG:3857").to_wkt("WKT1_GDAL")))
    out, _ = normalise_crs(mercator, None, "mercator.gpkg", [])
    assert out.crs.to_epsg() == 4326


def test_a_geoparquet_declaring_an_init_file_is_refused_before_it_is_read(tmp_path):
    gdf = gpd.GeoDataFrame({"zone": ["retained"]}, geometry=[box(34.4, 31.4, 34.41, 31.41)])
    path = tmp_path / "init.parquet"
    gdf.set_crs("EPSG:4326").to_parquet(path)
    table = pq.read_table(path)
    geo = json.loads(table.schema.metadata[b"geo"])
    geo["columns"]["geometry"]["crs"] = "+init=/etc/passwd:root"
    table = table.replace_schema_metadata({**table.schema.metadata, b"geo": json.dumps(geo)})
    pq.write_table(table, path)
    with pytest.raises(GeodataError, match=SERVER_FILES) as info:
        read_geodata(path.read_bytes(), "init.parquet")
    assert str(info.value).startswith("\u2068init.parquet\u2069: the coordinate reference system")
