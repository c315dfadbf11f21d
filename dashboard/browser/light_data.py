"""What the light page knows, as one compact JSON-safe dict (no Streamlit, no folium).

The light page (:mod:`dashboard.browser.light_page`) is a static page with no server
behind it, so everything it shows is computed here once, from the bundled data: every
version of the zones (ground and plan), each version's line, the offline base, the
crossings' status history and the timeline, with the page's texts in every language.

Two copies of the geometry travel:

- **for drawing**, in degrees: the zones simplified as a coverage by
  :data:`DISPLAY_TOLERANCE_M` (shared edges move together), quantised to
  :data:`GRID_DEG` (about 1 m) and delta-encoded;
- **for measuring**, in EPSG:32636 metres: each version's line, held side, Strip and
  orange zone exactly as ``python -m dashboard distance`` computes them
  (:func:`dashboard.zones.distance.build_version_line`), *unsimplified*, rounded to
  :data:`METRIC_STEP_M`. The page projects the tapped point to UTM 36N and measures
  against these, so its answer is the command line's to within a metre or two.

A geometry is written as a list of parts (a polygon's rings, or lines), each part a flat
list of integers: the first vertex, then the difference from the previous one. Identical
geometries (a zone unchanged between versions) are written once and referred to by index.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from dashboard.browser.styles import LINE_STYLES
from dashboard.config import (
    GEODATA_DIR,
    GEOGRAPHIC_CRS,
    INK_COLOUR,
    LAND_COLOUR,
    METRIC_CRS,
    ORANGE_ZONE_COLOUR,
    PACKAGE_DIR,
    SEA_COLOUR,
    STRIP_FILL_COLOUR,
    ZONE_CATEGORIES,
    ZONE_COLOURS,
)
from dashboard.intake.bundled import (
    CONTEXT_FILE,
    PLACES_GAZA_FILE,
    load_outline,
    load_zone_versions,
    read_bundled,
)
from dashboard.intake.crossings import load_crossing_histories
from dashboard.intake.line_drift import load_line_drift
from dashboard.intake.timeline_data import load_timeline
from dashboard.zones.distance import HELD_SIDE, OTHER_SIDE, NoLine, build_version_line
from dashboard.zones.series import GROUND_TRACK, Version, versions, zones_of

# Display geometry: simplified by this many metres (the file states it), then put on a
# grid of GRID_DEG degrees (about 1.1 m east-west, 0.9 m north-south at Gaza).
DISPLAY_TOLERANCE_M = 10.0
GRID_DEG = 1e-5
# Measuring geometry: EPSG:32636 coordinates rounded to whole metres.
METRIC_STEP_M = 1.0
# The last map of the line published by anyone (the IDF's, 19 Oct 2025); every later
# version is drawn from reports. The page says so beside the date in force.
LAST_PUBLIC_MAP = dt.date(2025, 10, 19)
# The names light.js gives the two sides of the line (its answers' data-side).
LIGHT_SIDES = {HELD_SIDE: "held", OTHER_SIDE: "other"}
# Page texts: the app's catalogues (``light.*`` keys and a few shared ones).
UI_LOCALES_DIR = PACKAGE_DIR / "ui" / "locales"
LANGUAGES = ("en", "ar")
SHARED_KEYS = (
    "page.title",
    "category.retained",
    "category.withdrawal",
    "category.buffer",
    "legend.yellow_line",
    "legend.crossing",
    "kind.planned.short",
    "kind.published.short",
    "kind.reported.short",
    "details.confidence.low",
    "details.confidence.medium",
    "details.confidence.high",
    "details.status.open",
    "details.status.closed",
    "details.status.open for people",
    "details.status.open for goods",
    "event.single_source",
    "caption.notice",
)
# The app's palette (config, browser.styles): the yellow line and the orange zone as drawn there.
LINE_COLOUR = str(LINE_STYLES["yellow_line"]["color"])
ORANGE_COLOUR = ORANGE_ZONE_COLOUR
ZONE_TEXT_FIELDS = ("name", "name_ar", "description", "description_ar")


def _delta(values: np.ndarray) -> list[int]:
    """Integers (n × 2) as a flat list: the first pair, then differences."""
    ints = np.asarray(values, dtype=np.int64)
    if len(ints) == 0:
        return []
    out = np.vstack([ints[:1], np.diff(ints, axis=0)])
    return out.ravel().tolist()


def _parts(geometry: BaseGeometry) -> list[BaseGeometry]:
    """Polygons or lines of ``geometry`` (collections flattened, points dropped)."""
    kept = []
    for part in shapely.get_parts(geometry):
        kind = shapely.get_type_id(part)
        if kind in (shapely.GeometryType.POLYGON, shapely.GeometryType.LINESTRING):
            if not part.is_empty:
                kept.append(part)
        elif kind in (
            shapely.GeometryType.MULTIPOLYGON,
            shapely.GeometryType.MULTILINESTRING,
            shapely.GeometryType.GEOMETRYCOLLECTION,
        ):
            kept.extend(_parts(part))
    return kept


def encode(geometry: BaseGeometry, scale: float) -> list[list[list[int]]]:
    """``geometry`` as parts of delta-encoded integer rings or lines (see the module).

    Every part is a list of rings (a polygon: exterior first) or of one line.
    ``scale`` divides the coordinates: :data:`GRID_DEG` for degrees, metres for UTM.
    """
    encoded = []
    for part in _parts(geometry):
        if isinstance(part, shapely.Polygon):
            rings = [part.exterior, *part.interiors]
        else:
            rings = [part]
        encoded.append([_delta(np.round(np.asarray(r.coords)[:, :2] / scale)) for r in rings])
    return encoded


class GeometryTable:
    """Encoded geometries, each written once; :meth:`add` returns its index."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.items: list[list] = []
        self._index: dict[str, int] = {}

    def add(self, geometry: BaseGeometry | None) -> int | None:
        if geometry is None or geometry.is_empty:
            return None
        encoded = encode(geometry, self.scale)
        key = json.dumps(encoded, separators=(",", ":"))
        if key not in self._index:
            self._index[key] = len(self.items)
            self.items.append(encoded)
        return self._index[key]


class TextTable:
    """Long repeated texts (sources, zone names and descriptions) written once;
    :meth:`add` returns the index."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def add(self, text: object) -> int | None:
        if text is None or (isinstance(text, float) and np.isnan(text)) or not str(text):
            return None
        text = str(text)
        if text not in self._index:
            self._index[text] = len(self.items)
            self.items.append(text)
        return self._index[text]


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


def page_texts(directory: Path = UI_LOCALES_DIR) -> dict[str, dict[str, str]]:
    """The page's texts by language: every ``light.*`` key and :data:`SHARED_KEYS`."""
    texts = {}
    for code in LANGUAGES:
        catalogue = json.loads((directory / f"{code}.json").read_text(encoding="utf-8"))
        texts[code] = {
            key: value
            for key, value in catalogue.items()
            if key.startswith("light.") or key in SHARED_KEYS
        }
    return texts


def _version_record(version: Version, features: gpd.GeoDataFrame) -> dict:
    labels = features.get("label_ar")
    label_ar = next((_text(v) for v in labels if _text(v)), "") if labels is not None else ""
    return {
        "id": version.id,
        "track": version.track,
        "kind": version.kind,
        "label": version.label,
        "label_ar": label_ar or version.label,
        "from": version.valid_from.isoformat(),
        "to": version.valid_to.isoformat() if version.valid_to else None,
    }


def _zone_records(
    features: gpd.GeoDataFrame, shapes: GeometryTable, sources: TextTable
) -> list[dict]:
    # Simplified together, as a coverage: neighbouring zones keep their shared edges.
    metric = features.geometry.to_crs(METRIC_CRS).to_numpy()
    simple = shapely.coverage_simplify(metric, DISPLAY_TOLERANCE_M, simplify_boundary=True)
    in_degrees = gpd.GeoSeries(simple, crs=METRIC_CRS).to_crs(GEOGRAPHIC_CRS).to_numpy()
    records = []
    for (_, row), geometry in zip(features.iterrows(), in_degrees, strict=True):
        record = {
            "g": shapes.add(geometry),
            "zone": _text(row.get("zone")),
            "src": sources.add(row.get("source")),
            "as_of": _text(row.get("as_of")),
            "conf": _text(row.get("confidence")),
        }
        # Names and descriptions repeat from version to version: written once, by index.
        record.update({k: sources.add(row.get(k)) for k in ZONE_TEXT_FIELDS if _text(row.get(k))})
        if _text(row.get("restriction")):
            record["restriction"] = _text(row.get("restriction"))
        records.append(record)
    return records


def _display_line(line: BaseGeometry) -> BaseGeometry:
    """The version's line in degrees for drawing, simplified like the zones."""
    simple = shapely.simplify(line, DISPLAY_TOLERANCE_M, preserve_topology=False)
    return gpd.GeoSeries([simple], crs=METRIC_CRS).to_crs(GEOGRAPHIC_CRS).iloc[0]


def _versions(
    zones: gpd.GeoDataFrame, shapes: GeometryTable, metric: GeometryTable, sources: TextTable
) -> list[dict]:
    records = []
    for version in versions(zones):
        features = zones_of(zones, version.id)
        record = _version_record(version, features)
        record["zones"] = _zone_records(features, shapes, sources)
        try:
            line = build_version_line(features)  # as the command line: no outline given
        except NoLine:
            record["measure"] = None
        else:
            record["line"] = shapes.add(_display_line(line.line))
            record["measure"] = {
                "strip": metric.add(line.strip),
                "held": metric.add(line.held),
                "line": metric.add(line.line),
                "orange": metric.add(line.orange),
            }
        records.append(record)
    return records


def _base(directory: Path, shapes: GeometryTable) -> dict:
    """The offline base: land and borders around, place names, the Strip's own land."""
    context = read_bundled(CONTEXT_FILE, directory)
    land = context[context["kind"] == "land"]
    borders = context[context["kind"] == "border"]
    labels = context[context["kind"] == "label"]
    return {
        "land": [shapes.add(g) for g in land.geometry],
        "borders": [shapes.add(g) for g in borders.geometry],
        "labels": [
            {"name": r["name"], "name_ar": _text(r.get("name_ar")), "lat": p.y, "lon": p.x}
            for (_, r), p in zip(labels.iterrows(), labels.geometry, strict=True)
        ],
        "strip": [shapes.add(g) for g in load_outline(directory).geometry],
    }


def _crossings(directory: Path) -> list[dict]:
    places = read_bundled(PLACES_GAZA_FILE, directory)
    crossings = places[places["kind"] == "crossing"]
    histories = load_crossing_histories(directory / PLACES_GAZA_FILE)
    return [
        {
            "name": row["name"],
            "name_ar": _text(row.get("name_ar")),
            "lat": round(point.y, 5),
            "lon": round(point.x, 5),
            "history": [
                {
                    "from": p.start.isoformat(),
                    "to": p.end.isoformat() if p.end else None,
                    "status": p.status,
                    "source": p.source,
                }
                for p in histories.get(row["name"], ())
            ],
        }
        for (_, row), point in zip(crossings.iterrows(), crossings.geometry, strict=True)
    ]


def _events(directory: Path) -> list[dict]:
    """Every event of the timeline, by the day it happened (local time)."""
    timeline = load_timeline(directory)
    return [
        {
            "day": event.start.date().isoformat(),
            "title": event.title,
            "title_ar": event.title_ar or event.title,
            "source": event.source,
            "single": event.single_source or event.reliability == "B",
        }
        for event in timeline.events
    ]


def near_line_rule(directory: Path = GEODATA_DIR) -> dict:
    """When a "Where am I?" answer gets the warning near the line: the app's own rule
    (:func:`dashboard.zones.drift.needs_warning`), on the other side within
    ``warn_within_m`` of ``geodata/line-drift.json``; ``side`` as the page names it."""
    return {
        "side": LIGHT_SIDES[OTHER_SIDE],
        "warn_within_m": load_line_drift(directory).warn_within_m,
    }


def light_data(directory: Path = GEODATA_DIR) -> dict:
    """Everything the light page shows, JSON-safe (see the module for the encodings)."""
    zones = load_zone_versions(directory)
    shapes = GeometryTable(GRID_DEG)
    metric = GeometryTable(METRIC_STEP_M)
    sources = TextTable()
    version_records = _versions(zones, shapes, metric, sources)
    base = _base(directory, shapes)
    events = _events(directory)
    # The date control runs to the last version or event, whichever is later.
    last_day = max([v["from"] for v in version_records] + [e["day"] for e in events])
    return {
        "grid_deg": GRID_DEG,
        "tolerance_m": DISPLAY_TOLERANCE_M,
        "metric_crs": METRIC_CRS,
        "metric_step_m": METRIC_STEP_M,
        "ground_track": GROUND_TRACK,
        "last_day": last_day,
        "last_public_map": LAST_PUBLIC_MAP.isoformat(),
        "categories": list(ZONE_CATEGORIES),
        "colours": {
            **ZONE_COLOURS,
            "line": LINE_COLOUR,
            "orange": ORANGE_COLOUR,
            "ink": INK_COLOUR,
            "land": LAND_COLOUR,
            "sea": SEA_COLOUR,
            "strip": STRIP_FILL_COLOUR,
        },
        "versions": version_records,
        "base": base,
        "shapes": shapes.items,
        "metric": metric.items,
        "strings": sources.items,
        "crossings": _crossings(directory),
        "near_line": near_line_rule(directory),
        "events": events,
        "texts": page_texts(),
    }
