"""The bundled gazetteer: every named place of the bundled data, in English and Arabic.

Towns and crossings (``places_gaza.geojson``), municipalities (OpenStreetMap, with their
Arabic names; a municipality is found at a point inside it) and the places of the timeline
in Gaza. Searching needs no network: it matches what is typed against these names.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from dashboard.config import GEODATA_DIR
from dashboard.intake.bundled import MUNICIPALITIES_FILE, PLACES_GAZA_FILE, read_bundled

MAP_WIDTH_PX = 600  # about the main map's width on a desktop
PHONE_MAP_WIDTH_PX = 340  # about the main map's width on a phone (390 px, less margins)
# A measured place is shown no closer than this (its town around it) and no further than
# the whole Strip: the segment to the line fits the map in between.
SEGMENT_ZOOM_RANGE = (10.0, 15.0)
KIND_LABELS = {"town": "town", "crossing": "crossing", "municipality": "municipality"}
KIND_ORDER = ("town", "crossing", "municipality")


@dataclass(frozen=True)
class NamedPlace:
    """A place to find: its names, what it is, and where to put the map (lat, lon, zoom)."""

    name: str
    name_ar: str
    kind: str
    lat: float
    lon: float
    zoom: float

    @property
    def label(self) -> str:
        """How the place is listed: English name, Arabic name, kind."""
        arabic = f" · {self.name_ar}" if self.name_ar else ""
        return f"{self.name}{arabic} ({KIND_LABELS.get(self.kind, self.kind)})"

    def name_in(self, lang: str) -> str:
        """The name in language ``lang`` ("ar": the Arabic name, where there is one)."""
        return self.name_ar if lang == "ar" and self.name_ar else self.name


def _text(value: object) -> str:
    return "" if value is None or value != value else str(value).strip()  # NaN != NaN


def load_gazetteer(directory: Path = GEODATA_DIR) -> list[NamedPlace]:
    """Every named place of the bundled data, sorted by English name."""
    places: list[NamedPlace] = []
    points = read_bundled(PLACES_GAZA_FILE, directory)
    for row in points.itertuples():
        kind = _text(getattr(row, "kind", "")) or "town"
        places.append(
            NamedPlace(
                _text(row.name),
                _text(getattr(row, "name_ar", "")),
                kind,
                row.geometry.y,
                row.geometry.x,
                14.0,
            )
        )
    if (directory / MUNICIPALITIES_FILE).exists():
        towns = read_bundled(MUNICIPALITIES_FILE, directory)
        inside = towns.geometry.representative_point()
        for row, point in zip(towns.itertuples(), inside, strict=True):
            places.append(
                NamedPlace(
                    _text(row.name),
                    _text(getattr(row, "name_ar", "")),
                    "municipality",
                    point.y,
                    point.x,
                    13.0,
                )
            )
    return sorted(places, key=lambda p: (p.name.casefold(), p.kind))


def _fold(text: str) -> str:
    """Text for matching: case, accents and Arabic diacritics (harakat) ignored."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search(places: list[NamedPlace], text: str) -> list[NamedPlace]:
    """The places whose English or Arabic name contains ``text`` (see :func:`_fold`)."""
    wanted = _fold(text.strip())
    if not wanted:
        return []
    return [p for p in places if wanted in _fold(p.name) or wanted in _fold(p.name_ar)]


def best_match(places: list[NamedPlace], text: str) -> NamedPlace | None:
    """The place ``text`` most likely names (English or Arabic): a whole name before the
    start of a name, before a name that contains it (a town before a crossing before a
    municipality); None when none matches."""
    wanted = _fold(text.strip())
    found = search(places, text)
    if not found:
        return None

    def rank(place: NamedPlace) -> tuple[int, int]:
        names = (_fold(place.name), _fold(place.name_ar))
        if wanted in names:
            closeness = 0
        else:
            closeness = 1 if any(name.startswith(wanted) for name in names) else 2
        # A town's centre before the municipality of the same name.
        return closeness, KIND_ORDER.index(place.kind) if place.kind in KIND_ORDER else 9

    return min(found, key=rank)


def _view(
    west: float, south: float, east: float, north: float, width_px: float, zooms: tuple
) -> tuple[float, float, float]:
    # Web Mercator: ``width_px`` show width_px * 360 / (256 * 2**zoom) degrees of longitude;
    # latitude degrees are about 1.17 times longer on screen at Gaza's latitude. Half a
    # step of margin.
    span = max(east - west, (north - south) * 1.17, 1e-4)
    zoom = math.log2(width_px * 360 / 256 / span) - 0.5
    return (south + north) / 2, (west + east) / 2, round(max(zooms[0], min(zooms[1], zoom)), 2)


def bounds_view(gdf: gpd.GeoDataFrame) -> tuple[float, float, float]:
    """(lat, lon, zoom) that shows all of ``gdf`` on a map about 600 px wide."""
    west, south, east, north = gdf.to_crs("EPSG:4326").total_bounds
    return _view(west, south, east, north, MAP_WIDTH_PX, (5.0, 16.0))


def segment_view(
    lat: float, lon: float, other_lat: float, other_lon: float
) -> tuple[float, float, float]:
    """(lat, lon, zoom) that shows both points on a phone's map (so on a desktop's too):
    a measured place and the nearest point of the line, the segment between them visible."""
    return _view(
        min(lon, other_lon),
        min(lat, other_lat),
        max(lon, other_lon),
        max(lat, other_lat),
        PHONE_MAP_WIDTH_PX,
        SEGMENT_ZOOM_RANGE,
    )
