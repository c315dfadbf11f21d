"""What one user file may hold (size, features, vertices, zip and text limits), and the
checks of its size and feature count against them."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.config import (
    MAX_COLLECTION_NESTING,
    MAX_FEATURES,
    MAX_GEOMETRY_BYTES,
    MAX_GEOMETRY_PARTS,
    MAX_PROPERTIES,
    MAX_PROPERTY_VALUES,
    MAX_REPAIR_CROSSINGS,
    MAX_TEXT_CHARS,
    MAX_UNZIPPED_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_VERTICES,
    MAX_ZIP_RATIO,
)
from dashboard.messages import GeodataError, megabytes, say


@dataclass(frozen=True)
class Limits:
    """What one file may hold; defaults from :mod:`dashboard.config` (environment-tunable)."""

    max_bytes: int = MAX_UPLOAD_BYTES
    max_features: int = MAX_FEATURES
    max_vertices: int = MAX_VERTICES
    max_unzipped_bytes: int = MAX_UNZIPPED_BYTES
    max_zip_ratio: int = MAX_ZIP_RATIO
    max_repair_crossings: int = MAX_REPAIR_CROSSINGS
    max_text_chars: int = MAX_TEXT_CHARS
    max_properties: int = MAX_PROPERTIES
    max_property_values: int = MAX_PROPERTY_VALUES
    max_collection_nesting: int = MAX_COLLECTION_NESTING
    max_geometry_parts: int = MAX_GEOMETRY_PARTS
    max_geometry_bytes: int = MAX_GEOMETRY_BYTES


DEFAULT_LIMITS = Limits()


def check_size(data: bytes, label: str, limits: Limits) -> None:
    if len(data) > limits.max_bytes:
        raise GeodataError(
            say(
                "file.too_large",
                name=label,
                size=megabytes(len(data)),
                limit=megabytes(limits.max_bytes),
            )
        )
    if not data:
        raise GeodataError(say("file.empty", name=label))


def check_feature_count(count: int, label: str, limits: Limits, *, capped=False) -> None:
    """Refuse more than ``limits.max_features``; ``capped``: GDAL stopped at limit + 1."""
    if count > limits.max_features:
        limit = f"{limits.max_features:,}"
        found = say("features.more_than", count=limit) if capped else f"{count:,}"
        raise GeodataError(say("features.too_many", name=label, found=found, limit=limit))
