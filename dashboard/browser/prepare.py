"""Prepare a user layer once: full geometry for statistics, light copies for the browser.

The page caches the result per file and zone choice, so later reruns reuse it: the
costly steps (areas, simplification, serialisation) run once per file.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd

from dashboard.browser.features import describe_zones, with_fids
from dashboard.browser.serialise import CANVAS_ABOVE, BrowserLayer, browser_geojson
from dashboard.browser.simplify import simplify_for_display
from dashboard.browser.styles import ZONE_TOOLTIP
from dashboard.config import ZONE_CATEGORIES
from dashboard.zones.areas import to_metric, with_areas

HOVER_FIELDS = 4  # properties shown on hover for a layer without zones
_INTERNAL = {"geometry", "fid", "area_km2", "share_pct", "zone_label", "area_text"}


@dataclass(frozen=True)
class PreparedLayer:
    """A user layer ready to draw and measure.

    Attributes
    ----------
    full : GeoDataFrame
        Full geometry with ``area_km2``, ``share_pct``, ``fid`` (and tooltip columns for
        zone layers): what statistics, details and exports use.
    browser : dict of str to BrowserLayer
        ``"all"`` features, and for zone layers each category, simplified and serialised.
    hover_fields : tuple of str
        What the tooltip shows.
    note : str or None
        What was done for speed, to tell the user.
    """

    full: gpd.GeoDataFrame
    browser: dict[str, BrowserLayer]
    hover_fields: tuple[str, ...]
    note: str | None
    _derived: dict = field(default_factory=dict, repr=False, compare=False)

    def derive(self, name: Hashable, compute: Callable[[], Any]) -> Any:
        """Compute a result derived from this layer once (e.g. a comparison), then reuse it."""
        if name not in self._derived:
            self._derived[name] = compute()
        return self._derived[name]


def hover_fields(gdf: gpd.GeoDataFrame, limit: int = HOVER_FIELDS) -> tuple[str, ...]:
    """The first few properties of a layer without zones (``name`` first if present)."""
    columns = [c for c in gdf.columns if c not in _INTERNAL]
    if "name" in columns:
        columns.remove("name")
        columns.insert(0, "name")
    return tuple(columns[:limit])


def prepare_layer(
    gdf: gpd.GeoDataFrame, *, key: str, zoned: bool, strip_km2: float
) -> PreparedLayer:
    """Areas and ids on the full geometry; simplified, serialised copies for the browser."""
    metric = to_metric(gdf)  # once: areas and simplification both need metres
    full = with_areas(gdf, strip_km2, metric)
    full = describe_zones(full, key) if zoned else with_fids(full, key)
    # A layer drawn from binary arrays on a canvas keeps more of its shape (finer
    # tolerance); its GeoJSON text (exports) is made from the same copy.
    canvas = len(full) > CANVAS_ABOVE
    simplified = simplify_for_display(full, metric=metric, canvas=canvas)
    del metric  # not needed past this point: lowers the peak of a large file's preparation
    fields = ZONE_TOOLTIP.fields if zoned else hover_fields(full)
    display = simplified.gdf

    def serialised(mask=None) -> BrowserLayer:
        # A layer drawn on a canvas also gets its binary copy (see binary_geometry).
        frame = display if mask is None else display[mask]
        return browser_geojson(frame, fields, binary=len(frame) > CANVAS_ABOVE)

    browser = {"all": serialised()}
    if zoned:
        for category in ZONE_CATEGORIES:
            browser[category] = serialised((full["zone"] == category).to_numpy())
    note = None
    if simplified.as_points:
        note = (
            f"{len(full):,} features with {simplified.vertices_before:,} vertices are too many "
            "to draw as shapes: each is drawn as a point. Areas and exports use the full "
            "geometry."
        )
    elif simplified.tolerance_m:
        note = (
            f"Drawn simplified by {simplified.tolerance_m:g} m for speed "
            f"({simplified.vertices_before:,} → {simplified.vertices_after:,} vertices); "
            "areas and exports use the full geometry."
        )
    return PreparedLayer(full, browser, fields, note)
