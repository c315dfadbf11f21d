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
KIND_LABELS = {"town": "town", "crossing": "crossing", "municipality": "municipality"}


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


def bounds_view(gdf: gpd.GeoDataFrame) -> tuple[float, float, float]:
    """(lat, lon, zoom) that shows all of ``gdf`` on a map about 600 px wide."""
    west, south, east, north = gdf.to_crs("EPSG:4326").total_bounds
    # Web Mercator: 600 px show 600 * 360 / (256 * 2**zoom) degrees of longitude; latitude
    # degrees are about 1.17 times longer on screen at Gaza's latitude. Half a step of margin.
    span = max(east - west, (north - south) * 1.17, 1e-4)
    zoom = math.log2(MAP_WIDTH_PX * 360 / 256 / span) - 0.5
    return (south + north) / 2, (west + east) / 2, round(max(5.0, min(16.0, zoom)), 2)
