"""``python -m dashboard versions add|list|check``: versions of the zones added from files.

``versions add FILE --from DATE --kind KIND --source TEXT --label TEXT`` reads FILE with
the same checks as an upload (in a worker process), derives a complete version from it
(:mod:`dashboard.zones.new_version`), checks it as the build checks a version and writes it
into ``<data dir>/versions/`` (``--data-dir``, else ``GAZA_MAP_DATA_DIR``, else
``geodata/versions/`` for the bundled series' next build). It prints the version's areas
and what changed since the version before it. ``versions list`` lists every version, bundled
and added; ``versions check DIR`` checks a folder of added versions edited by hand.

Exit status: 0 on success; 2 when ``add`` refuses (a file outside the Strip or covering
less than 1 % of it, a date that is not a date or is before the first ground version, a
day on which another version of the track starts, no ``--source``), with a message on
stderr; ``check``: 1 when a file is left out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

import geopandas as gpd

from dashboard.config import CONFIDENCE_LEVELS
from dashboard.intake import added_versions as added
from dashboard.intake import bundled
from dashboard.intake.isolated_read import read_isolated
from dashboard.messages import GeodataError, without_isolates
from dashboard.zones import new_version as nv
from dashboard.zones import series, version_changes
from dashboard.zones.areas import total_area_km2

USAGE_ERROR = 2
LEFT_OUT = 1
ADDED_KINDS = ("published", "reported")


class Refused(Exception):
    """``versions add`` refuses; the message says why and what to do."""


def _error(text: str) -> None:
    print(f"ERROR {without_isolates(text)}", file=sys.stderr)


def _strip_km2() -> float:
    return total_area_km2(bundled.load_outline())


def _read(path: Path) -> gpd.GeoDataFrame:
    """FILE read as an upload is read: the same formats, limits and checks."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Refused(f"{path}: cannot be read ({exc.strerror}).") from None
    try:
        return read_isolated(data, path.name).gdf
    except GeodataError as exc:
        raise Refused(str(exc)) from None


def _meta(args: argparse.Namespace, day: dt.date) -> nv.VersionMeta:
    label = args.label.strip()
    return nv.VersionMeta(
        id=nv.version_id(day, label),
        label=label,
        # No Arabic label: none at all, so that the page shows the English one as English.
        label_ar=(args.label_ar or "").strip() or None,
        valid_from=day,
        kind=args.kind,
        source=args.source.strip(),
        confidence=args.confidence,
    )


def _previous(versions: list[series.Version], day: dt.date) -> series.Version | None:
    earlier = [v for v in versions if v.track == series.GROUND_TRACK and v.valid_from < day]
    return earlier[-1] if earlier else None


def _print_change(zones: gpd.GeoDataFrame, change: nv.VersionChange) -> None:
    for row in change.areas.itertuples():
        print(f"  {row.category:11s} {row.area_km2:7.1f} km²  {row.share_pct:5.1f} %")
    print(
        f"  held: behind the line {change.behind_line_pct:.1f} %; with the orange "
        f"restricted zone {change.held_pct:.1f} %"
    )
    if change.previous is None:
        return
    print(
        f"Since {change.previous}: behind the line +{change.gained_km2:.1f} km² gained, "
        f"-{change.lost_km2:.1f} km² lost"
    )
    towns = change.municipalities
    if towns.empty:
        print(
            "  no municipality's share behind the line changed by more than "
            f"{nv.MUNICIPALITY_CHANGE_POINTS:g} point"
        )
        return
    print(
        f"  municipalities whose share behind the line changed by more than "
        f"{nv.MUNICIPALITY_CHANGE_POINTS:g} point:"
    )
    for row in towns.itertuples():
        print(
            f"    {row.name:24s} {row.before_pct:5.1f} % -> {row.after_pct:5.1f} % "
            f"({row.change_points:+.1f})"
        )


def add(args: argparse.Namespace) -> int:
    """``versions add``: refused with status 2, else the version written and described."""
    try:
        _add(args)
    except Refused as exc:
        _error(str(exc))
        return USAGE_ERROR
    return 0


def _add(args: argparse.Namespace) -> None:
    if not (args.source or "").strip():
        raise Refused(
            "give the version's source with --source (an outlet and a date, or a dataset): "
            "every version names where it comes from."
        )
    if not args.label.strip():
        raise Refused("give the version a --label, e.g. '1 Dec 2026: line reported at ...'.")
    try:
        day = series.as_date(args.date)
    except series.SeriesError as exc:
        raise Refused(f"--from: {exc}") from None
    directory = added.data_dir(args.data_dir)
    loaded = added.load_series(directory)
    known = series.versions(loaded.zones)
    problems = added.start_problems(day, series.GROUND_TRACK, known, "--from")
    if problems:
        raise Refused(" ".join(problems))
    meta = _meta(args, day)
    gdf = _read(args.file)
    mode = args.mode or (nv.ZONES if "zone" in gdf.columns else nv.HELD_SIDE)
    strip, texts = added.strip_shape(), added.added_texts()
    try:
        if mode == nv.ZONES:
            zones, notes = nv.from_zones(gdf, strip, texts, meta), []
        else:
            held, orange = nv.split_held_file(gdf)
            zones, notes = nv.from_held_side(held, orange, strip, texts, meta)
    except nv.NewVersionError as exc:
        raise Refused(f"{args.file.name}: {exc}") from None
    problems = added.version_problems(zones, f"{meta.id}.geojson", strip.outline, known)
    if problems:
        raise Refused(" ".join(problems))
    previous = _previous(known, day)
    before = series.zones_of(loaded.zones, previous.id) if previous else None
    towns = bundled.read_bundled(bundled.MUNICIPALITIES_FILE)
    change = nv.describe_change(
        before, zones, _strip_km2(), towns, previous.id if previous else None
    )
    path = added.write_version(zones, added.versions_folder(directory))
    print(f"Added {meta.id} ({meta.kind}, from {day.isoformat()}): {path}")
    for note in notes:
        print(f"  ({note})")
    _print_change(zones, change)
    if directory is None:
        print("Rebuild the bundled zones with: python -m tools.build_geodata")


def _confidence(zones: gpd.GeoDataFrame) -> str:
    """As sure as the least sure piece of the version."""
    present = set(zones["confidence"].astype(str))
    return next((c for c in CONFIDENCE_LEVELS if c in present), "not stated")


def list_versions(args: argparse.Namespace) -> int:
    """``versions list``: every version, its held share behind the line and with the orange
    restricted zone, where it comes from; files left out named."""
    directory = added.data_dir(args.data_dir)
    loaded = added.load_series(directory)
    strip_km2 = _strip_km2()
    areas = version_changes.version_areas(loaded.zones, strip_km2).set_index("version")
    heading = ("version", "in force", "kind", "confidence", "held: line / +orange", "from")
    print(f"{heading[0]:32s} {heading[1]:25s} {heading[2]:10s} {heading[3]:11s} "
          f"{heading[4]:21s}  {heading[5]}")  # fmt: skip
    for version in series.versions(loaded.zones):
        last = version.valid_to - dt.timedelta(days=1) if version.valid_to else None
        until = last.isoformat() if last else "latest"
        dates = f"{version.valid_from.isoformat()} – {until}"
        origin = loaded.origins.get(version.id)
        where = f"added: {origin}" if origin else "bundled"
        confidence = _confidence(series.zones_of(loaded.zones, version.id))
        row = areas.loc[version.id]
        behind = 100 * (row["held_km2"] - row["restricted_km2"]) / strip_km2
        held = f"{behind:5.1f} % / {row['held_pct']:5.1f} %"
        print(
            f"{version.id:32s} {dates:25s} {version.kind:10s} {confidence:11s} {held:21s}  {where}"
        )
    for problem in loaded.problems:
        _error(f"left out: {problem}")
    return 0


def check(args: argparse.Namespace) -> int:
    """``versions check DIR``: each added version of DIR checked as the build checks one."""
    folder = args.folder / added.VERSIONS_FOLDER
    folder = folder if folder.is_dir() else args.folder
    if not folder.is_dir():
        _error(f"{args.folder}: no such folder.")
        return USAGE_ERROR
    inputs = (folder / added.SHARED_FILE).is_file()  # the build's own folder
    loaded = added.add_to_series(bundled.load_zone_versions(), folder, skip_inputs=inputs)
    for version_id, path in loaded.origins.items():
        print(f"OK {path.name}: version {version_id}")
    for problem in loaded.problems:
        print(f"ERROR {without_isolates(problem)}")
    if inputs:
        print("INFO the build inputs of this folder are checked by python -m tools.build_geodata")
    if not loaded.origins and not loaded.problems:
        print(f"INFO {folder}: no added version.")
    return LEFT_OUT if loaded.problems else 0


def _plain_help(text: str) -> str:
    """A paragraph of this module's docstring as a terminal shows it: no reST markup."""
    return re.sub(r"\s\(:mod:`[^`]*`\)", "", text).replace("``", "")


DATA_DIR_HELP = (
    "the deployment's data directory (default: GAZA_MAP_DATA_DIR; without either, the "
    "bundled series' inputs in geodata/versions/)"
)


def add_parser(commands) -> None:
    """The ``versions`` command and its sub-commands, on ``python -m dashboard``'s parser."""
    versions = commands.add_parser(
        "versions",
        help="add, list and check versions of the zones",
        description=_plain_help(__doc__.split("\n\n")[1]),
    )
    sub = versions.add_subparsers(dest="versions_command", required=True, metavar="ACTION")
    adding = sub.add_parser(
        "add",
        help="add a version from a file (a held side drawn in QGIS, or finished zones)",
        description=_plain_help(__doc__.split("\n\n")[1] + " " + __doc__.split("\n\n")[2]),
        epilog="Example: python -m dashboard versions add held.geojson --from 2026-12-01 "
        "--kind reported --source 'Outlet, 1 Dec 2026' --label '1 Dec 2026: line reported' "
        "--data-dir /srv/gaza-map",
    )
    adding.add_argument("file", type=Path, metavar="FILE", help="any format an upload accepts")
    adding.add_argument("--from", dest="date", required=True, metavar="DATE",
                        help="the first day in force, YYYY-MM-DD")  # fmt: skip
    adding.add_argument("--kind", required=True, choices=ADDED_KINDS)
    adding.add_argument("--source", metavar="TEXT", help="where the version comes from")
    adding.add_argument("--label", required=True, metavar="TEXT", help="a short label")
    adding.add_argument("--label-ar", metavar="TEXT", help="the label in Arabic")
    adding.add_argument("--confidence", choices=CONFIDENCE_LEVELS, default="low")
    adding.add_argument(
        "--as",
        dest="mode",
        choices=(nv.HELD_SIDE, nv.ZONES),
        help="held-side: the area behind the line (default when FILE has no 'zone'); "
        "zones: a finished version, a 'zone' on every polygon",
    )
    adding.add_argument("--data-dir", type=Path, metavar="DIR", help=DATA_DIR_HELP)
    adding.set_defaults(run_versions=add)
    listing = sub.add_parser("list", help="every version, bundled and added")
    listing.add_argument("--data-dir", type=Path, metavar="DIR", help=DATA_DIR_HELP)
    listing.set_defaults(run_versions=list_versions)
    checking = sub.add_parser("check", help="check a folder of added versions edited by hand")
    checking.add_argument("folder", type=Path, metavar="DIR")
    checking.set_defaults(run_versions=check)
