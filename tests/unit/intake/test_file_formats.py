"""dashboard.intake.file_formats: the first bytes must agree with the extension."""

from __future__ import annotations

import pytest

from dashboard.intake.file_formats import (
    SHAPEFILE_MAGIC,
    SQLITE_MAGIC,
    check_content,
    check_no_entities,
    describe_markup,
    kind_of,
)
from dashboard.messages import GeodataError
from tests.conftest import zip_of


def test_kind_of():
    assert kind_of("a.GeoJSON") == "GeoJSON" and kind_of("a.json") == "GeoJSON"
    assert kind_of("a.gpkg") == "GeoPackage" and kind_of("x/a.ZIP") == "zip"
    assert kind_of("a.kml") == "KML" and kind_of("a.shp") == "Shapefile"
    assert kind_of("a.csv") is None and kind_of("geojson") is None


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b'\xef\xbb\xbf  {"type":"FeatureCollection"}', "GeoJSON"),
        (b"", "GeoJSON"),
        (b"not json at all", "GeoJSON"),  # the JSON checks say where it breaks
        (SQLITE_MAGIC + b"rest", "GeoPackage"),
        (b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2">', "KML"),
        (SHAPEFILE_MAGIC + b"rest", "Shapefile"),
    ],
)
def test_matching_content_passes(head, kind):
    check_content(head, kind, "f")


@pytest.mark.parametrize(
    ("head", "kind", "expected"),
    [
        (b"<OGRVRTDataSource>", "GeoJSON", "a GDAL virtual dataset (VRT)"),
        (b"<!DOCTYPE html><html><body>Not found</body>", "GeoJSON", "an HTML page that says"),
        (b"<ows:ExceptionReport>Bad request</ows:ExceptionReport>", "GeoJSON", "error report"),
        (zip_of({"a": b"x"}), "GeoJSON", "this is a zip archive, not GeoJSON"),
        (SQLITE_MAGIC, "GeoJSON", "this is a GeoPackage/SQLite file, not GeoJSON"),
        (b"{}", "GeoPackage", "this is not a GeoPackage (not an SQLite file)"),
        (b"<!DOCTYPE kml [<!ENTITY x 'y'>]><kml/>", "KML", "declares a DOCTYPE or entities"),
        (b"<gpx></gpx>", "KML", "this is not a KML file (an XML document (<gpx>)"),
        (b"{}", "KML", "not an XML document"),
        (b"\x00\x00\x00\x00", "Shapefile", "is not a shapefile"),
        (b"{}", "zip", "not read here"),
    ],
)
def test_mismatched_content_is_named(head, kind, expected):
    with pytest.raises(GeodataError) as info:
        check_content(head, kind, "up.load")
    assert str(info.value).startswith("up.load: ")
    assert expected in str(info.value)


def test_describe_markup_quotes_a_short_text():
    described = describe_markup(b"<?xml version='1.0'?><!-- c --><root><p>" + b"word " * 100)
    assert described.startswith("an XML document (<root>) that says: “word word")
    assert described.endswith("…”") and len(described) < 250


def test_entities_anywhere_in_a_kml_are_refused():
    check_no_entities(b"<kml><Placemark/></kml>", "a.kml")
    with pytest.raises(GeodataError, match="declares entities"):
        check_no_entities(b"<kml>" + b" " * 10_000 + b"<!entity x 'y'>", "a.kml")
