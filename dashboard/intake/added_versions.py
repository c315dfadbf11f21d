"""Versions of the zones added as files: ``<data dir>/versions/<version>.geojson``.

``python -m dashboard versions add`` writes a complete version there (every property of a
bundled zone, see ``geodata/README.md``); the page and the ``zones`` and ``distance``
commands read the bundled series and these files together (:func:`load_series`), each
added file checked as the build checks a version: the zone contract, the tiling of the
Strip, a first day on or after the first ground version's, no other version of its track
starting on the same day. A file that fails is named with its problem and left out; the
other versions stay. Each version ends where the next one of its track begins, so the
bundled latest version ends on the first day of a version added after it.

The files are parsed as JSON, never handed to GDAL: an added version is the operator's
data, read again whenever it changes. Links and files that are not regular are skipped,
as for drop-ins.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import shape

from dashboard.config import GEODATA_DIR, GEOGRAPHIC_CRS
from dashboard.intake import bundled, dropin
from dashboard.messages import GeodataError, error_text, isolate, say, token
from dashboard.zones import series
from dashboard.zones.contract import (
    ZONE_FILE_PROPERTIES,
    parse_date,
    tiling_problems,
    zone_problems,
)
from dashboard.zones.new_version import AddedTexts, StripShape
from dashboard.zones.strip_edges import fence_line

VERSIONS_FOLDER = "versions"  # inside a data directory, and inside geodata/ (build inputs)
BUNDLED_INPUTS = GEODATA_DIR / VERSIONS_FOLDER
SHARED_FILE = "shared.json"
SUFFIX = ".geojson"
INPUT_PROPERTY = "input"  # what marks a build input (geodata/README.md, "The version files")
BUILD_COMMAND = "python -m tools.build_geodata"


def data_dir(option: Path | None = None, environ: Mapping[str, str] = os.environ) -> Path | None:
    """The deployment's data directory: ``option`` (``--data-dir``), else
    ``GAZA_MAP_DATA_DIR``, else None."""
    given = option or environ.get(dropin.DATA_DIR_ENV)
    return Path(given).expanduser().resolve() if given else None


def versions_folder(directory: Path | None) -> Path:
    """Where added versions live: ``<directory>/versions``, or the bundled series' inputs
    (``geodata/versions``) when there is no data directory."""
    return directory / VERSIONS_FOLDER if directory is not None else BUNDLED_INPUTS


# --- what every added version shares ------------------------------------------------------


def _pair(props: Mapping, key: str) -> tuple[str, str]:
    return props[key], props[f"{key}_ar"]


def _shared() -> dict:
    return json.loads((BUNDLED_INPUTS / SHARED_FILE).read_text(encoding="utf-8"))


def added_texts() -> AddedTexts:
    """Names and descriptions of an added version's pieces (``geodata/versions/shared.json``)."""
    data = _shared()
    per, added = data["perimeter"], data["added_version"]
    return AddedTexts(
        perimeter_width_m=float(per["width_m"]),
        perimeter_name=_pair(per, "name"),
        perimeter_description=_pair(per, "description"),
        perimeter_source=per["source"],
        perimeter_confidence=per["confidence"],
        piece_names={zone: _pair(v, "name") for zone, v in data["piece_names"].items()},
        piece_name_template=data["templates"]["piece_name"],
        governorates_ar=dict(data["governorates_ar"]),
        descriptions={
            zone: (text, added["descriptions_ar"][zone])
            for zone, text in added["descriptions"].items()
        },
        orange_name=_pair(added, "orange_name"),
        orange_description=_pair(added, "orange_description"),
    )


def strip_shape() -> StripShape:
    """The bundled outline, its fence with Israel and the governorates."""
    outline = bundled.load_outline().geometry.iloc[0]
    governorates = bundled.read_bundled(bundled.GOVERNORATES_FILE)
    return StripShape(
        outline=outline,
        fence=fence_line(outline, _shared()["outline_corners"]),
        governorates=tuple(zip(governorates["name"], governorates.geometry, strict=True)),
    )


# --- reading and checking -----------------------------------------------------------------


class VersionFileProblem(ValueError):
    """An added version file that cannot be used; the message names it and the problem."""


def read_version_file(path: Path) -> gpd.GeoDataFrame:
    """One added version file, as written by ``versions add`` (or edited by hand).

    Raises
    ------
    VersionFileProblem
        When it cannot be read or is not a GeoJSON FeatureCollection of polygons.
    """
    try:
        data = json.loads(dropin.read_bytes(path))
        features = data["features"]
        rows = [
            {**(f.get("properties") or {}), "geometry": shape(f["geometry"])}
            if f.get("geometry")
            else {**(f.get("properties") or {}), "geometry": None}
            for f in features
        ]
    except GeodataError as exc:
        raise VersionFileProblem(error_text(exc)) from None
    except (ValueError, KeyError, TypeError, AttributeError, shapely.errors.GEOSException) as exc:
        error = token(f"{type(exc).__name__}: {exc}")
        raise VersionFileProblem(
            say(
                "versions.not_a_collection",
                name=isolate(path.name),
                format=token("GeoJSON FeatureCollection"),
                error=error,
            )
        ) from None
    if not rows:
        raise VersionFileProblem(say("versions.no_features", name=isolate(path.name)))
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=GEOGRAPHIC_CRS)


def is_build_input(gdf: gpd.GeoDataFrame) -> bool:
    """True for a build input (``input`` features: a line, a held side, a move ...)."""
    return INPUT_PROPERTY in gdf.columns and gdf[INPUT_PROPERTY].notna().any()


def first_ground_day(others: Sequence[series.Version]) -> dt.date:
    """The first day of the ground track: no version can start before it."""
    return min(v.valid_from for v in others if v.track == series.GROUND_TRACK)


def start_problems(
    day: dt.date, track: str, others: Sequence[series.Version], what: str
) -> list[str]:
    """Why a version of ``track`` cannot start on ``day`` (empty when it can)."""
    first = first_ground_day(others)
    if day < first:
        dates = {"day": token(day.isoformat()), "first": token(first.isoformat())}
        return [say("versions.before_first", what=what, **dates)]
    clash = [v.id for v in others if v.track == track and v.valid_from == day]
    if clash:
        found = {"version": isolate(clash[0]), "track": isolate(track)}
        return [say("versions.same_start", what=what, day=token(day.isoformat()), **found)]
    return []


def version_problems(
    zones: gpd.GeoDataFrame,
    name: str,
    outline: shapely.Geometry,
    others: Sequence[series.Version],
) -> list[str]:
    """Every way a version's zones break the build's rules (empty when they comply).

    ``others``: the versions already in the series (bundled and added before this one).
    """
    problems = zone_problems(zones, name, versioned=True)
    if problems:
        return problems
    ids = sorted({str(v) for v in zones["version"]})
    label = isolate(name)
    if len(ids) != 1:
        listed = isolate(", ".join(ids))
        return [say("versions.several", name=label, count=len(ids), ids=listed)]
    version = isolate(ids[0])
    if Path(name).stem != ids[0]:
        expected = isolate(f"{ids[0]}{SUFFIX}")
        return [say("versions.misnamed", name=label, version=version, expected=expected)]
    if any(v.id == ids[0] for v in others):
        return [say("versions.exists", name=label, version=version)]
    first = zones.iloc[0]
    day = parse_date(first["valid_from"])
    problems = start_problems(day, str(first["track"]), others, label)
    problems += tiling_problems(zones, outline, f"{name}, version '{ids[0]}'")
    return problems


@dataclass
class AddedSeries:
    """The bundled versions and the added ones together, and what was left out.

    Attributes
    ----------
    zones : GeoDataFrame
        Every version, bundled first, each ending where the next of its track begins.
    origins : dict
        Added version id -> the file it came from.
    problems : list of str
        One message per added file left out, naming it and the problem.
    """

    zones: gpd.GeoDataFrame
    origins: dict[str, Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def version_files(folder: Path) -> list[Path]:
    """The regular ``*.geojson`` files of ``folder`` (none when it does not exist)."""
    if not folder.is_dir():
        return []
    found = dropin.scan([folder])
    return [item.path for item in found if item.path.suffix.lower() == SUFFIX]


def folder_stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """What the added versions' files look like on disk: equal stamps, nothing to re-read."""
    if not folder.is_dir():
        return ()
    return tuple((f.path.name, f.size, f.mtime_ns) for f in dropin.scan([folder]))


def with_ends(zones: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``zones`` with every version's ``valid_to`` set to the next ``valid_from`` of its
    track (None for the last)."""
    starts = zones.groupby("version", sort=False)[["valid_from", "track"]].first()
    ends: dict[str, str | None] = {}
    for _, rows in starts.groupby("track"):
        ordered = rows.sort_values("valid_from")
        later = [*ordered["valid_from"].iloc[1:].astype(str), None]
        ends.update(zip(ordered.index, later, strict=True))
    out = zones.copy()
    out["valid_to"] = pd.Series([ends[v] for v in out["version"]], index=out.index, dtype=object)
    return out


def add_to_series(
    base: gpd.GeoDataFrame, folder: Path, *, skip_inputs: bool = False
) -> AddedSeries:
    """``base`` (the bundled versions) with the versions of ``folder`` that pass the checks.

    ``skip_inputs``: pass over build inputs silently (``geodata/versions`` holds both);
    elsewhere a build input is named as a problem.
    """
    outline = bundled.load_outline().geometry.iloc[0]
    known = series.versions(base)
    frames: list[gpd.GeoDataFrame] = []
    result = AddedSeries(base)
    for path in version_files(folder):
        try:
            zones = read_version_file(path)
        except VersionFileProblem as exc:
            result.problems.append(error_text(exc))  # as said, to be said again in Arabic
            continue
        if is_build_input(zones):
            if not skip_inputs:
                where = {"folder": token("geodata/versions/"), "command": token(BUILD_COMMAND)}
                problem = say(
                    "versions.build_input", name=isolate(path.name), input=token("input"), **where
                )
                result.problems.append(problem)
            continue
        if skip_inputs and "version" in zones and path.stem in {v.id for v in known}:
            continue  # already built into the bundled zones
        problems = version_problems(zones, path.name, outline, known)
        if problems:
            result.problems.extend(problems)  # each names the file
            continue
        ordered = zones[[*ZONE_FILE_PROPERTIES, "geometry"]]
        frames.append(ordered)
        known = series.versions(pd.concat([base, *frames], ignore_index=True))
        result.origins[path.stem] = path
    if frames:
        merged = pd.concat([base, *frames], ignore_index=True)
        result.zones = with_ends(gpd.GeoDataFrame(merged, geometry="geometry", crs=base.crs))
    return result


def load_series(directory: Path | None) -> AddedSeries:
    """The bundled zones and the versions added to ``directory`` (a data directory), or
    to ``geodata/versions`` and not built yet when ``directory`` is None."""
    base = bundled.load_zone_versions()
    return add_to_series(base, versions_folder(directory), skip_inputs=directory is None)


def _plain(value: object) -> object:
    """A property as JSON has it: a missing value (None, NaN) is null."""
    return None if value is None or (isinstance(value, float) and value != value) else value


def write_version(zones: gpd.GeoDataFrame, folder: Path) -> Path:
    """Write one version's zones as ``<folder>/<version>.geojson`` (RFC 7946, properties
    in the bundled file's order); the folder is made if needed."""
    version = str(zones["version"].iloc[0])
    folder.mkdir(parents=True, exist_ok=True)
    features = [
        {
            "type": "Feature",
            "properties": {key: _plain(row[key]) for key in ZONE_FILE_PROPERTIES},
            "geometry": shapely.geometry.mapping(row.geometry),
        }
        for _, row in zones.iterrows()
    ]
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    path = folder / f"{version}{SUFFIX}"
    partial = path.with_suffix(".part")  # not a *.geojson: never read half-written
    partial.write_text(text + "\n", encoding="utf-8")
    partial.replace(path)
    return path
