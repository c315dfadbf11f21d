"""The bundled geodata in ``geodata/``: the one registry of its file names, and readers.

Adding a reference layer is adding a file and a :class:`LayerSpec` here; the
sidebar and the map are driven by :data:`REFERENCE_LAYERS`. Every file the app ships is
named in this module only (:data:`BUNDLED_FILES`); anything else in ``geodata/`` with a
GeoJSON suffix is a drop-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from dashboard.config import GEODATA_DIR, GEOGRAPHIC_CRS
from dashboard.zones.contract import check_zones
from dashboard.zones.series import zones_of

ZONES_FILE = "zones.geojson"  # every dated version of the zones (see dashboard.zones.series)
# The version load_zones() returns: the first withdrawal of 10 Oct 2025 (hand-drawn).
DEFAULT_ZONE_VERSION = "2025-10-10-first-withdrawal"
MUNICIPALITIES_FILE = "municipalities.geojson"  # OpenStreetMap, ODbL 1.0
OUTLINE_FILE = "outline.geojson"
GOVERNORATES_FILE = "governorates.geojson"
LINES_FILE = "lines.geojson"
PLACES_GAZA_FILE = "places_gaza.geojson"
CONTEXT_FILE = "context_gaza.geojson"  # the offline base around Gaza
CONTEXT_SHARM_FILE = "context_sharm.geojson"  # the offline base of the venue inset
# The venue inset's offline base elsewhere (Natural Earth, public domain), one box per
# region of dashboard.config.INSET_REGIONS, told apart by the ``region`` property.
CONTEXT_REGIONS_FILE = "context_regions.geojson"
# The timeline (see dashboard.intake.timeline_data)
EVENTS_FILE = "events.json"
PEOPLE_FILE = "people.json"
PLACES_FILE = "places.geojson"
# The shares of the Strip reported held, with what each counts (see
# dashboard.intake.reported_shares)
REPORTED_SHARES_FILE = "reported-held-shares.csv"
BUNDLED_FILES: frozenset[str] = frozenset(
    {
        ZONES_FILE,
        OUTLINE_FILE,
        GOVERNORATES_FILE,
        LINES_FILE,
        PLACES_GAZA_FILE,
        MUNICIPALITIES_FILE,
        CONTEXT_FILE,
        CONTEXT_SHARM_FILE,
        CONTEXT_REGIONS_FILE,
        EVENTS_FILE,
        PEOPLE_FILE,
        PLACES_FILE,
        REPORTED_SHARES_FILE,
    }
)


@dataclass(frozen=True)
class LayerSpec:
    """How a bundled reference layer is read and drawn.

    Attributes
    ----------
    key : str
        Stable identifier, used for widget keys and feature ids.
    label : str
        What the user sees in the sidebar and the legend.
    filename : str
        The GeoJSON file in ``geodata/``.
    kind : str
        ``"polygons"``, ``"lines"`` or ``"points"``: decides the drawing style.
    visible : bool
        Whether the layer is on when the page opens.
    query : str or None
        Optional ``DataFrame.query`` expression selecting the layer's features.
    """

    key: str
    label: str
    filename: str
    kind: str
    visible: bool = True
    query: str | None = None


REFERENCE_LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec("outline", "Strip outline", OUTLINE_FILE, "polygons"),
    LayerSpec("governorates", "Governorates (approximate)", GOVERNORATES_FILE, "polygons"),
    LayerSpec(
        "yellow_line",
        "Yellow line (on the date shown)",
        LINES_FILE,
        "lines",
        query="kind == 'yellow_line'",
    ),
    LayerSpec("corridors", "Corridors", LINES_FILE, "lines", query="kind == 'corridor'"),
    LayerSpec("towns", "Towns", PLACES_GAZA_FILE, "points", query="kind == 'town'"),
    LayerSpec("crossings", "Crossings", PLACES_GAZA_FILE, "points", query="kind == 'crossing'"),
    LayerSpec(
        "municipalities",
        "Municipalities (OpenStreetMap)",
        MUNICIPALITIES_FILE,
        "polygons",
        visible=False,
    ),
)


def read_bundled(filename: str, directory: Path = GEODATA_DIR) -> gpd.GeoDataFrame:
    """Read one bundled GeoJSON file as a GeoDataFrame in EPSG:4326."""
    # Dates stay ISO strings, as written: the contract checks them and tooltips show them.
    gdf = gpd.read_file(directory / filename, datetime_as_string=True)
    if gdf.crs is None:
        gdf = gdf.set_crs(GEOGRAPHIC_CRS)
    return gdf.to_crs(GEOGRAPHIC_CRS)


def load_reference_layer(spec: LayerSpec, directory: Path = GEODATA_DIR) -> gpd.GeoDataFrame:
    """Read the features of one reference layer."""
    gdf = read_bundled(spec.filename, directory)
    if spec.query:
        gdf = gdf.query(spec.query)
    return gdf.reset_index(drop=True)


def load_zone_versions(directory: Path = GEODATA_DIR) -> gpd.GeoDataFrame:
    """Read every version of the bundled zones, checked against the zone contract.

    The versions (see :mod:`dashboard.zones.series`) are checked with their version
    properties: each version consistent, versions of one track never overlapping in time.
    """
    return check_zones(read_bundled(ZONES_FILE, directory), ZONES_FILE, versioned=True)


def load_zones(
    directory: Path = GEODATA_DIR, version: str = DEFAULT_ZONE_VERSION
) -> gpd.GeoDataFrame:
    """Read one version of the bundled zones (by default the 10 Oct 2025 first withdrawal).

    Raises
    ------
    ZoneDataError
        When the file breaks the contract.
    SeriesError
        When there is no such version.
    """
    return zones_of(load_zone_versions(directory), version)


def load_outline(directory: Path = GEODATA_DIR) -> gpd.GeoDataFrame:
    """Read the Strip outline (geoBoundaries, CC BY 4.0)."""
    return read_bundled(OUTLINE_FILE, directory)
