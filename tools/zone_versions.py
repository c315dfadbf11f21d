"""How each dated version of the zones is built from its inputs (used by ``build_geodata``).

The inputs are data: ``geodata/versions/`` holds one GeoJSON file per version (its
coordinates, distances and bilingual texts, each with its reason and source) and
``shared.json``, read by :mod:`tools.version_files`; the format is in ``geodata/README.md``.
This module holds no coordinate and no prose, only the construction.

Every version tiles the Strip with the three categories (``retained``, ``withdrawal``,
``buffer``). A version rests on one of:

* a hand-drawn ``line`` (the first withdrawal of 10 Oct 2025): the held side is east of it;
* a published ``held_side`` (the IDF's map of 19 Oct 2025), its tracing gaps along the fence
  filled;
* the version it is ``based_on``, with a ``band`` along the land borders sized to a reported
  share (the plan's later phases), or with moves of the line and restricted zones beyond it
  added (the reported moves since 19 Oct 2025, the orange zone), or repeated with its own
  source (the plan's phase 1: the same line as the first withdrawal).

The perimeter buffer (the held side within 1 km of the fence) is cut from every held side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from tools.geodata_helpers import fence_line, land_border, metric
from tools.version_files import (
    FirstLine,
    HeldSide,
    Inputs,
    LineMove,
    PlanPhase,
    RestrictedZone,
    Shared,
    Version,
    VersionFileError,
    VersionSpec,
)

# Pieces of a version smaller than this (m²) are slivers of the construction, not zones.
MIN_PIECE_M2 = 100.0
# A published polygon stops where its own tracing of the border runs; between it and the
# geoBoundaries outline lie thin strips along the fence (for the IDF's map 35-160 m wide,
# about 5 km² in all) that are behind the line. They are counted as held: of the Strip outside
# the polygon, only the largest piece (the side Israeli forces left) is not. A strip larger
# than this would not be an artefact of tracing, and stops the build.
MAX_TRACING_GAP_KM2 = 3.5
HELD = ("retained", "buffer")

Govs = list[tuple[str, BaseGeometry]]


def zone_name(shared: Shared, zone: str, gov: str) -> tuple[str, str]:
    """The English and Arabic names of a piece of ``zone`` in governorate ``gov``."""
    english, arabic = shared.piece_names[zone]
    template = shared.templates["piece_name"]
    return (
        template.format(zone=english, governorate=gov),
        template.format(zone=arabic, governorate=shared.governorates_ar[gov]),
    )


def israeli_side(line: FirstLine) -> Polygon:
    """Everything east of the hand-drawn line, closed far outside the Strip."""
    poly = Polygon(line.vertices + line.closing)
    assert poly.is_valid, shapely.is_valid_reason(poly)
    return poly


def _bisect(area_of: Callable[[float], float], target: float, high: float) -> float:
    """The distance (0-``high`` m) at which the increasing ``area_of`` reaches ``target``."""
    low = 0.0
    for _ in range(50):
        mid = (low + high) / 2
        if area_of(mid) < target:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def idf_held_side(outline_m: Polygon, idf_m: BaseGeometry) -> BaseGeometry:
    """The held side of a published map inside the Strip, tracing gaps along the fence filled."""
    published = outline_m.intersection(idf_m)
    rest = sorted(shapely.get_parts(outline_m.difference(idf_m)), key=lambda g: -g.area)
    gaps = rest[1:]  # rest[0] is the side Israeli forces left
    assert all(g.area / 1e6 < MAX_TRACING_GAP_KM2 for g in gaps), "not a tracing gap"
    return shapely.union_all([published, *gaps])


def move_piece(held_m: BaseGeometry, outline_m: Polygon, move: LineMove) -> BaseGeometry:
    """The area a :class:`LineMove` adds to the held side (metric)."""
    window_m = metric(move.window)
    if move.through is not None:
        distance = held_m.distance(metric(move.through))
    else:
        assert move.advance_m is not None, move.name
        distance = move.advance_m
    grown = held_m.buffer(distance).intersection(window_m).intersection(outline_m)
    piece = grown.difference(held_m)
    assert piece.area > 0, f"{move.name[0]}: the window misses the line"
    return piece


def restricted_band(held_m: BaseGeometry, outline_m: Polygon, zone: RestrictedZone):
    """The band beyond the held side whose area is ``zone.share_pct`` of the Strip."""
    target = outline_m.area * zone.share_pct / 100

    def area(width: float) -> float:
        return held_m.buffer(width).intersection(outline_m).difference(held_m).area

    width = _bisect(area, target, 5000.0)
    band = held_m.buffer(width).intersection(outline_m).difference(held_m)
    return band, width


def border_band(outline: Polygon, held_m: BaseGeometry, pct: float) -> tuple[BaseGeometry, float]:
    """The part of ``held_m`` within a band along the land borders, sized to ``pct`` %."""
    outline_m = metric(outline)
    border_m = metric(land_border(outline))
    target = outline_m.area * pct / 100

    def area(width: float) -> float:
        return held_m.intersection(border_m.buffer(width, cap_style="flat")).area

    width = _bisect(area, target, 15000.0)
    return held_m.intersection(border_m.buffer(width, cap_style="flat")), width


@dataclass
class Piece:
    """One feature of a version before it is written: metric geometry and properties."""

    geom: BaseGeometry
    props: dict


def _split(geom_m, govs: Govs) -> Govs:
    parts = [(name, geom_m.intersection(gov)) for name, gov in govs]
    return [(name, part) for name, part in parts if part.area >= MIN_PIECE_M2]


def _main_governorate(geom_m, govs: Govs) -> str:
    return max(govs, key=lambda item: geom_m.intersection(item[1]).area)[0]


def version_props(spec: VersionSpec, valid_to: str | None) -> dict:
    """The version properties shared by every feature of ``spec``."""
    return {
        "version": spec.id,
        "valid_from": spec.valid_from,
        "valid_to": valid_to,
        "kind": spec.kind,
        "track": spec.track,
        "label": spec.label,
        "label_ar": spec.label_ar,
    }


def _zone_props(
    shared: Shared,
    zone: str,
    name: tuple[str, str],
    gov: str | None,
    text: tuple[str, str],
    source: str,
    confidence: str,
    restriction: str | None = None,
) -> dict:
    """Properties of one piece, its ``name`` and ``text`` given in English and Arabic;
    ``restriction`` defaults to ``perimeter`` for a buffer."""
    return {
        "zone": zone,
        "name": name[0],
        "name_ar": name[1],
        "governorate": gov,
        "governorate_ar": shared.governorates_ar[gov] if gov else None,
        "restriction": restriction or ("perimeter" if zone == "buffer" else None),
        "description": text[0],
        "description_ar": text[1],
        "source": source,
        "confidence": confidence,
    }


def _perimeter_props(shared: Shared, source: str) -> dict:
    """The perimeter buffer's properties (the same in every version but plan phase 3)."""
    per = shared.perimeter
    return _zone_props(shared, "buffer", per.name, None, per.description, source, per.confidence)


def _drawn(shared: Shared, description: tuple[str, str], reason: tuple[str, str]):
    """A hand-drawn piece's text: what was reported, then how it was drawn."""
    return tuple(
        shared.templates[key].format(description=text, reason=why)
        for key, text, why in zip(("drawn", "drawn_ar"), description, reason, strict=True)
    )


def _perimeter(shared: Shared, held_m, fence_m) -> BaseGeometry:
    return held_m.intersection(fence_m.buffer(shared.perimeter.width_m, cap_style="flat"))


def _described(texts: dict[str, tuple[str, str]], zone: str, shared: Shared, gov: str):
    """A per-zone description, ``{gov}`` filled in in both languages."""
    english, arabic = texts[zone]
    return english.format(gov=gov), arabic.format(gov=shared.governorates_ar[gov])


def first_withdrawal(outline: Polygon, govs: Govs, line: FirstLine, shared: Shared) -> list[Piece]:
    """The pieces of the held side east of a hand-drawn line (the 10 Oct 2025 version)."""
    outline_m = metric(outline)
    side_m = metric(israeli_side(line))
    israel_m = outline_m.intersection(side_m)
    buffer_m = _perimeter(shared, israel_m, metric(fence_line(outline)))
    retained_m = israel_m.difference(buffer_m)
    withdrawal_m = outline_m.difference(side_m)
    pieces = []
    for zone, whole in (("retained", retained_m), ("withdrawal", withdrawal_m)):
        for name, gov in govs:
            part = whole.intersection(gov)
            if part.is_empty:
                continue
            text = line.descriptions[(zone, name)]
            names = zone_name(shared, zone, name)
            props = _zone_props(shared, zone, names, name, text, line.source, line.confidence)
            pieces.append(Piece(part, props))
    pieces.append(Piece(buffer_m, _perimeter_props(shared, shared.perimeter.source)))
    return pieces


def plan_phase(
    outline: Polygon, govs: Govs, phase1_held_m, phase: PlanPhase, shared: Shared
) -> tuple[list[Piece], float]:
    """The pieces of a later plan phase, and the band width used (m)."""
    outline_m = metric(outline)
    fence_m = metric(fence_line(outline))
    held_m, width = border_band(outline, phase1_held_m, phase.held_pct)
    text, text_ar = (part.format(width=width / 1000) for part in phase.description)

    def plan_text(zone: str, gov: str) -> tuple[str, str]:
        english, arabic = _described(phase.descriptions, zone, shared, gov)
        return f"{english} {text}", f"{arabic} {text_ar}"

    def piece(zone: str, gov: str, part) -> Piece:
        names = zone_name(shared, zone, gov)
        return Piece(part, _zone_props(shared, zone, names, gov, plan_text(zone, gov), *common))

    common = (phase.source, "low")
    pieces: list[Piece] = []
    if phase.all_buffer:
        perimeter = held_m
    else:
        perimeter = _perimeter(shared, held_m, fence_m)
        pieces += [piece("retained", g, p) for g, p in _split(held_m.difference(perimeter), govs)]
    pieces += [piece("withdrawal", g, p) for g, p in _split(outline_m.difference(held_m), govs)]
    if phase.all_buffer:
        assert phase.perimeter_name is not None, phase.version
        names = phase.perimeter_name
        props = _zone_props(shared, "buffer", names, None, (text, text_ar), *common)
    else:
        source = shared.templates["band_perimeter_source"].format(
            source=phase.source, perimeter=shared.perimeter.source
        )
        props = _perimeter_props(shared, source)
    pieces.append(Piece(perimeter, props))
    return pieces, width


@dataclass
class GroundState:
    """What a version built on a published held side is built from."""

    base_m: BaseGeometry  # the published held side inside the Strip
    published: HeldSide
    moves: list[tuple[LineMove, BaseGeometry]] = field(default_factory=list)  # added, in order
    restricted: list[tuple[RestrictedZone, BaseGeometry]] = field(default_factory=list)

    @property
    def held_m(self) -> BaseGeometry:
        return shapely.union_all([self.base_m, *(piece for _, piece in self.moves)])

    def copy(self) -> GroundState:
        return GroundState(self.base_m, self.published, list(self.moves), list(self.restricted))


def ground_pieces(outline: Polygon, govs: Govs, state: GroundState, shared: Shared) -> list[Piece]:
    """The pieces of a version built on a published held side (19 Oct 2025 and later)."""
    outline_m = metric(outline)
    fence_m = metric(fence_line(outline))
    held_m = state.held_m
    perimeter = _perimeter(shared, held_m, fence_m)
    published = state.published
    note = published.moved_note if state.moves else ("", "")

    def published_text(zone: str, gov: str) -> tuple[str, str]:
        english, arabic = _described(published.descriptions, zone, shared, gov)
        return english + note[0], arabic + note[1]

    def published_piece(zone: str, gov: str, part) -> Piece:
        text, names = published_text(zone, gov), zone_name(shared, zone, gov)
        args = (published.source, published.confidence)
        return Piece(part, _zone_props(shared, zone, names, gov, text, *args))

    pieces = [
        published_piece("retained", gov, part)
        for gov, part in _split(state.base_m.difference(perimeter), govs)
    ]
    taken = state.base_m
    for move, piece in state.moves:
        part = piece.difference(perimeter).difference(taken)
        taken = taken.union(piece)
        if part.area < MIN_PIECE_M2:
            continue
        text = _drawn(shared, move.description, move.reason)
        gov = _main_governorate(part, govs)
        props = _zone_props(shared, "retained", move.name, gov, text, move.source, "low")
        pieces.append(Piece(part, props))
    off_limits = shapely.union_all([held_m, *(band for _, band in state.restricted)])
    pieces += [
        published_piece("withdrawal", gov, part)
        for gov, part in _split(outline_m.difference(off_limits), govs)
    ]
    pieces.append(Piece(perimeter, _perimeter_props(shared, shared.perimeter.source)))
    for zone, band in state.restricted:
        text = _drawn(shared, zone.description, zone.reason)
        props = _zone_props(shared, "buffer", zone.name, None, text, zone.source, "low", zone.key)
        pieces.append(Piece(band, props))
    return pieces


@dataclass
class Built:
    """A version's pieces, what a version based on it starts from, and notes for the report."""

    pieces: list[Piece]
    state: GroundState | None
    notes: list[str]

    @property
    def held_m(self) -> BaseGeometry:
        return shapely.union_all([p.geom for p in self.pieces if p.props["zone"] in HELD])


def valid_to(inputs: Inputs) -> dict[str, str | None]:
    """Each version's end: the next version's ``valid_from`` on its track (``None``: the last)."""
    ends: dict[str, str | None] = {}
    tracks: dict[str, list[Version]] = {}
    for version in inputs.versions:
        tracks.setdefault(version.spec.track, []).append(version)
    for track in tracks.values():
        starts = [v.spec.valid_from for v in track]
        for i, version in enumerate(track):
            later = starts[i + 1] if i + 1 < len(track) else None
            if later == version.spec.valid_from:
                problem = f"{version.id}: another version of track {version.spec.track!r}"
                raise VersionFileError(f"{problem} starts on {later} too")
            ends[version.id] = later
    return ends


def build_versions(
    outline: Polygon, govs: Govs, inputs: Inputs
) -> Iterator[tuple[Version, str | None, Built]]:
    """Every version in order (by ``valid_from``, then id), with its end and its pieces."""
    outline_m = metric(outline)
    shared = inputs.shared
    built: dict[str, Built] = {}

    def build(version: Version, seen: tuple[str, ...] = ()) -> Built:
        if version.id in built:
            return built[version.id]
        if version.id in seen:
            raise VersionFileError(f"{version.id}: 'based_on' goes round in a circle")
        base = version.spec.based_on
        start = build(inputs.version(base), (*seen, version.id)) if base else None
        notes: list[str] = []
        state: GroundState | None = None
        if version.zones:  # finished (``versions add``): its pieces as they are
            pieces = [Piece(metric(geom), dict(props)) for geom, props in version.zones]
        elif version.line is not None:
            pieces = first_withdrawal(outline, govs, version.line, shared)
        elif version.band is not None:
            assert start is not None
            pieces, width = plan_phase(outline, govs, start.held_m, version.band, shared)
            notes.append(f"  ({version.id}: band {width:.0f} m wide)")
        elif version.held_side is None and not (version.moves or version.restricted):
            assert start is not None and version.spec.source is not None
            source = version.spec.source
            pieces = [Piece(p.geom, dict(p.props, source=source)) for p in start.pieces]
        else:
            if version.held_side is not None:
                held_m = idf_held_side(outline_m, metric(version.held_side.geometry))
                state = GroundState(held_m, version.held_side)
            elif start is None or start.state is None:
                problem = "moves and restricted zones need a published held side"
                raise VersionFileError(f"{version.id}: {problem}, and {base!r} has none")
            else:
                state = start.state.copy()
            for move in version.moves:
                state.moves.append((move, move_piece(state.held_m, outline_m, move)))
            for zone in version.restricted:
                band, width = restricted_band(state.held_m, outline_m, zone)
                notes.append(f"  ({version.id}: {zone.key} band {width:.0f} m wide)")
                state.restricted.append((zone, band))
            pieces = ground_pieces(outline, govs, state, shared)
        built[version.id] = Built(pieces, state, notes)
        return built[version.id]

    ends = valid_to(inputs)
    for version in inputs.versions:
        yield version, ends[version.id], build(version)
