"""GeoJSON text judged by itself: precise messages for the common mistakes (GDAL's own are
not for users), the features counted before GDAL parses a file, and what GDAL's refusal of
a well-formed file means."""

from __future__ import annotations

import json
from pathlib import Path

from dashboard.messages import GeodataError, isolate, say, token

GEOJSON_TYPES = {
    "FeatureCollection",
    "Feature",
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}


def check_geojson_text(data: bytes, label: str) -> None:
    """Precise messages for the common GeoJSON mistakes, before GDAL sees the file."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except RecursionError:
        raise GeodataError(say("json.too_deep", name=label)) from None
    except UnicodeDecodeError:
        raise GeodataError(say("json.not_utf8", name=label)) from None
    except json.JSONDecodeError as exc:
        # The text ends where a value was expected, or inside a string (no quote after it).
        truncated = exc.pos >= len(data.rstrip()) - 1 or exc.msg.startswith("Unterminated")
        # Some of Python's texts end in "at" ("Unterminated string starting at"): say it once.
        problem = token(exc.msg.removesuffix(" at"))
        raise GeodataError(
            say(
                "json.truncated" if truncated else "json.invalid",
                name=label,
                problem=problem,
                line=exc.lineno,
                column=exc.colno,
            )
        ) from None
    if not isinstance(doc, dict) or doc.get("type") not in GEOJSON_TYPES:
        found = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        raise GeodataError(say("json.not_geojson", name=label, found=isolate(repr(found))))
    if doc["type"] == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list) or not features:
            raise GeodataError(say("json.no_features", name=label))
        missing = [
            str(i)
            for i, f in enumerate(features)
            if not isinstance(f, dict) or not isinstance(f.get("geometry"), dict)
        ]
        if len(missing) == len(features):
            raise GeodataError(say("json.no_geometries", name=label, count=len(features)))


def count_in_file(path: Path, pattern: bytes, chunk: int = 16 * 2**20) -> int:
    """Occurrences of ``pattern`` in the file, read ``chunk`` bytes at a time (a whole
    large file read again would double the memory that reading it takes)."""
    count, tail = 0, b""
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            window = tail + block
            count += window.count(pattern)
            # The last bytes can start an occurrence that ends in the next block; carried
            # over without any byte of an occurrence already counted.
            keep = len(pattern) - 1
            end = window.rfind(pattern)
            start = max(len(window) - keep, end + len(pattern) if end >= 0 else 0)
            tail = window[start:]
    return count


def gdal_failure(error: str, layer: str, label: str) -> str:
    """What to tell the user when GDAL refuses a layer that is well-formed JSON/XML."""
    if "Too many characters" in error:
        return say("gdal.value_too_long", name=label)
    if "too complex" in error.lower() or "OGR_GEOJSON_MAX_OBJ_SIZE" in error:
        return say("gdal.feature_too_large", name=label)
    return say("gdal.layer_damaged", name=label, layer=isolate(layer))
