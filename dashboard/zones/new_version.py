"""A new version of the zones from a file drawn elsewhere (QGIS, geojson.io ...).

Two ways in (``python -m dashboard versions add --as``):

* a *held side*: the area behind the line. It is clipped to the Strip, the small gaps a
  tracing leaves along the fence are filled (as the build does for the IDF's map), and
  the version's zones are derived from it as the build derives them: the 1 km perimeter
  ``buffer`` (the held side near the fence), ``retained`` (the rest, by governorate),
  an orange restricted zone if the file marks one (``restriction: orange``), and
  ``withdrawal`` (everything else, by governorate);
* *zones*: a finished version (a ``zone`` on every polygon), given the properties it lacks.

Either way the result carries every property of a bundled zone
(:data:`~dashboard.zones.contract.ZONE_FILE_PROPERTIES`). Names and descriptions are data
(``geodata/versions/shared.json``, passed in as :class:`AddedTexts`). Nothing here reads or
writes files.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from dashboard.config import GEOGRAPHIC_CRS, M2_PER_KM2, METRIC_CRS, ZONE_CATEGORIES
from dashboard.zones.areas import POLYGONAL, area_by_category
from dashboard.zones.contract import ZONE_FILE_PROPERTIES
from dashboard.zones.grid import for_file, metric
from dashboard.zones.municipalities import sides_by_municipality
from dashboard.zones.series import RESTRICTED_BEYOND_LINE, held_side

Bilingual = tuple[str, str]  # (English, Arabic)

# A held side must cover at least this share of the Strip: less is a wrong file (a
# building, a point buffered), not a line.
MIN_SHARE_PCT = 1.0
# Parts of the Strip outside the held side smaller than this, beside the main part left,
# are the gaps a tracing leaves along the fence (the build's rule for the IDF's map).
MAX_TRACING_GAP_KM2 = 3.5
MIN_PIECE_M2 = 100.0  # smaller pieces are slivers of the cuts, dropped as the build drops them
# A municipality is named in the change when its held share moved by more than this.
MUNICIPALITY_CHANGE_POINTS = 1.0
SLUG_WORDS = 5
HELD_SIDE, ZONES = "held-side", "zones"


class NewVersionError(ValueError):
    """A file or a date that cannot make a version; the message says what to change."""


@dataclass(frozen=True)
class AddedTexts:
    """What an added version's pieces are called and how they are described
    (``perimeter``, ``piece_names``, ``templates`` and ``added_version`` in shared.json)."""

    perimeter_width_m: float
    perimeter_name: Bilingual
    perimeter_description: Bilingual
    perimeter_source: str
    perimeter_confidence: str
    piece_names: dict[str, Bilingual]  # retained / withdrawal -> first words of the name
    piece_name_template: str  # "{zone} – {governorate}"
    governorates_ar: dict[str, str]
    descriptions: dict[str, Bilingual]  # retained / withdrawal -> text, {gov} = governorate
    orange_name: Bilingual
    orange_description: Bilingual


@dataclass(frozen=True)
class StripShape:
    """The Strip as the derivation needs it, in longitude/latitude."""

    outline: Polygon
    fence: LineString  # the border with Israel, where the perimeter buffer lies
    governorates: tuple[tuple[str, BaseGeometry], ...]  # (English name, shape)


@dataclass(frozen=True)
class VersionMeta:
    """What the command line says of the version."""

    id: str
    label: str
    label_ar: str | None  # None: the page shows the English label
    valid_from: dt.date
    kind: str  # published / reported
    source: str
    confidence: str
    track: str = "ground"
    phase: str = "phase-1"

    def properties(self) -> dict:
        """The version properties written on each of its features (``valid_to`` is left
        empty: a version ends where the next one of its track begins)."""
        return {
            "version": self.id,
            "label": self.label,
            "label_ar": self.label_ar,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": None,
            "kind": self.kind,
            "track": self.track,
            "phase": self.phase,
            "as_of": self.valid_from.isoformat(),
        }


def version_id(valid_from: dt.date, label: str) -> str:
    """``YYYY-MM-DD-short-name`` from the date and the first words of the label (a date
    written at the start of the label is not repeated)."""
    words = re.findall(r"[a-z0-9]+", label.lower())
    dated = {str(valid_from.year), str(valid_from.day), valid_from.strftime("%b").lower()}
    while words and (words[0] in dated or words[0].isdigit()):
        words.pop(0)
    slug = "-".join(words[:SLUG_WORDS]) or "version"
    return f"{valid_from.isoformat()}-{slug}"


def _polygons(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return gdf[gdf.geom_type.isin(POLYGONAL)]


def split_held_file(gdf: gpd.GeoDataFrame) -> tuple[BaseGeometry, BaseGeometry | None]:
    """A held-side file's held side and its orange zone (its features marked
    ``restriction: orange``, or None), both in longitude/latitude."""
    polygons = _polygons(gdf.to_crs(GEOGRAPHIC_CRS))
    if "restriction" in polygons.columns:
        orange = polygons["restriction"].astype(str).str.strip().str.lower() == "orange"
    else:
        orange = pd.Series(False, index=polygons.index)
    held = shapely.union_all(polygons.geometry[~orange].make_valid().values)
    marked = polygons.geometry[orange]
    return held, (shapely.union_all(marked.make_valid().values) if len(marked) else None)


def _filled(strip_m: BaseGeometry, held_m: BaseGeometry) -> tuple[BaseGeometry, float]:
    """``held_m`` with the tracing gaps along it filled, and their area (km²)."""
    rest = sorted(shapely.get_parts(strip_m.difference(held_m)), key=lambda g: -g.area)
    gaps = [g for g in rest[1:] if g.area / M2_PER_KM2 < MAX_TRACING_GAP_KM2]
    filled = sum(g.area for g in gaps) / M2_PER_KM2
    return shapely.union_all([held_m, *gaps]), filled


def _piece_name(texts: AddedTexts, zone: str, gov: str) -> Bilingual:
    english, arabic = texts.piece_names[zone]
    template = texts.piece_name_template
    return (
        template.format(zone=english, governorate=gov),
        template.format(zone=arabic, governorate=texts.governorates_ar.get(gov, gov)),
    )


def _described(texts: AddedTexts, zone: str, gov: str) -> Bilingual:
    english, arabic = texts.descriptions[zone]
    return english.format(gov=gov), arabic.format(gov=texts.governorates_ar.get(gov, gov))


def _row(
    geom_m: BaseGeometry,
    zone: str,
    name: Bilingual,
    text: Bilingual,
    meta: VersionMeta,
    texts: AddedTexts,
    *,
    gov: str | None = None,
    restriction: str | None = None,
    source: str | None = None,
    confidence: str | None = None,
) -> dict:
    props = {
        "zone": zone,
        "name": name[0],
        "name_ar": name[1],
        "governorate": gov,
        "governorate_ar": texts.governorates_ar.get(gov) if gov else None,
        "restriction": restriction,
        "description": text[0],
        "description_ar": text[1],
        "source": source or meta.source,
        "confidence": confidence or meta.confidence,
        **meta.properties(),
    }
    return {**{key: props[key] for key in ZONE_FILE_PROPERTIES}, "geometry": for_file(geom_m)}


def _by_governorate(geom_m: BaseGeometry, govs_m) -> list[tuple[str, BaseGeometry]]:
    parts = [(name, geom_m.intersection(gov)) for name, gov in govs_m]
    return [(name, part) for name, part in parts if part.area >= MIN_PIECE_M2]


def _frame(rows: list[dict]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=GEOGRAPHIC_CRS)


def from_held_side(
    held: BaseGeometry,
    orange: BaseGeometry | None,
    strip: StripShape,
    texts: AddedTexts,
    meta: VersionMeta,
) -> tuple[gpd.GeoDataFrame, list[str]]:
    """The zones of a version whose held side is ``held`` (longitude/latitude), and notes
    on what was done to it (gaps filled, parts outside the Strip cut off).

    Raises
    ------
    NewVersionError
        When the held side lies outside the Strip or covers less than :data:`MIN_SHARE_PCT`
        of it.
    """
    strip_m = metric(strip.outline)
    drawn_m = metric(held).buffer(0)
    held_m = drawn_m.intersection(strip_m)
    share = 100 * held_m.area / strip_m.area
    if held_m.is_empty or held_m.area == 0:
        raise NewVersionError(
            "the held side lies outside the Gaza Strip: check that the file is the area "
            "behind the line, in longitude/latitude or with its CRS."
        )
    if share < MIN_SHARE_PCT:
        raise NewVersionError(
            f"the held side covers {share:.2f} % of the Strip, less than {MIN_SHARE_PCT:g} %: "
            "a held side is the whole area behind the line, not a part of it."
        )
    notes = []
    outside = (drawn_m.area - held_m.area) / M2_PER_KM2
    if outside >= 0.01:
        notes.append(f"{outside:.2f} km² of the held side lay outside the Strip: cut off")
    held_m, filled = _filled(strip_m, held_m)
    if filled >= 0.01:
        notes.append(f"{filled:.2f} km² of gaps between the held side and the fence: filled")
    fence_m = metric(strip.fence)
    perimeter = held_m.intersection(fence_m.buffer(texts.perimeter_width_m, cap_style="flat"))
    orange_m = shapely.Polygon()
    if orange is not None:
        orange_m = metric(orange).buffer(0).intersection(strip_m).difference(held_m)
    govs_m = [(name, metric(gov)) for name, gov in strip.governorates]
    rest = strip_m.difference(shapely.union_all([held_m, orange_m]))
    rows = [
        _row(
            part,
            zone,
            _piece_name(texts, zone, gov),
            _described(texts, zone, gov),
            meta,
            texts,
            gov=gov,
        )  # fmt: skip
        for zone, whole in (("retained", held_m.difference(perimeter)), ("withdrawal", rest))
        for gov, part in _by_governorate(whole, govs_m)
    ]
    rows.append(
        _row(
            perimeter,
            "buffer",
            texts.perimeter_name,
            texts.perimeter_description,
            meta,
            texts,
            restriction="perimeter",
            source=texts.perimeter_source,
            confidence=texts.perimeter_confidence,
        )  # fmt: skip
    )
    if orange_m.area >= MIN_PIECE_M2:
        rows.append(
            _row(
                orange_m,
                "buffer",
                texts.orange_name,
                texts.orange_description,
                meta,
                texts,
                restriction=RESTRICTED_BEYOND_LINE,
            )  # fmt: skip
        )
    return _frame(rows), notes


def from_zones(
    gdf: gpd.GeoDataFrame, strip: StripShape, texts: AddedTexts, meta: VersionMeta
) -> gpd.GeoDataFrame:
    """A finished version given as zones (a ``zone`` on every polygon), with the version's
    properties and the names, descriptions, sources and governorates it lacks.

    Raises
    ------
    NewVersionError
        When a polygon's ``zone`` is not one of the three categories.
    """
    polygons = _polygons(gdf.to_crs(GEOGRAPHIC_CRS)).reset_index(drop=True)
    zones = polygons["zone"].astype(str).str.strip().str.lower()
    unknown = sorted(set(zones) - set(ZONE_CATEGORIES))
    if unknown:
        raise NewVersionError(
            f"zone {', '.join(unknown)} is not one of {', '.join(ZONE_CATEGORIES)}: "
            "give every polygon one of them, or add the file --as held-side."
        )
    govs_m = [(name, metric(gov)) for name, gov in strip.governorates]
    rows = []
    for index, zone in zones.items():
        given = polygons.loc[index]
        geom_m = metric(given.geometry).buffer(0).intersection(metric(strip.outline))
        gov = max(govs_m, key=lambda item: geom_m.intersection(item[1]).area)[0]

        def kept(key: str, default, given=given):
            value = given.get(key)
            return value if isinstance(value, str) and value.strip() else default

        if zone == "buffer":
            default_name, default_text = texts.perimeter_name, texts.perimeter_description
            restriction = kept("restriction", "perimeter")
        else:
            default_name, default_text = _piece_name(texts, zone, gov), _described(texts, zone, gov)
            restriction = None
        name = (kept("name", default_name[0]), kept("name_ar", default_name[1]))
        text = (kept("description", default_text[0]), kept("description_ar", default_text[1]))
        gov_kept = None if zone == "buffer" else gov
        rows.append(
            _row(geom_m, zone, name, text, meta, texts, gov=gov_kept, restriction=restriction)
        )
    return _frame(rows)


@dataclass(frozen=True)
class VersionChange:
    """What a version changes since the one before it on its track.

    ``areas``: ``category``, ``area_km2``, ``share_pct`` of the new version, one row per
    category; ``held_pct`` (retained plus buffer, the orange zone included) and
    ``behind_line_pct`` (without it); ``gained_km2`` and ``lost_km2``: area behind the line
    added and given up; ``municipalities``: ``name``, ``before_pct``, ``after_pct``,
    ``change_points`` (each municipality's share behind the line) for those whose share
    moved by more than :data:`MUNICIPALITY_CHANGE_POINTS`.
    """

    areas: pd.DataFrame
    held_pct: float
    behind_line_pct: float
    previous: str | None
    gained_km2: float
    lost_km2: float
    municipalities: pd.DataFrame


def _metric_held(zones: gpd.GeoDataFrame, *, include_restricted: bool = True) -> BaseGeometry:
    held = held_side(zones, include_restricted=include_restricted)
    return gpd.GeoSeries([held], crs=zones.crs).to_crs(METRIC_CRS).iloc[0].buffer(0)


def _behind_line(zones: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The zones without the restricted zone beyond the line."""
    if "restriction" not in zones.columns:
        return zones
    return zones[zones["restriction"] != RESTRICTED_BEYOND_LINE]


def describe_change(
    before: gpd.GeoDataFrame | None,
    after: gpd.GeoDataFrame,
    strip_km2: float,
    municipalities: gpd.GeoDataFrame | None,
    previous: str | None = None,
) -> VersionChange:
    """The new version's areas and what changed since ``before`` (the zones of the version
    before it, or None when it is the first)."""
    areas = area_by_category(after, strip_km2)[["category", "area_km2", "share_pct"]]
    held_after = _metric_held(after)
    held_pct = 100 * held_after.area / M2_PER_KM2 / strip_km2
    behind = 100 * _metric_held(after, include_restricted=False).area / M2_PER_KM2 / strip_km2
    columns = ["name", "before_pct", "after_pct", "change_points"]
    if before is None:
        return VersionChange(areas, held_pct, behind, None, 0.0, 0.0, pd.DataFrame(columns=columns))
    # Behind the line: an orange zone drawn in one version and not in the other is not a
    # move of the line.
    line_before = _metric_held(before, include_restricted=False)
    line_after = _metric_held(after, include_restricted=False)
    gained = line_after.difference(line_before).area / M2_PER_KM2
    lost = line_before.difference(line_after).area / M2_PER_KM2
    towns = pd.DataFrame(columns=columns)
    if municipalities is not None and not municipalities.empty:
        old = sides_by_municipality(municipalities, _behind_line(before))[["name", "held_pct"]]
        new = sides_by_municipality(municipalities, _behind_line(after))[["name", "held_pct"]]
        merged = old.merge(new, on="name", suffixes=("_before", "_after"))
        merged = merged.rename(
            columns={"held_pct_before": "before_pct", "held_pct_after": "after_pct"}
        )
        merged["change_points"] = merged["after_pct"] - merged["before_pct"]
        moved = merged[merged["change_points"].abs() > MUNICIPALITY_CHANGE_POINTS]
        order = moved["change_points"].abs().sort_values(ascending=False).index
        towns = moved.loc[order, columns].reset_index(drop=True)
    return VersionChange(areas, held_pct, behind, previous, gained, lost, towns)
