"""Constants shared by the core and the page: paths, CRS, categories, palette, limits.

Every magic number of the project lives here, named, so that a reader can find
and change it in one place.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
GEODATA_DIR = REPO_DIR / "geodata"
STATIC_DIR = PACKAGE_DIR / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
# Where Streamlit serves STATIC_DIR when ``server.enableStaticServing`` is on.
STATIC_URL = "/app/static"

# Geographic CRS of every GeoJSON file (RFC 7946) and the metric CRS for areas/lengths.
GEOGRAPHIC_CRS = "EPSG:4326"
METRIC_CRS = "EPSG:32636"  # UTM zone 36N: covers Gaza and Sharm el-Sheikh.
M2_PER_KM2 = 1_000_000

# Zone categories, in legend order.
ZONE_CATEGORIES: tuple[str, ...] = ("retained", "withdrawal", "buffer")
CONFIDENCE_LEVELS: tuple[str, ...] = ("low", "medium", "high")

# The zones' palette, chosen for the common colour-vision deficiencies (Paul Tol's muted
# wine and green, Okabe-Ito reddish purple and vermillion): the four areas differ in hue
# *and* lightness, so they stay apart for deuteranopes and protanopes too. The withdrawal
# zone is green, not blue: beside the sea, a blue area read as more sea. "Retained" is a dark
# wine, not an orange, so that the orange restricted zone reads as orange and as something
# else; the line itself is drawn yellow (see browser.styles.LINE_STYLES), which stays apart
# from the orange zone beside it (a lighter orange would not).
ZONE_COLOURS: dict[str, str] = {
    "retained": "#882255",  # wine
    "withdrawal": "#117733",  # green
    "buffer": "#CC79A7",  # reddish purple: the perimeter along the fence
}
ZONE_LABELS: dict[str, str] = {
    "retained": "Retained by Israel (behind the yellow line)",
    "withdrawal": "Israeli withdrawal (handed back)",
    "buffer": "Buffer / off-limits perimeter",
}
# The orange restricted zone (2026): a buffer feature with ``restriction: orange`` that lies
# beyond the line. Drawn in its own colour, with its own legend row.
ORANGE_ZONE_COLOUR = "#D55E00"  # Okabe-Ito vermillion: orange once laid over the map
ORANGE_ZONE_LABEL = "Orange restricted zone (beyond the line)"
# The band of reported drift beyond the line (see geodata/line-drift.json): a dark hatch-like
# outline over a faint fill, so the zone colours under it still show.
DRIFT_COLOUR = "#1F2328"
NEUTRAL_COLOUR = "#555555"  # features of no known category
# Each uploaded layer gets one of these for its outline (and, without categories, its fill),
# so that it stands apart from the bundled zones and from other uploads: colour-blind safe
# hues not used by the zones or the yellow line.
UPLOAD_COLOURS: tuple[str, ...] = ("#009E73", "#7B3294", "#8C510A", "#1B1B1B", "#56B4E9")
# A user layer coloured by a property: one Okabe-Ito colour per value (colour-blind safe),
# the rest of the values "other"; by classes of a number: a ColorBrewer ramp (branca's name).
CATEGORY_PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
)
OTHER_COLOUR = "#999999"
CLASS_RAMP = "YlGnBu_09"
# The fill of a user layer unless the user chooses another: light, so that thousands of
# features (3,882 hexagons) leave the zones under them readable.
UPLOAD_FILL_OPACITY = 0.25
# Dark ink of lines, labels and point outlines; the Strip outline uses it too.
INK_COLOUR = "#1F2328"
OUTLINE_COLOUR = INK_COLOUR
SEA_COLOUR = "#C9DDEA"
LAND_COLOUR = "#EFEBE3"
STRIP_FILL_COLOUR = "#FBFAF7"

# A version shown more than this many days after it began is said to be the last mapped
# state, not the line of that day (see dashboard.zones.currency).
LAST_MAPPED_AFTER_DAYS = 30

# Initial views.
GAZA_CENTER: tuple[float, float] = (31.41, 34.39)
GAZA_ZOOM = 11
# What the main map shows first (lon/lat bounds): the Strip with a little sea and land around.
GAZA_VIEW: tuple[float, float, float, float] = (34.20, 31.215, 34.585, 31.605)
# The venue inset's view of Sharm el-Sheikh: the centre of SHARM_VIEW, at the zoom that
# shows all of it in an inset about 340 px wide. The inset is opened on this centre and
# zoom, not fitted to SHARM_VIEW (a fit's zoom animation swallows the move to a shared
# link's place elsewhere, see dashboard/ui/venue_inset.py).
SHARM_CENTER: tuple[float, float] = (27.95, 34.365)
SHARM_ZOOM = 11.25
# What the venue inset shows first (west, south, east, north): the resorts and the airport.
SHARM_VIEW: tuple[float, float, float, float] = (34.28, 27.90, 34.45, 28.00)
# The venue inset for an event elsewhere: centred on its place at this zoom (about 180 km
# across in a 330 px inset: the country around the place, its coast and its neighbours).
INSET_ZOOM_ELSEWHERE = 8
# The offline base of the inset outside Sharm el-Sheikh, by region (west, south, east,
# north): each box holds the view at INSET_ZOOM_ELSEWHERE and one zoom level out.
# tools/build_inset_context.py clips Natural Earth to these boxes into
# geodata/context_regions.geojson; the inset draws the region whose box holds the place.
INSET_REGIONS: dict[str, tuple[float, float, float, float]] = {
    "doha": (48.5, 23.0, 54.5, 27.5),  # Qatar, Bahrain, the Saudi, Emirati and Iranian coasts
    "washington": (-80.0, 36.7, -74.0, 41.1),  # the District, Maryland, Virginia, Chesapeake Bay
    "jerusalem": (32.7, 29.6, 37.7, 33.9),  # Israel, the West Bank and Gaza, Jordan's edge
}

# Upload limits (overridable through environment variables for deployments). One limit
# holds for the bytes uploaded and for the bytes a zip expands to; `server.maxUploadSize`
# in .streamlit/config.toml must not be lower (the uploader is given this limit).
MAX_UPLOAD_MB = int(os.environ.get("GAZA_MAP_MAX_UPLOAD_MB", "50"))
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_FEATURES = int(os.environ.get("GAZA_MAP_MAX_FEATURES", "200000"))
MAX_VERTICES = int(os.environ.get("GAZA_MAP_MAX_VERTICES", "10000000"))
MAX_UNZIPPED_BYTES = MAX_UPLOAD_BYTES
# Each file is parsed in a worker process (dashboard.intake.isolated_read) that may map this
# much memory above what it uses before reading, and spend this much CPU time: past either,
# that one file is refused and the app goes on.
READ_MEMORY_BYTES = int(os.environ.get("GAZA_MAP_READ_MEMORY_MB", "1024")) * 1024 * 1024
READ_CPU_SECONDS = int(os.environ.get("GAZA_MAP_READ_CPU_SECONDS", "60"))
# Files read at once by one app process (each in its own worker), and when a worker is not
# kept for the next file: past this much memory held after a read, or this many reads.
READ_WORKERS = int(os.environ.get("GAZA_MAP_READ_WORKERS", "2"))
READ_WORKER_KEEP_BYTES = 400 * 1024 * 1024
READ_WORKER_READS = 50
# What one browser session may hold at once: uploaded files, and their bytes together.
SESSION_MAX_FILES = int(os.environ.get("GAZA_MAP_SESSION_MAX_FILES", "8"))
SESSION_MAX_BYTES = int(os.environ.get("GAZA_MAP_SESSION_MAX_MB", "150")) * 1024 * 1024
MAX_ZIP_RATIO = 100  # a zip may not expand by more than this ratio either
MAX_ZIP_DEPTH = 8  # folders inside a zip
MAX_ZIP_ENTRIES = 1000
# Property text: longer values are shortened (with a note); more columns are dropped.
MAX_TEXT_CHARS = 2000
MAX_PROPERTIES = 200
# Limits checked before a file's data is decoded, not after (see issue 19). Properties
# read cost memory per feature and per column whether a value is there or not (300 empty
# columns on 200,000 features took 1.6 GB): features x properties read is held to this
# (150,000 features with 33 properties).
MAX_PROPERTY_VALUES = int(os.environ.get("GAZA_MAP_MAX_PROPERTY_VALUES", "5000000"))
# A GeoParquet's geometries are checked as bytes (dashboard.intake.wkb_checks) before they
# are decoded: collections inside collections at most this deep (GEOS reads them by
# recursion and crashes past ~15,000 levels), at most this many parts (geometries inside
# features, and rings) and this many bytes once decoded (a dictionary-encoded geometry
# repeats on every row: one 6 MB polygon on 100 rows is 640 MB).
MAX_COLLECTION_NESTING = int(os.environ.get("GAZA_MAP_MAX_COLLECTION_NESTING", "3"))
MAX_GEOMETRY_PARTS = int(os.environ.get("GAZA_MAP_MAX_GEOMETRY_PARTS", "5000000"))
MAX_GEOMETRY_BYTES = int(os.environ.get("GAZA_MAP_MAX_GEOMETRY_MB", "384")) * 1024 * 1024
# Invalid shapes whose edges cross more often than this are refused, not repaired:
# repairing costs memory and time that grow with the square of the crossings.
MAX_REPAIR_CROSSINGS = 20_000
# The most map data one layer may send to the browser, and all layers together: under
# Streamlit's message limit (server.maxMessageSize, 200 MB by default) with room to spare.
# Layers larger than this are fetched by the map from the page's server, once, instead of
# travelling inside its script on every change (see dashboard.ui.served_layers).
INLINE_LAYER_MAX_BYTES = int(os.environ.get("GAZA_MAP_INLINE_LAYER_MAX_BYTES", str(256 * 1024)))
# Layers a map keeps built after they were last shown: one shown again is re-attached at
# once instead of built again; the least recently shown are dropped past this number.
# Every zone and reference layer the page sends counts (the band of reported drift too), so
# this leaves room for a few uploads and changed areas beside them.
MAX_BUILT_LAYERS = int(os.environ.get("GAZA_MAP_MAX_BUILT_LAYERS", "16"))
MAX_LAYER_PAYLOAD_BYTES = 60 * 1024 * 1024
MAX_PAGE_PAYLOAD_BYTES = 120 * 1024 * 1024

# The dashboard's region of interest: the Gaza Strip's bounding box (lon/lat).
GAZA_BOUNDS: tuple[float, float, float, float] = (34.2187, 31.2244, 34.5680, 31.5949)
