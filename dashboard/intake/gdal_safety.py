"""GDAL set up for files from strangers: a few drivers, no network, no virtual file systems.

GDAL chooses a driver from a file's *content*, not its name. Left as it is, a GDAL VRT
document uploaded as ``zones.geojson`` is opened as a layer that reads any file of the
server (``CSV:/etc/passwd``) or fetches any URL (``/vsicurl/http://…``), and a GeoJSON
``crs`` link makes the server fetch that link. :func:`harden` closes those doors once
per process:

- every driver but the few the app reads (and FlatGeobuf) is unregistered
  (``GDAL_SKIP``), so VRT, CSV and the network drivers no longer exist here;
- HTTP goes to a proxy address that refuses connections, with one-second time-outs
  and no retries, and ``/vsicurl/`` accepts no file name;
- PROJ does not download grids, and remote resources may not point at local files.

:func:`gdal_path` then opens each file with the driver its extension names, where GDAL
allows a driver prefix (``GeoJSON:``, ``GPKG:``); the content checks of
:mod:`dashboard.intake.file_formats` and a driver check after opening cover the others.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pyogrio
from pyogrio import _ogr

# Drivers kept registered: what users may upload, and FlatGeobuf for large layers.
ALLOWED_DRIVERS: tuple[str, ...] = ("GeoJSON", "GPKG", "ESRI Shapefile", "KML", "FlatGeobuf")
# Port 9 ("discard") on the loopback: nothing listens, so every connection is refused.
DEAD_PROXY = "127.0.0.1:9"
# The largest single JSON object GDAL's GeoJSON reader accepts (MB); the upload limit
# bounds the file anyway, and GDAL's default (200 MB) refused nothing below it.
GEOJSON_MAX_OBJECT_MB = 1024

_lock = threading.Lock()
_done = False


def safety_options() -> dict[str, str]:
    """The GDAL configuration options set by :func:`harden` (without ``GDAL_SKIP``)."""
    return {
        "GDAL_HTTP_PROXY": DEAD_PROXY,
        "GDAL_HTTPS_PROXY": DEAD_PROXY,
        "GDAL_HTTP_TIMEOUT": "1",
        "GDAL_HTTP_CONNECTTIMEOUT": "1",
        "GDAL_HTTP_MAX_RETRY": "0",
        "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".gaza-map-no-network",
        "CPL_VSIL_CURL_ALLOWED_FILENAME": "/gaza-map/no-network",
        "GDAL_ALLOW_REMOTE_RESOURCE_TO_ACCESS_LOCAL_FILE": "NO",
        "CPL_ALLOW_VSISTDIN": "NO",
        "PROJ_NETWORK": "OFF",
        "GDAL_VRT_ENABLE_PYTHON": "NO",
        "OGR_GEOJSON_MAX_OBJ_SIZE": str(GEOJSON_MAX_OBJECT_MB),
    }


def harden() -> None:
    """Restrict GDAL as described in the module docstring; safe to call many times."""
    global _done
    with _lock:
        if _done:
            return
        # GDAL_SKIP splits on spaces, so "MapInfo File" cannot be named; it reads only its
        # own format and is never chosen for a file that passed the content checks.
        skip = [
            name
            for name in pyogrio.list_drivers()
            if name not in ALLOWED_DRIVERS and " " not in name
        ]
        pyogrio.set_gdal_config_options({**safety_options(), "GDAL_SKIP": " ".join(skip)})
        # GDALAllRegister() ends by unregistering the drivers named in GDAL_SKIP.
        _ogr._register_drivers()
        _done = True


def registered_drivers() -> set[str]:
    """The drivers GDAL can use in this process."""
    return set(pyogrio.list_drivers())


# Drivers that accept a "<DRIVER>:" prefix, which makes GDAL use that driver only.
_PREFIXED = {"GeoJSON": "GeoJSON", "GeoPackage": "GPKG"}
# The driver each kind of file must be opened with.
EXPECTED_DRIVER = {
    "FlatGeobuf": "FlatGeobuf",
    "GeoJSON": "GeoJSON",
    "GeoPackage": "GPKG",
    "KML": "KML",
    "Shapefile": "ESRI Shapefile",
}


def gdal_path(path: Path, kind: str) -> str:
    """The name to give GDAL for ``path``: with a driver prefix where GDAL supports one."""
    prefix = _PREFIXED.get(kind)
    return f"{prefix}:{path}" if prefix else str(path)
