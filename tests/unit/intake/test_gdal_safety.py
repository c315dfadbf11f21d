"""dashboard.intake.gdal_safety: GDAL with a few drivers, no network, no VRT."""

from __future__ import annotations

from pathlib import Path

import pyogrio

from dashboard.intake.gdal_safety import (
    ALLOWED_DRIVERS,
    DEAD_PROXY,
    gdal_path,
    harden,
    registered_drivers,
    safety_options,
)
from tests.conftest import REPO


def test_only_the_needed_gdal_drivers_exist():
    harden()
    drivers = registered_drivers()
    assert {"OGR_VRT", "CSV", "WFS", "OAPIF", "HTTP", "LIBKML", "GPSBabel"}.isdisjoint(drivers)
    assert set(ALLOWED_DRIVERS) <= drivers
    harden()  # a second call changes nothing
    assert registered_drivers() == drivers


def test_options_close_the_network():
    harden()
    options = safety_options()
    assert options["GDAL_HTTP_PROXY"] == options["GDAL_HTTPS_PROXY"] == DEAD_PROXY
    assert options["PROJ_NETWORK"] == "OFF"
    assert options["GDAL_ALLOW_REMOTE_RESOURCE_TO_ACCESS_LOCAL_FILE"] == "NO"
    # Set in GDAL (pyogrio reads "ON"/"OFF"/"YES"/"NO" back as booleans).
    for name in ("GDAL_HTTP_PROXY", "CPL_VSIL_CURL_ALLOWED_FILENAME"):
        assert pyogrio.get_gdal_config_option(name) == options[name], name
    assert pyogrio.get_gdal_config_option("PROJ_NETWORK") is False


def test_gdal_path_names_the_driver_where_gdal_allows():
    assert gdal_path(Path("/t/a.geojson"), "GeoJSON") == "GeoJSON:/t/a.geojson"
    assert gdal_path(Path("/t/a.gpkg"), "GeoPackage") == "GPKG:/t/a.gpkg"
    assert gdal_path(Path("/t/a.kml"), "KML") == "/t/a.kml"


def test_pyogrio_still_reads_bundled_geojson():
    harden()
    assert len(pyogrio.read_dataframe(REPO / "geodata" / "zones.geojson")) > 0
