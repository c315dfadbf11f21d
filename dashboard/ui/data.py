"""Cached access to the bundled data, for the page (the core stays cache-free).

The bundled frames are read once per process and shared, never copied: callers treat
them as read-only (every transformation in the core returns a new frame).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
import streamlit as st

from dashboard.browser.features import describe_zones, with_fids, zones_in_language
from dashboard.browser.map_builder import ContextData, prepare_context
from dashboard.browser.offline_assets import prepare_offline_assets
from dashboard.browser.serialise import BrowserLayer, browser_geojson
from dashboard.browser.styles import NAME_TOOLTIP, ORANGE_KIND, ZONE_TOOLTIP, TooltipSpec
from dashboard.config import CONFIDENCE_LEVELS, GEODATA_DIR
from dashboard.intake import (
    added_versions,
    bundled,
    dropin,
    line_drift,
    scratch,
    timeline_data,
)
from dashboard.intake import daily_deaths as daily_deaths_data
from dashboard.intake import gazetteer as gazetteer_data
from dashboard.intake.reported_shares import load_reported_shares
from dashboard.messages import isolate
from dashboard.ui import st_folium_cached
from dashboard.ui.i18n import DEFAULT_LANGUAGE, LANGUAGES, RTL_LANGUAGES, translate, words
from dashboard.zones import distance, drift, series, version_changes
from dashboard.zones import municipalities as municipality_areas
from dashboard.zones.areas import area_by_category, total_area_km2, with_areas
from dashboard.zones.currency import ReportedShare


@st.cache_resource(show_spinner=False)
def offline_assets_ready() -> bool:
    """Once per process: copy Leaflet into the served folder and point folium at it, and
    delete upload folders left behind by processes that were killed mid-read."""
    prepare_offline_assets()
    scratch.remove_stale()
    return True


@st.cache_resource(show_spinner="Reading the bundled map data…")
def strip_area() -> float:
    """Area of the Strip outline in km² (EPSG:32636)."""
    return total_area_km2(bundled.load_outline())


DATED_LINE_KEY = "yellow_line"  # the reference layer drawn from the version shown


def added_folder() -> Path | None:
    """Where versions added to the deployment's data directory live (``--data-dir`` after
    ``--`` on the streamlit command line, else ``GAZA_MAP_DATA_DIR``), or None."""
    directory = added_versions.data_dir(dropin.data_dir_option(sys.argv[1:]))
    return added_versions.versions_folder(directory) if directory is not None else None


@st.cache_resource(show_spinner=False, max_entries=2)
def _series(folder: Path | None, stamp: tuple) -> added_versions.AddedSeries:
    """The bundled versions and those added to ``folder`` as they are on disk (``stamp``),
    with areas, tooltip columns and feature ids."""
    base = bundled.load_zone_versions()
    found = (
        added_versions.add_to_series(base, folder)
        if folder is not None
        else added_versions.AddedSeries(base)
    )
    found.zones = describe_zones(with_areas(found.zones, strip_area()), "zones")
    return found


_seen: list[tuple] = []  # the (folder, stamp) of the series the caches below were filled from


def added_series() -> added_versions.AddedSeries:
    """Every version (bundled and added), the files they came from and the files left out.

    The data directory's ``versions/`` folder is listed on every call (a few file stamps):
    a version added, changed or removed is picked up on the next interaction, and every
    cache computed from the versions is emptied then, for every visitor at once.
    """
    folder = added_folder()
    stamp = added_versions.folder_stamp(folder) if folder is not None else ()
    key = (folder, stamp) if stamp else (None, ())  # no added file: the bundled series
    if _seen and _seen[0] != key:
        for cached in _SERIES_CACHES:
            cached.clear()
        st_folium_cached.forget_shared()  # the versions' layers, drawn from the old files
    _seen[:] = [key]
    return _series(*key)


def zone_versions() -> gpd.GeoDataFrame:
    """Every zone version, bundled and added, with areas, tooltip columns and feature ids."""
    return added_series().zones


def version_origin(version_id: str) -> Path | None:
    """The file a version added to the data directory came from (None: bundled)."""
    return added_series().origins.get(version_id)


@st.cache_resource(show_spinner=False)
def versions() -> list[series.Version]:
    """The versions, in order (the same for every visitor)."""
    return series.versions(zone_versions())


@st.cache_resource(show_spinner=False)
def tracks() -> list[str]:
    """The tracks: the ground, then the plan's phases."""
    return series.tracks(zone_versions())


@st.cache_resource(show_spinner=False, max_entries=32)
def category_areas(version_id: str) -> pd.DataFrame:
    """Area and share per category of a version (the same for every visitor)."""
    return area_by_category(zones(version_id), strip_area())


@st.cache_resource(show_spinner=False)
def latest_version() -> str:
    """The id of the ground version in force today (what a page opens on)."""
    return series.version_at(zone_versions(), dt.date.today()).id


@st.cache_resource(show_spinner=False, max_entries=32)
def zones(version_id: str | None = None) -> gpd.GeoDataFrame:
    """The bundled zones of one version (the latest on the ground by default)."""
    return series.zones_of(zone_versions(), version_id or latest_version())


@st.cache_resource(show_spinner=False, max_entries=32)
def held_shares(version_id: str) -> series.HeldShares:
    """The held side of a bundled version, behind the line and with the restricted zone."""
    return series.held_shares(zones(version_id), strip_area())


@st.cache_resource(show_spinner=False, max_entries=64)
def version_comparison(first: str, second: str) -> version_changes.VersionComparison:
    """Two bundled versions compared (areas per category, changed areas), computed once."""
    return version_changes.compare_versions(zone_versions(), first, second, strip_area())


@st.cache_resource(show_spinner=False)
def municipalities() -> gpd.GeoDataFrame | None:
    """The OpenStreetMap municipal boundaries, if bundled."""
    spec = next((s for s in bundled.REFERENCE_LAYERS if s.key == "municipalities"), None)
    return reference_layer(spec.key) if spec else None


@st.cache_resource(show_spinner=False)
def timeline_events() -> list:
    """The timeline's events (read and checked once per process)."""
    return list(timeline_data.load_timeline().events)


@st.cache_resource(show_spinner=False)
def reported_shares() -> list[ReportedShare]:
    """The shares of the Strip reported held (read and checked once per process)."""
    return load_reported_shares()


@st.cache_resource(show_spinner=False)
def outline() -> gpd.GeoDataFrame:
    """The Strip outline with feature ids."""
    return with_fids(bundled.load_outline(), "outline")


@st.cache_resource(show_spinner=False)
def context(filename: str = bundled.CONTEXT_FILE, region: str | None = None) -> ContextData:
    """The offline base around Gaza (or Sharm el-Sheikh), serialised once.

    ``region`` keeps only the features of that region (the venue inset's file of regions,
    ``bundled.CONTEXT_REGIONS_FILE``).
    """
    path = GEODATA_DIR / filename
    frame = bundled.read_bundled(filename) if path.exists() else None
    if frame is not None and region is not None and "region" in frame.columns:
        frame = frame[frame["region"] == region]
    return prepare_context(frame)


@st.cache_resource(show_spinner=False)
def reference_layer(key: str) -> gpd.GeoDataFrame:
    """A bundled reference layer (see ``REFERENCE_LAYERS``) with feature ids."""
    spec = next(s for s in bundled.REFERENCE_LAYERS if s.key == key)
    return with_fids(bundled.load_reference_layer(spec), key)


@st.cache_resource(show_spinner=False)
def zone_geojson(category: str, version_id: str | None = None, lang: str = "en") -> BrowserLayer:
    """The bundled zones of one version and category as the browser gets them (built once
    per language): the tooltip's name, category, area and confidence in language ``lang``
    (the zone's ``name_<lang>`` where the data has it, the English name elsewhere)."""
    frame = zones(version_id)
    frame = zones_in_language(frame[frame["zone"] == category], lang, words(lang))
    if "restriction" in frame.columns:  # the orange zone's own colour (see styles.ORANGE_KIND)
        orange = frame["restriction"] == series.RESTRICTED_BEYOND_LINE
        frame = frame.assign(kind=frame["kind"].where(~orange, ORANGE_KIND))
    if lang in RTL_LANGUAGES:  # each text in its own direction inside the map's LTR frame
        frame = frame.assign(**{f: frame[f].map(isolate) for f in ZONE_TOOLTIP.fields})
    return browser_geojson(frame, ZONE_TOOLTIP.fields)


def zone_tooltip(lang: str = "en") -> TooltipSpec:
    """The zones' tooltip with its labels in language ``lang`` (``tooltip.<field>``)."""
    aliases = [translate(lang, f"tooltip.{field}") for field in ZONE_TOOLTIP.fields]
    if lang in RTL_LANGUAGES:
        aliases = [isolate(alias) for alias in aliases]
    return TooltipSpec(ZONE_TOOLTIP.fields, tuple(aliases))


@st.cache_resource(show_spinner=False)
def reference_geojson(key: str, lang: str = "en") -> BrowserLayer:
    """A bundled reference layer as the browser gets it (built once per language).

    In a language with its own names in the data (``name_<lang>``, e.g. ``name_ar``), the
    name shown is that one wherever a feature has it, and the English one elsewhere.
    """
    frame = _named_in(reference_layer(key), lang)
    return browser_geojson(frame, (*NAME_TOOLTIP.fields, "label_side"))


def _named_in(frame: gpd.GeoDataFrame, lang: str) -> gpd.GeoDataFrame:
    """``frame`` with its ``name`` in language ``lang`` (``name_<lang>``) where a feature has
    it, the English one elsewhere."""
    column = f"name_{lang}"
    if lang == DEFAULT_LANGUAGE or column not in frame.columns:
        return frame
    local = frame[column].where(frame[column].notna(), "").astype(str).str.strip()
    return frame.assign(name=local.where(local != "", frame["name"]))


@st.cache_resource(show_spinner=False)
def outline_geojson() -> BrowserLayer:
    """The Strip outline as the browser gets it (drawn as the Strip's land)."""
    return browser_geojson(outline(), ())


@st.cache_resource(show_spinner=False, max_entries=32)
def version_line(version_id: str) -> gpd.GeoDataFrame:
    """The line of a bundled version (where its held side meets the rest), with the
    properties the tooltip and the details panel show; feature ids ``yellow_line:<n>``."""
    return _line_of(version_id, DATED_LINE_KEY, "line.name")


@st.cache_resource(show_spinner=False, max_entries=32)
def version_line_geojson(version_id: str, lang: str = "en") -> BrowserLayer:
    """The line of a bundled version, as the browser gets it (built once per version and
    language), named in language ``lang``."""
    return browser_geojson(_named_in(version_line(version_id), lang), NAME_TOOLTIP.fields)


EARLIER_LINE_KEY = "earlier_line"  # the line on the earlier of two dates compared


@st.cache_resource(show_spinner=False, max_entries=32)
def earlier_line(version_id: str) -> gpd.GeoDataFrame:
    """The line of a bundled version as the earlier of two dates compared: drawn dashed
    (``kind`` ``earlier_line``, see browser.styles), feature ids ``earlier_line:<n>``."""
    return _line_of(version_id, EARLIER_LINE_KEY, "line.earlier_name")


@st.cache_resource(show_spinner=False, max_entries=32)
def earlier_line_geojson(version_id: str, lang: str = "en") -> BrowserLayer:
    """The earlier line as the browser gets it, named in language ``lang``."""
    return browser_geojson(_named_in(earlier_line(version_id), lang), NAME_TOOLTIP.fields)


def _line_of(version_id: str, kind: str, name_key: str) -> gpd.GeoDataFrame:
    """The line of a bundled version as a layer ``kind``, named by the text ``name_key`` in
    every language, with its sources, date and confidence."""
    version = next(v for v in series.versions(zone_versions()) if v.id == version_id)
    features = zones(version_id)
    frame = distance.line_frame(features, outline())
    frame["kind"] = kind
    frame["name"] = translate(DEFAULT_LANGUAGE, name_key, label=version.label)
    frame["description"] = translate(DEFAULT_LANGUAGE, "line.description")
    for code in LANGUAGES:  # the name and description in the page's other languages
        if code == DEFAULT_LANGUAGE:
            continue
        labels = features.get(f"label_{code}", pd.Series(dtype=object)).dropna().astype(str)
        label = next((text.strip() for text in labels if text.strip()), version.label)
        frame[f"name_{code}"] = translate(code, name_key, label=label)
        frame[f"description_{code}"] = translate(code, "line.description")
    frame["source"] = "; ".join(dict.fromkeys(features["source"].astype(str)))
    frame["as_of"] = version.valid_from.isoformat()
    # As sure as its least sure piece.
    present = set(features["confidence"].astype(str))
    frame["confidence"] = next((c for c in CONFIDENCE_LEVELS if c in present), "not stated")
    return with_fids(frame, kind)


DRIFT_KEY = "drift"  # the band of reported drift beyond the line shown (a toggle of its own)


@st.cache_resource(show_spinner=False)
def line_drift_reports() -> drift.LineDrift:
    """The reports of markers beyond the mapped line (``geodata/line-drift.json``)."""
    return line_drift.load_line_drift()


@st.cache_resource(show_spinner=False, max_entries=32)
def drift_frame(version_id: str) -> gpd.GeoDataFrame:
    """The band of reported drift beyond a bundled version's line, with its name and
    description in every language; feature ids ``drift:<n>``."""
    reports = line_drift_reports()
    line = distance.version_line(zones(version_id), outline())
    frame = drift.drift_frame(line, reports)
    furthest = reports.furthest
    for code in LANGUAGES:
        suffix = "" if code == DEFAULT_LANGUAGE else f"_{code}"
        frame[f"name{suffix}"] = translate(code, "drift.name", metres=f"{reports.band_m:,}")
        frame[f"description{suffix}"] = translate(
            code, "drift.description", metres=f"{furthest.metres:,}"
        )
    return with_fids(frame, DRIFT_KEY)


@st.cache_resource(show_spinner=False, max_entries=32)
def drift_geojson(version_id: str, lang: str = "en") -> BrowserLayer:
    """The band of a bundled version, as the browser gets it, named in language ``lang``."""
    return browser_geojson(_named_in(drift_frame(version_id), lang), NAME_TOOLTIP.fields)


@st.cache_resource(show_spinner=False)
def daily_deaths() -> daily_deaths_data.DailyDeaths:
    """The deaths the ministry reported each day since the ceasefire (read once)."""
    return daily_deaths_data.load_daily_deaths()


@st.cache_resource(show_spinner=False)
def version_areas() -> pd.DataFrame:
    """Every bundled version's areas and both held shares (computed once per process)."""
    return version_changes.version_areas(zone_versions(), strip_area())


@st.cache_resource(show_spinner=False)
def held_changes() -> pd.DataFrame:
    """What the held side gained and lost at each ground version (computed once per
    process; see :func:`dashboard.zones.version_changes.held_changes`)."""
    return version_changes.held_changes(zone_versions())


@st.cache_resource(show_spinner=False)
def _strip_shape():
    shape = outline().geometry.union_all()
    shapely.prepare(shape)
    return shape


def in_strip(lat: float, lon: float) -> bool:
    """Whether a point (degrees) lies in the Strip's outline."""
    return bool(_strip_shape().covers(shapely.Point(lon, lat)))


@st.cache_resource(show_spinner=False)
def gazetteer() -> list[gazetteer_data.NamedPlace]:
    """Every named place of the bundled data (read once per process)."""
    return gazetteer_data.load_gazetteer()


@st.cache_resource(show_spinner=False, max_entries=32)
def municipality_sides(version_id: str) -> pd.DataFrame:
    """Each municipality's km² on each side of a bundled version's line (computed once)."""
    towns = municipalities()
    if towns is None:
        return pd.DataFrame(columns=municipality_areas.COLUMNS)
    return municipality_areas.sides_by_municipality(towns, zones(version_id))


@st.cache_resource(show_spinner=False, max_entries=64)
def municipality_changes(first: str, second: str) -> pd.DataFrame:
    """The municipalities whose held area changed between two bundled versions (once)."""
    return municipality_areas.compare_sides(municipalities(), zones(first), zones(second))


# Computed from the versions: emptied when a version file of the data directory changes.
_SERIES_CACHES = (
    versions,
    tracks,
    category_areas,
    latest_version,
    zones,
    held_shares,
    version_comparison,
    zone_geojson,
    version_line,
    version_line_geojson,
    drift_frame,
    drift_geojson,
    version_areas,
    municipality_sides,
    municipality_changes,
)
