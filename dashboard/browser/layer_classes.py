"""A user layer drawn by its data: one colour, a colour per value of a property, or classes
of a number (quantiles or equal intervals), each with its legend.

The classes are computed here, on the file's features (no Streamlit): each feature gets a
class key (``"c0"``, ``"c1"``...; ``""`` when it has no value), which travels to the
browser as its ``style_class`` (see :data:`dashboard.browser.serialise.STYLE_CLASS`), and
:func:`classed_style` gives each key its colour. Classes of numbers come from
``mapclassify``, their colours from a ColorBrewer ramp of ``branca``; values from a
colour-blind-safe palette (Okabe-Ito), the long tail of rarer values as one "other".
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import branca.colormap as colormaps
import geopandas as gpd
import mapclassify
import numpy as np
import pandas as pd

from dashboard.config import CATEGORY_PALETTE, CLASS_RAMP, OTHER_COLOUR, UPLOAD_FILL_OPACITY

# How a layer is coloured (labels: ``style.how.<mode>`` in the page's locale files).
MODES = ("single", "categories", "classes")
# How a number's classes are cut (labels: ``style.method.<method>``).
METHODS = ("quantiles", "equal")
CLASS_COUNTS = (3, 7)  # fewest and most classes offered
DEFAULT_CLASSES = 5
OTHER_KEY = "other"
# Where on the ramp the palest class sits: its first colours are too close to white to
# stand out on the map (and under a light fill).
RAMP_START = 0.2
OUTLINE_WEIGHT = 0.75  # px: a user layer's outlines, thin (see classed_style)


@dataclass(frozen=True)
class LayerLook:
    """How the user asked a layer to be drawn (hashable: part of the map's cache keys)."""

    mode: str = "single"
    column: str | None = None
    method: str = "quantiles"
    classes: int = DEFAULT_CLASSES
    opacity: float = UPLOAD_FILL_OPACITY

    @property
    def data_key(self) -> tuple:
        """What changes the features' classes (the opacity does not: only the look)."""
        if self.mode == "single" or self.column is None:
            return ()
        if self.mode == "categories":
            return ("categories", self.column)
        return ("classes", self.column, self.method, self.classes)


@dataclass(frozen=True)
class LegendEntry:
    """One colour of the legend: a value (file text), a class's bounds, or the rest."""

    colour: str
    count: int  # features in it
    value: str | None = None  # a category's value
    low: float | None = None  # a class's bounds (the first includes its low one)
    high: float | None = None
    others: int = 0  # for the "other" entry: how many values it stands for


@dataclass(frozen=True)
class Classes:
    """Each feature's class key (by the frame's index), their colours and the legend."""

    keys: pd.Series
    colours: dict[str, str]
    legend: tuple[LegendEntry, ...]


def _present(values: pd.Series) -> pd.Series:
    return values[values.notna()]


def numbers_of(values: pd.Series) -> pd.Series | None:
    """The values as floats (missing ones NaN) when every value present is a number; None
    for a column of texts or of true/false."""
    present = _present(values)
    if present.empty or pd.api.types.is_bool_dtype(present):
        return None
    if not pd.api.types.is_numeric_dtype(present):
        kinds = pd.api.types.infer_dtype(present, skipna=True)
        if kinds not in ("integer", "floating", "mixed-integer-float"):
            return None
    return pd.to_numeric(values, errors="coerce").astype(float)


def numeric_columns(gdf: gpd.GeoDataFrame) -> list[str]:
    """Properties whose values are numbers, with at least two different ones."""
    found = []
    for column in gdf.columns:
        if column == gdf.geometry.name:
            continue
        numbers = numbers_of(gdf[column])
        if numbers is not None and numbers.nunique() >= 2:
            found.append(column)
    return found


def category_columns(gdf: gpd.GeoDataFrame) -> list[str]:
    """Properties with at least one value (any: a category can be a text or a number)."""
    return [c for c in gdf.columns if c != gdf.geometry.name and gdf[c].notna().any()]


def category_classes(values: pd.Series, palette: tuple[str, ...] = CATEGORY_PALETTE) -> Classes:
    """A colour per value, the most frequent first; past the palette's length, the rarer
    values share "other" (grey). Values are compared as text (``1`` and ``"1"`` are one)."""
    text = values.map(lambda v: None if v is None else str(v), na_action="ignore")
    counts = text.value_counts(sort=False)
    order = sorted(counts.index, key=lambda v: (-counts[v], v))
    named = order if len(order) <= len(palette) else order[: len(palette) - 1]
    keys = {value: f"c{i}" for i, value in enumerate(named)}
    rest = [v for v in order if v not in keys]
    class_of = text.map(lambda v: keys.get(v, OTHER_KEY), na_action="ignore")
    colours = {f"c{i}": palette[i] for i in range(len(named))}
    legend = [
        LegendEntry(palette[i], int(counts[value]), value=value) for i, value in enumerate(named)
    ]
    if rest:
        colours[OTHER_KEY] = OTHER_COLOUR
        count = int(sum(counts[v] for v in rest))
        legend.append(LegendEntry(OTHER_COLOUR, count, others=len(rest)))
    return Classes(class_of.fillna("").astype(object), colours, tuple(legend))


def ramp(count: int, name: str = CLASS_RAMP) -> list[str]:
    """``count`` colours of a ColorBrewer ramp, palest first (see :data:`RAMP_START`)."""
    scale = getattr(colormaps.linear, name).scale(0, 1)
    if count == 1:
        return [scale.rgb_hex_str(1.0)]
    return [
        scale.rgb_hex_str(RAMP_START + (1 - RAMP_START) * i / (count - 1)) for i in range(count)
    ]


def graduated_classes(values: pd.Series, classes: int, method: str = "quantiles") -> Classes:
    """Classes of a numeric property: quantiles (as many features in each) or equal
    intervals (as wide each), by ``mapclassify``; fewer classes when the values are too
    few to make that many. The legend gives each class its bounds.

    Raises
    ------
    ValueError
        When the values hold no number.
    """
    numbers = numbers_of(values)
    if numbers is None or numbers.notna().sum() == 0:
        raise ValueError("no numbers to put in classes")
    present = numbers[numbers.notna()]
    distinct = present.nunique()
    k = max(1, min(classes, distinct))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # mapclassify's notes on repeated values
        if method == "equal":
            classifier = mapclassify.EqualInterval(present.to_numpy(), k=k)
        else:
            classifier = mapclassify.Quantiles(present.to_numpy(), k=k)
    bins = np.asarray(classifier.bins, dtype=float)
    index = np.asarray(classifier.yb, dtype=int)
    colours_list = ramp(len(bins))
    keys = pd.Series("", index=values.index, dtype=object)
    keys[present.index] = [f"c{i}" for i in index]
    counts = np.bincount(index, minlength=len(bins))
    lows = [float(present.min()), *bins[:-1].tolist()]
    legend = tuple(
        LegendEntry(colours_list[i], int(counts[i]), low=lows[i], high=float(bins[i]))
        for i in range(len(bins))
    )
    return Classes(keys, {f"c{i}": c for i, c in enumerate(colours_list)}, legend)


def classify(gdf: gpd.GeoDataFrame, look: LayerLook) -> Classes | None:
    """The classes of ``gdf``'s features in ``look`` (None: one colour)."""
    if not look.data_key or look.column not in gdf.columns:
        return None
    if look.mode == "categories":
        return category_classes(gdf[look.column])
    return graduated_classes(gdf[look.column], look.classes, look.method)


def bound_text(value: float) -> str:
    """A class bound as people read it: whole numbers whole (``118``, ``1,200``), others
    to three significant digits (``0.125``, ``12.5``)."""
    if math.isfinite(value) and value == round(value):
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def classed_style(
    feature: dict, colour: str, colours: tuple[tuple[str, str], ...] = (), opacity: float = 0.25
) -> dict[str, object]:
    """A user layer without zones: its class's colour (``colours``: key and colour), else the
    layer's own ``colour``; fill and outline as opaque as the user chose, the outline thin:
    thousands of small features (a grid of hexagons) are mostly outline when zoomed out,
    and an opaque one would hide the zones under them."""
    key = feature["properties"].get("style_class")
    fill = dict(colours).get(key, colour) if key else colour
    return {
        "color": fill if colours else colour,
        "weight": OUTLINE_WEIGHT,
        "opacity": opacity,
        "fillColor": fill,
        "fillOpacity": opacity,
    }
