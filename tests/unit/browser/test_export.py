"""dashboard.browser.export: the zones as GeoJSON and the map as one offline HTML file."""

from __future__ import annotations

import datetime as dt
import json
import re

import geopandas as gpd
from shapely.geometry import box

from dashboard.browser.export import (
    EXPORT_DROP_COLUMNS,
    MapCaption,
    caption_html,
    made_iso,
    made_now,
    readable_source,
    standalone_html,
    zones_geojson,
)
from dashboard.browser.features import describe_zones
from dashboard.browser.map_builder import build_base_map, zone_group
from dashboard.browser.offline_assets import use_local_assets
from dashboard.zones.areas import with_areas

ZONES = gpd.GeoDataFrame(
    {"zone": ["retained", "withdrawal"], "name": ["East", "West"]},
    geometry=[box(34.40, 31.40, 34.42, 31.42), box(34.38, 31.40, 34.40, 31.42)],
    crs="EPSG:4326",
)


def test_zones_geojson_is_rfc7946_with_properties():
    described = describe_zones(with_areas(ZONES, 365.0), "z")
    data = json.loads(zones_geojson(described.to_crs("EPSG:32636")))
    assert data["type"] == "FeatureCollection" and "crs" not in data
    properties = data["features"][0]["properties"]
    assert properties["zone"] == "retained" and properties["name"] == "East"
    assert properties["area_km2"] == round(properties["area_km2"], 2) > 0
    assert not set(EXPORT_DROP_COLUMNS) & set(properties)
    x, y = data["features"][0]["geometry"]["coordinates"][0][0]
    assert 34 < x < 35 and 31 < y < 32  # longitude/latitude, whatever the input CRS
    assert "fid" in described.columns  # the input keeps its columns


def test_standalone_html_needs_no_network():
    use_local_assets()
    html = standalone_html(
        build_base_map(), [zone_group(describe_zones(with_areas(ZONES, 365.0), "z"), "Z")]
    )
    assert not re.findall(r"<script[^>]+src=|<link[^>]+href=", html)
    assert "L.geoJson" in html or "L.geoJSON" in html
    assert "Leaflet" in html  # the library itself is inlined
    assert "East" in html  # and the layer


def test_zones_geojson_carries_foreign_members_beside_type():
    members = {"version_id": "v", "version_age_days": 267, "note": "Last mapped 15 Mar 2026."}
    data = json.loads(zones_geojson(ZONES, members))
    assert list(data)[:4] == ["type", "version_id", "version_age_days", "note"]
    assert data["note"] == "Last mapped 15 Mar 2026." and len(data["features"]) == 2


def test_the_downloaded_caption_carries_the_last_mapped_note_escaped():
    note = "Last mapped 15 Mar 2026 <b>"
    html = caption_html(MapCaption("T", "Zones in force on 7 Dec 2026", "n", last_mapped=note))
    assert "<p class='last-mapped'>Last mapped 15 Mar 2026 &lt;b&gt;</p>" in html
    assert html.index("last-mapped") < html.index("<p>n</p>")  # before the notice
    assert "last-mapped'>" not in caption_html(MapCaption("T", "s", "n"))


def test_the_caption_gives_the_orange_zone_its_legend_row():
    from dashboard.config import ORANGE_ZONE_COLOUR

    caption = MapCaption("Map", "Zones on 15 Mar 2026", "Approximations.")
    assert (
        ORANGE_ZONE_COLOUR,
        "Orange restricted zone (beyond the line)",
        False,
    ) in caption.legend()


def test_a_passed_on_map_names_its_sources_not_the_sources_file():
    # A reader of the file cannot open geodata/SOURCES.md: the pointer goes, the sources stay.
    source = "Reuters, 29 Apr 2026 https://a.org/x. Not official. See geodata/SOURCES.md."
    assert readable_source(source) == "Reuters, 29 Apr 2026 https://a.org/x. Not official."
    html = caption_html(MapCaption("T", "shown", "n", [source], linked=True))
    assert "SOURCES.md" not in html
    assert '<a href="https://a.org/x" target="_blank" rel="noopener noreferrer">' in html


def test_a_users_sources_are_never_links_in_a_passed_on_map():
    html = caption_html(MapCaption("T", "shown", "n", ["my file https://evil.example/x"]))
    assert "<a " not in html and "https://evil.example/x" in html


def test_the_caption_says_when_it_was_made_in_utc():
    when = dt.datetime(2026, 12, 7, 12, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert made_now("Made on {when}", when) == "Made on 2026-12-07 10:30 UTC"
    assert made_iso(when) == "2026-12-07T10:30:00Z"
    html = caption_html(MapCaption("T", "shown", "n", made="Made on 2026-12-07 10:30 UTC"))
    assert "<p class='made'>Made on 2026-12-07 10:30 UTC</p>" in html
    assert "class='made'" not in caption_html(MapCaption("T", "shown", "n"))


def test_the_caption_folds_and_starts_folded_on_a_phone():
    html = caption_html(MapCaption("Title", "shown", "n"))
    assert "<details class='gcm-fold' open><summary><h1>Title</h1></summary>" in html
    assert "matchMedia('(max-width: 640px)')" in html and "fold.open = false" in html
    assert "@media (max-width:640px)" in html


def test_exported_zones_drop_the_sources_file_pointer():
    zones = gpd.GeoDataFrame(
        {"zone": ["retained"], "source": ["ACLED, 2025. See geodata/SOURCES.md."]},
        geometry=[box(34.3, 31.3, 34.4, 31.4)],
        crs="EPSG:4326",
    )
    data = json.loads(zones_geojson(zones))
    assert data["features"][0]["properties"]["source"] == "ACLED, 2025."
