"""Prepare a user layer once: full geometry for statistics, light copies for the browser.

The page caches the result per file and zone choice, so later reruns reuse it: the
costly steps (areas, simplification, serialisation) run once per file.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.browser.feature_text import readable_dates, title_field
from dashboard.browser.features import describe_zones, with_fids
from dashboard.browser.serialise import CANVAS_ABOVE, STYLE_CLASS, BrowserLayer, browser_geojson
from dashboard.browser.simplify import simplify_for_display
from dashboard.browser.styles import ZONE_TOOLTIP
from dashboard.config import ZONE_CATEGORIES
from dashboard.intake.memory import give_back_memory
from dashboard.zones.areas import to_metric, with_areas

HOVER_FIELDS = 4  # properties shown on hover for a layer without zones
AREA_PART = 20_000  # features reprojected at a time to measure a large layer
_INTERNAL = {"geometry", "fid", "area_km2", "share_pct", "zone_label", "area_text", STYLE_CLASS}


@dataclass(frozen=True)
class PreparedLayer:
    """A user layer ready to draw and measure.

    Attributes
    ----------
    measured : GeoDataFrame or Future of GeoDataFrame
        What :attr:`full` returns, or its areas still being measured (see
        :func:`prepare_layer`).
    browser : dict of str to BrowserLayer
        ``"all"`` features, and for zone layers each category, simplified and serialised.
    hover_fields : tuple of str
        What the tooltip shows.
    note : str or None
        What was done for speed, to tell the user.
    count : int
        Number of features (known before the areas are).
    """

    measured: gpd.GeoDataFrame | Future = field(repr=False)
    browser: dict[str, BrowserLayer]
    hover_fields: tuple[str, ...]
    note: str | None
    count: int = 0
    _derived: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def full(self) -> gpd.GeoDataFrame:
        """Full geometry with ``area_km2``, ``share_pct``, ``fid`` (and tooltip columns for
        zone layers): what statistics, details and exports use. Waits for the areas if
        they are still being measured."""
        if isinstance(self.measured, Future):
            return self.measured.result()
        return self.measured

    def derive(self, name: Hashable, compute: Callable[[], Any]) -> Any:
        """Compute a result derived from this layer once (e.g. a comparison), then reuse it."""
        if name not in self._derived:
            self._derived[name] = compute()
        return self._derived[name]


# Areas of large layers without zones are measured here while the page draws the layer
# (shapely and pyproj let go of the GIL in their loops); one at a time: each holds a part
# of a layer in metres.
_MEASURING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="areas")


def hover_fields(gdf: gpd.GeoDataFrame, limit: int = HOVER_FIELDS) -> tuple[str, ...]:
    """The first few properties of a layer without zones (the name-like one first, see
    :func:`dashboard.browser.feature_text.title_field`)."""
    columns = [c for c in gdf.columns if c not in _INTERNAL]
    title = title_field(columns)
    if title is not None:
        columns.remove(title)
        columns.insert(0, title)
    return tuple(columns[:limit])


def prepare_layer(
    gdf: gpd.GeoDataFrame,
    *,
    key: str,
    zoned: bool,
    strip_km2: float,
    classes: np.ndarray | None = None,
) -> PreparedLayer:
    """Areas and ids on the full geometry; simplified, serialised copies for the browser.

    ``classes``, one per feature of ``gdf``, are the classes of the look the user chose
    (see :mod:`dashboard.browser.layer_classes`): the browser's copies carry them as
    ``style_class``; the full geometry does not (statistics, details and exports).

    A large layer without zones is drawn first: its copies for the browser need no area,
    so its areas are measured in the background and :attr:`PreparedLayer.full` waits for
    them (the page reads it after the map is sent). A zone layer's tooltips show areas:
    they are measured first.
    """
    # A layer drawn from binary arrays on a canvas keeps more of its shape (finer
    # tolerance) and is simplified in degrees (see simplify_lonlat): its metric copy only
    # serves the areas, so it is made a part at a time and never held whole.
    canvas = len(gdf) > CANVAS_ABOVE
    metric = None if canvas else to_metric(gdf)  # once: areas and simplification
    ided: gpd.GeoDataFrame | None = None
    full: gpd.GeoDataFrame | Future | None = None
    if canvas and not zoned:
        ided = with_fids(gdf, key)  # all that drawing needs; areas measured below
    elif canvas:
        full = describe_zones(measured(gdf, strip_km2), key)
    else:
        full = with_areas(gdf, strip_km2, metric)
        full = describe_zones(full, key) if zoned else with_fids(full, key)
    drawn = full if ided is None else ided
    simplified = simplify_for_display(drawn, metric=metric, canvas=canvas)
    del metric  # not needed past this point: lowers the peak of a large file's preparation
    fields = ZONE_TOOLTIP.fields if zoned else hover_fields(drawn)
    display = _shown(simplified.gdf, classes, fields)

    def serialised(mask=None) -> BrowserLayer:
        # A layer drawn on a canvas gets its binary copy (see binary_geometry); its text,
        # only for exports, is made when read, from the display copy made again.
        frame = display if mask is None else display[mask]
        if len(frame) <= CANVAS_ABOVE:
            return browser_geojson(frame, fields)
        remade = partial(
            _display_copy, drawn, simplified.tolerance_m, canvas, mask, classes, fields
        )
        return browser_geojson(frame, fields, binary=True, text_from=remade)

    browser = {"all": serialised()}
    if zoned:
        for category in ZONE_CATEGORIES:
            browser[category] = serialised((drawn["zone"] == category).to_numpy())
    if full is None:
        # Started once the browser copies are made, not beside them: the metric parts'
        # peak and the binary copy's do not add up (on 150,000 polygons, the upload's
        # peak); the map is drawn before the page waits for the areas.
        full = _MEASURING.submit(_measured_with_fids, gdf, strip_km2, key)
    note = None
    if simplified.as_points:
        note = (
            f"{len(gdf):,} features with {simplified.vertices_before:,} vertices are too many "
            "to draw as shapes: each is drawn as a point. Areas and exports use the full "
            "geometry."
        )
    elif simplified.tolerance_m:
        note = (
            f"Drawn simplified by {simplified.tolerance_m:g} m for speed "
            f"({simplified.vertices_before:,} → {simplified.vertices_after:,} vertices); "
            "areas and exports use the full geometry."
        )
    return PreparedLayer(full, browser, fields, note, count=len(gdf))


def _measured_with_fids(gdf: gpd.GeoDataFrame, strip_km2: float, key: str) -> gpd.GeoDataFrame:
    try:
        return with_fids(measured(gdf, strip_km2), key)
    finally:
        # This thread has its own malloc arena: what its metric parts freed there cannot
        # serve the page's next read (another thread, another arena), and the page's own
        # trim ran before the areas were done. On 150,000 polygons, about 190 MB.
        give_back_memory()


def measured(gdf: gpd.GeoDataFrame, strip_km2: float, part: int = AREA_PART) -> gpd.GeoDataFrame:
    """``gdf`` with its areas (:func:`dashboard.zones.areas.with_areas`), reprojected
    ``part`` features at a time: the same areas, without a metric copy of the whole layer
    (on 150,000 polygons, over a hundred megabytes at the peak of an upload)."""
    if len(gdf) <= part:
        return with_areas(gdf, strip_km2)
    pieces = [with_areas(gdf.iloc[i : i + part], strip_km2) for i in range(0, len(gdf), part)]
    return pd.concat(pieces)


def _display_copy(
    full: gpd.GeoDataFrame,
    tolerance_m: float,
    canvas: bool,
    mask: np.ndarray | None,
    classes: np.ndarray | None = None,
    fields: tuple[str, ...] = (),
) -> gpd.GeoDataFrame:
    """The display copy :func:`prepare_layer` drew, made again (for a text read later)."""
    display = _shown(simplify_for_display(full, tolerance_m, canvas=canvas).gdf, classes, fields)
    return display if mask is None else display[mask]


def _shown(
    display: gpd.GeoDataFrame, classes: np.ndarray | None, fields: tuple[str, ...]
) -> gpd.GeoDataFrame:
    """The display copy as the browser shows it: each feature's class (row for row), if it
    has classes, and the hover's numbers since 1970 written as dates."""
    changes: dict[str, object] = {}
    if classes is not None and len(classes) == len(display):
        changes[STYLE_CLASS] = np.asarray(classes, dtype=object)
    for name in fields:
        if name in display.columns:
            dates = readable_dates(display[name], name)
            if dates is not None:
                changes[name] = dates
    return display.assign(**changes) if changes else display
