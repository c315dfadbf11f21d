"""Read the inputs of the zone versions: ``geodata/versions/`` (one GeoJSON file per version
and ``shared.json``; the format is in ``geodata/README.md``, "The version files").

Reading checks what the build needs of the files (one ``version`` feature per file, named
as the file; known inputs with their properties; a version to start from when the inputs
add to one) and refuses a file otherwise, naming it and the problem, so that someone who
edited a file in QGIS or a text editor learns what to fix. ``tools/zone_versions.py``
composes the versions from what is read here. A file of zones with no ``input`` is a
finished version, as ``python -m dashboard versions add`` writes one: its pieces are
taken as they are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from dashboard.zones.contract import ZONE_KINDS

SHARED = "shared.json"
SUFFIX = ".geojson"
ZONES = ("retained", "withdrawal")
# What a feature of a version file can be (its ``input`` property).
INPUTS = ("version", "line", "closing", "band", "held_side", "move", "through", "restricted")
# The inputs that give a version its held side from scratch (no ``based_on``).
STARTS = ("line", "held_side")
VERSION_KEYS = ("version", "label", "label_ar", "valid_from", "kind", "track", "phase", "as_of")
# A finished version (``python -m dashboard versions add``): zone features, no ``input``;
# each piece keeps these of its properties, the version's are taken from its first feature.
PIECE_KEYS = (
    "zone",
    "name",
    "name_ar",
    "governorate",
    "governorate_ar",
    "restriction",
    "description",
    "description_ar",
    "source",
    "confidence",
)
KINDS = ZONE_KINDS  # the data contract's kinds of version


class VersionFileError(ValueError):
    """A version file the build cannot use; the message names the file and the problem."""


Bilingual = tuple[str, str]  # (English, Arabic)


@dataclass(frozen=True)
class Perimeter:
    """The perimeter buffer: the fence-side band of the held side, the same in every version."""

    width_m: float
    name: Bilingual
    description: Bilingual
    source: str
    confidence: str


@dataclass(frozen=True)
class Shared:
    """What every version shares (``shared.json``)."""

    perimeter: Perimeter
    piece_names: dict[str, Bilingual]  # zone -> the first word of a composed name
    governorates_ar: dict[str, str]
    templates: dict[str, str]


@dataclass(frozen=True)
class VersionSpec:
    """A version as written in every one of its features (see ``geodata/README.md``)."""

    id: str
    valid_from: str  # ISO date: first day in force (planned: the day it was published)
    kind: str  # planned / published / reported
    track: str  # "ground" or "plan-phase-N"
    phase: str
    label: str
    as_of: str  # the date of the newest information the version rests on
    label_ar: str
    based_on: str | None  # the version whose held side this one starts from
    source: str | None  # with no input of its own: the source of every piece


@dataclass(frozen=True)
class FirstLine:
    """A hand-drawn line, the held side east of it (closed by ``closing`` outside the Strip)."""

    vertices: tuple[tuple[float, float], ...]  # (lon, lat), north to south
    notes: tuple[str, ...]  # why each vertex is where it is
    closing: tuple[tuple[float, float], ...]
    source: str
    confidence: str
    descriptions: dict[tuple[str, str], Bilingual]  # (zone, governorate) -> description


@dataclass(frozen=True)
class HeldSide:
    """A published held side (e.g. the IDF's map), filled to the fence and split by the build."""

    geometry: BaseGeometry
    source: str
    confidence: str
    descriptions: dict[str, Bilingual]  # zone -> description, ``{gov}`` for the governorate
    moved_note: Bilingual  # added to those descriptions once moves are drawn on top


@dataclass(frozen=True)
class LineMove:
    """A reported move of the line into the Palestinian side, drawn by hand.

    The line moves west by ``advance_m`` (or just far enough to run through ``through``)
    along the stretch inside the polygon ``window``: the new held area is the held side grown
    by that distance, inside the window and the Strip. Low confidence by construction.
    """

    version: str
    name: Bilingual
    window: Polygon
    description: Bilingual
    reason: Bilingual  # why the window and the distance are what they are
    source: str
    advance_m: float | None = None
    through: Point | None = None


@dataclass(frozen=True)
class RestrictedZone:
    """A zone beyond the line, off limits without coordination, drawn as an even band.

    Its width is chosen so that its area is ``share_pct`` of the Strip: the reports give a
    share, not a position. Categorised ``buffer`` with ``restriction`` = ``key``.
    """

    version: str
    key: str
    name: Bilingual
    share_pct: float
    description: Bilingual
    reason: Bilingual
    source: str


@dataclass(frozen=True)
class PlanPhase:
    """A later phase of the plan: the held side of its base within a band along the land
    borders, the band's width chosen to give ``held_pct``."""

    version: str
    held_pct: float
    all_buffer: bool  # True: the whole band is the security perimeter, nothing retained
    description: Bilingual  # ``{width:.1f}``: the band's width in km
    source: str
    descriptions: dict[str, Bilingual]  # zone -> description, ``{gov}`` for the governorate
    perimeter_name: Bilingual | None  # the band's name when ``all_buffer``


@dataclass(frozen=True)
class Version:
    """A version and its inputs, as read from its file."""

    spec: VersionSpec
    line: FirstLine | None = None
    held_side: HeldSide | None = None
    band: PlanPhase | None = None
    moves: tuple[LineMove, ...] = ()
    restricted: tuple[RestrictedZone, ...] = ()
    zones: tuple[tuple[BaseGeometry, dict], ...] = ()  # a finished version: its pieces

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass(frozen=True)
class Inputs:
    """Everything the zone versions are built from, versions by (``valid_from``, id)."""

    shared: Shared
    versions: tuple[Version, ...]

    def version(self, version_id: str) -> Version:
        return next(v for v in self.versions if v.id == version_id)

    @property
    def first_line(self) -> FirstLine:
        """The first hand-drawn line (the yellow line of ``lines.geojson``)."""
        return next(v.line for v in self.versions if v.line is not None)


def _pair(props: dict, key: str) -> Bilingual:
    return props[key], props[f"{key}_ar"]


def _coords(geom: BaseGeometry) -> tuple[tuple[float, float], ...]:
    return tuple((x, y) for x, y in geom.coords)


def read_shared(path: Path) -> Shared:
    data = json.loads(path.read_text(encoding="utf-8"))
    per = data["perimeter"]
    perimeter = Perimeter(
        float(per["width_m"]),
        _pair(per, "name"),
        _pair(per, "description"),
        per["source"],
        per["confidence"],
    )
    names = {zone: _pair(data["piece_names"][zone], "name") for zone in ZONES}
    return Shared(perimeter, names, dict(data["governorates_ar"]), dict(data["templates"]))


def _spec(props: dict) -> VersionSpec:
    return VersionSpec(
        props["version"],
        props["valid_from"],
        props["kind"],
        props["track"],
        props["phase"],
        props["label"],
        props["as_of"],
        props["label_ar"],
        props.get("based_on"),
        props.get("source"),
    )


def _geometry(feat: dict) -> BaseGeometry | None:
    return shapely.geometry.shape(feat["geometry"]) if feat.get("geometry") else None


def _read_version(path: Path) -> Version:
    """One version file; :class:`VersionFileError` (naming the file) when it cannot be used."""
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        return _version(path, features)
    except VersionFileError:
        raise
    except KeyError as error:
        raise VersionFileError(f"{path.name}: a feature lacks the property {error}") from error
    except (TypeError, ValueError, AttributeError, shapely.errors.GEOSException) as error:
        raise VersionFileError(f"{path.name}: {type(error).__name__}: {error}") from error


def _finished(path: Path, features: list[dict], fail) -> Version:
    """A finished version: its zones as ``versions add`` wrote them."""
    props = features[0]["properties"]
    missing = [key for key in VERSION_KEYS + PIECE_KEYS if key not in props]
    if missing:
        raise fail(f"a zone lacks {', '.join(missing)}")
    spec = _spec({**props, "based_on": None, "source": None})
    if spec.id != path.stem:
        raise fail(f"the file of version {spec.id!r} must be named {spec.id}{SUFFIX}")
    pieces = []
    for feat in features:
        geom = _geometry(feat)
        if geom is None or geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise fail("every zone of a finished version is a polygon")
        pieces.append((geom, {key: feat["properties"][key] for key in PIECE_KEYS}))
    return Version(spec, zones=tuple(pieces))


def _version(path: Path, features: list[dict]) -> Version:
    def fail(problem: str) -> VersionFileError:
        return VersionFileError(f"{path.name}: {problem}")

    if features and not any("input" in f["properties"] for f in features):
        return _finished(path, features, fail)

    by_input: dict[str, list[dict]] = {name: [] for name in INPUTS}
    for feat in features:
        name = feat["properties"].get("input")
        if name not in by_input:
            raise fail(f"a feature's 'input' is {name!r}, not one of {', '.join(INPUTS)}")
        by_input[name].append(feat)
    if len(by_input["version"]) != 1:
        raise fail("needs exactly one feature with 'input': 'version'")
    props = by_input["version"][0]["properties"]
    missing = [key for key in VERSION_KEYS if not props.get(key)]
    if missing:
        raise fail(f"the version feature lacks {', '.join(missing)}")
    spec = _spec(props)
    if spec.id != path.stem:
        raise fail(f"the file of version {spec.id!r} must be named {spec.id}{SUFFIX}")
    if spec.kind not in KINDS:
        raise fail(f"'kind' is {spec.kind!r}, not one of {', '.join(KINDS)}")
    starts = [name for name in STARTS if by_input[name]]
    if len(starts) + bool(by_input["band"]) > 1 or any(len(by_input[n]) > 1 for n in STARTS):
        raise fail("one line, one held side or one band at most, not several")
    if (spec.based_on is None) != bool(starts):
        raise fail("'based_on' is needed unless a line or held side is given")
    has_inputs = any(by_input[name] for name in INPUTS if name != "version")
    if not has_inputs and not spec.source:
        raise fail("a version with no input needs its 'source'")
    return Version(
        spec,
        line=_line(by_input, fail) if by_input["line"] else None,
        held_side=_held_side(by_input["held_side"][0], fail) if by_input["held_side"] else None,
        band=_band(spec.id, by_input["band"][0]["properties"]) if by_input["band"] else None,
        moves=_moves(spec.id, by_input, fail),
        restricted=tuple(_restricted(spec.id, f, fail) for f in by_input["restricted"]),
    )


def _line(by_input: dict[str, list[dict]], fail) -> FirstLine:
    (feat,) = by_input["line"]
    if len(by_input["closing"]) != 1:
        raise fail("a line needs one 'closing' feature")
    props, line = feat["properties"], _geometry(feat)
    closing = _geometry(by_input["closing"][0])
    if any(g is None or g.geom_type != "LineString" for g in (line, closing)):
        raise fail("the line and its closing are LineStrings")
    notes = tuple(props["vertex_notes"])
    if len(notes) != len(line.coords):
        raise fail(f"the line has {len(line.coords)} vertices and {len(notes)} vertex_notes")
    descriptions = {
        (zone, gov): (text, props["descriptions_ar"][zone][gov])
        for zone in ZONES
        for gov, text in props["descriptions"][zone].items()
    }
    return FirstLine(
        _coords(line), notes, _coords(closing), props["source"], props["confidence"], descriptions
    )


def _texts(props: dict) -> dict[str, Bilingual]:
    arabic = props["descriptions_ar"]
    return {zone: (text, arabic[zone]) for zone, text in props["descriptions"].items()}


def _held_side(feat: dict, fail) -> HeldSide:
    props = feat["properties"]
    geom = _geometry(feat)
    if geom is None or geom.geom_type != "Polygon" or not geom.is_valid:
        raise fail("a held side must be one valid Polygon")
    return HeldSide(
        geom, props["source"], props["confidence"], _texts(props), _pair(props, "moved_note")
    )


def _band(version: str, props: dict) -> PlanPhase:
    name = _pair(props, "perimeter_name") if props.get("perimeter_name") else None
    return PlanPhase(
        version,
        float(props["held_pct"]),
        bool(props["all_buffer"]),
        _pair(props, "description"),
        props["source"],
        _texts(props),
        name,
    )


def _moves(version: str, by_input: dict[str, list[dict]], fail) -> tuple[LineMove, ...]:
    through = {f["properties"]["move"]: _geometry(f) for f in by_input["through"]}
    moves = []
    for feat in by_input["move"]:
        props, window = feat["properties"], _geometry(feat)
        name = props["name"]
        if window is None or window.geom_type != "Polygon" or not window.is_valid:
            raise fail(f"the window of move {name!r} must be one valid Polygon")
        advance = props.get("advance_m")
        point = through.pop(name, None)
        if (advance is None) == (point is None):
            raise fail(f"move {name!r} needs either 'advance_m' or a 'through' point, one of them")
        moves.append(
            LineMove(
                version,
                _pair(props, "name"),
                window,
                _pair(props, "description"),
                _pair(props, "reason"),
                props["source"],
                advance_m=None if advance is None else float(advance),
                through=point,
            )
        )
    if through:
        raise fail(f"'through' points name no move of the file: {', '.join(through)}")
    return tuple(moves)


def _restricted(version: str, feat: dict, fail) -> RestrictedZone:
    props = feat["properties"]
    if feat.get("geometry"):
        raise fail("a restricted zone is a band (share_pct), no geometry")
    return RestrictedZone(
        version,
        props["restriction"],
        _pair(props, "name"),
        float(props["share_pct"]),
        _pair(props, "description"),
        _pair(props, "reason"),
        props["source"],
    )


def read_inputs(directory: Path) -> Inputs:
    """``shared.json`` and every ``*.geojson`` version file of ``directory``, checked."""
    shared = read_shared(directory / SHARED)
    versions = [_read_version(path) for path in sorted(directory.glob(f"*{SUFFIX}"))]
    known = {v.id for v in versions}
    for version in versions:
        base = version.spec.based_on
        if base is not None and base not in known:
            raise VersionFileError(f"{version.id}{SUFFIX}: 'based_on' {base!r} is no version")
    versions.sort(key=lambda v: (v.spec.valid_from, v.id))
    return Inputs(shared, tuple(versions))
