"""Command line: ``python -m dashboard validate|distance|zones|versions ...``.

``validate FILE...`` runs the same checks as an upload and prints the same messages, so a
data pipeline can refuse a file before it is published. Exit status: 0 when every file is
usable, 1 when any is not, 2 for a usage error.

``distance LAT LON [--at DATE] [--track TRACK]`` prints, as one JSON object, which side of
the line a point is on and how far it is from the line (and from the orange zone, where there
is one), in the zone version in force on DATE (see :mod:`dashboard.zones.distance`).
``zones [--at DATE] [--track TRACK] [-o FILE]`` writes that version's zones as GeoJSON.
Both say how old the version is on DATE (``version_age_days``) and, when it began more than
30 days before, that it is the last mapped state and what was reported since (``note``, see
:mod:`dashboard.zones.currency`; null otherwise).
``publish OUT/`` writes the light page (a static folder), ``publish --single-file FILE``
the same page as one HTML file of at most 1 MB (see :mod:`dashboard.browser.light_page`).
Exit status: 0 on success; 2 for bad input (a malformed number or date, a point outside the
Strip, a date before the first version, an unknown track, an output file that cannot be
written), with a message on stderr and nothing on stdout; 1 when the bundled zones cannot be
read. The zones are the bundled ones and the versions added to the data directory
(``--data-dir`` or ``GAZA_MAP_DATA_DIR``). ``versions add|list|check`` is
:mod:`dashboard.version_commands`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from dashboard import version_commands
from dashboard.intake.added_versions import add_to_series, data_dir, versions_folder
from dashboard.intake.bundled import load_outline, load_zone_versions
from dashboard.intake.isolated_read import read_isolated
from dashboard.intake.line_drift import LineDriftError, load_line_drift
from dashboard.intake.local_files import read_regular_file
from dashboard.intake.reported_shares import ReportedSharesError, load_reported_shares
from dashboard.intake.user_files import DEFAULT_LIMITS, Limits
from dashboard.messages import AxesSwapped, CrsRequired, GeodataError, without_isolates
from dashboard.zones.areas import total_area_km2
from dashboard.zones.contract import ZoneDataError, zone_problems
from dashboard.zones.currency import last_mapped, note_text, version_age_days
from dashboard.zones.distance import BadCoordinates, DistanceError, line_distance, parse_coordinate
from dashboard.zones.drift import LineDrift, drift_warning
from dashboard.zones.mapping import zone_messages
from dashboard.zones.series import (
    GROUND_TRACK,
    HeldShares,
    SeriesError,
    Version,
    as_date,
    held_shares,
    version_at,
    versions,
    zones_at,
)

EXAMPLE_POINT = "31.42 34.38"
USAGE_ERROR = 2
DATA_ERROR = 1


def _say(line: str, out) -> None:
    """Print a message line for a terminal or a log: names without the invisible marks that
    isolate them on the page (a terminal may show them as boxes)."""
    print(without_isolates(line), file=out)


def validate_file(
    path: Path,
    out=None,
    *,
    crs: str | None = None,
    swap_axes: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> bool:
    """Check one file, print its messages (to ``out``, default stdout); True when usable.

    ``crs`` is the coordinate reference system to read it in (when it has none, or a wrong
    one); ``swap_axes`` reads latitude and longitude the other way round: as on the page.
    The file is read as a drop-in is: a regular file only (not a link, a device or a FIFO,
    which would never end), and no further than the size limit.
    """
    out = sys.stdout if out is None else out
    try:
        data = read_regular_file(path, limits.max_bytes)
        # In a worker process, as on the page: a file that crashes the reader is a message.
        loaded = read_isolated(data, path.name, crs=crs, swap_axes=swap_axes, limits=limits)
    except CrsRequired as exc:
        _say(f"ERROR {exc} Give it with --crs, e.g. --crs EPSG:2039.", out)
        return False
    except AxesSwapped as exc:
        _say(f"ERROR {exc} Read it with --swap-axes.", out)
        return False
    except GeodataError as exc:
        _say(f"ERROR {exc}", out)
        return False
    for message in loaded.messages:
        _say(f"{message.level.upper()} {message.text}", out)
    gdf = loaded.gdf
    if "zone" in gdf.columns:
        # Also a file whose `zone` values are all unknown: say which, and what to do.
        for message in zone_messages(gdf):
            _say(f"{message.level.upper()} {path.name}: {message.text}", out)
        missing = [p for p in zone_problems(gdf, path.name) if "missing properties" in p]
        for problem in missing:
            _say(f"INFO {problem}", out)
    _say(f"OK {path.name}: {len(gdf):,} features usable.", out)
    return True


def _validate_safely(path: Path, **options) -> bool:
    """:func:`validate_file`, with a one-line message instead of a traceback on any error."""
    try:
        return validate_file(path, **options)
    except Exception as exc:  # noqa: BLE001 - a data pipeline wants a message and a status
        print(f"ERROR {path.name}: could not be checked ({type(exc).__name__}).")
        return False


# --- distance and zones --------------------------------------------------------------------


class CommandError(Exception):
    """A message for the user (``str``) and the exit status that goes with it."""

    def __init__(self, message: str, status: int = USAGE_ERROR) -> None:
        super().__init__(message)
        self.status = status


def _date(text: str) -> dt.date:
    try:
        return as_date(text)
    except SeriesError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _coordinate(axis: str):
    def parse(text: str) -> float:
        try:
            return parse_coordinate(text, axis)
        except BadCoordinates as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


@dataclass(frozen=True)
class Answer:
    """The version of a track in force on a day, its zones, and how current it is."""

    version: Version
    zones: gpd.GeoDataFrame
    day: dt.date
    note: str | None  # the "last mapped" note (see dashboard.zones.currency), or None
    held: HeldShares  # the held side behind the line, and with the restricted zone

    def about(self) -> dict[str, object]:
        """What the outputs say of the version: the held side's share of the Strip in its
        two meanings, ``version_age_days`` and ``note``."""
        return {
            **self.held.as_fields(),
            "version_age_days": version_age_days(self.version, self.day),
            "note": self.note,
        }


def _version_zones(when: dt.date, track: str, directory: Path | None = None) -> Answer:
    """The version of ``track`` in force on ``when``, its zones and its note, from the
    bundled data and the versions added to the data directory (``--data-dir``,
    ``GAZA_MAP_DATA_DIR``)."""
    try:
        all_zones = load_zone_versions()
        strip_km2 = total_area_km2(load_outline())
    except (OSError, ZoneDataError) as exc:
        raise CommandError(f"The bundled zones cannot be read: {exc}", DATA_ERROR) from None
    directory = data_dir(directory)
    if directory is not None:
        loaded = add_to_series(all_zones, versions_folder(directory))
        for problem in loaded.problems:
            _say(f"WARNING left out: {problem}", sys.stderr)
        all_zones = loaded.zones
    try:
        reports = load_reported_shares()
    except (OSError, ReportedSharesError) as exc:
        raise CommandError(f"The reported shares cannot be read: {exc}", DATA_ERROR) from None
    try:
        version = version_at(all_zones, when, track)
    except ValueError as exc:  # before the first version, or no such track: the message says
        raise CommandError(str(exc)) from None
    note = note_text(last_mapped(version, when, versions(all_zones), reports))
    zones = zones_at(all_zones, when, track)
    return Answer(version, zones, when, note, held_shares(zones, strip_km2))


def _distance(args: argparse.Namespace) -> str:
    found = _version_zones(args.at, args.track, args.data_dir)
    version = found.version
    try:
        result = line_distance(found.zones, args.lat, args.lon)
    except DistanceError as exc:
        raise CommandError(str(exc)) from None
    reports = _line_drift()
    answer = {
        **result.as_dict(),
        "drift_warning": drift_warning(result, reports),
        "version_id": version.id,
        "version_label": version.label,
        "version_valid_from": version.valid_from.isoformat(),
        "version_valid_to": version.valid_to.isoformat() if version.valid_to else None,
        "at": args.at.isoformat(),
        **found.about(),
    }
    return json.dumps(answer, ensure_ascii=False) + "\n"


def _line_drift() -> LineDrift:
    try:
        return load_line_drift()
    except LineDriftError as exc:
        raise CommandError(str(exc), DATA_ERROR) from None


def _zones(args: argparse.Namespace) -> str:
    # Imported here: only this command needs folium's weight (the export module uses it).
    from dashboard.browser.export import zones_geojson

    found = _version_zones(args.at, args.track, args.data_dir)
    members = {"version_id": found.version.id, "at": args.at.isoformat(), **found.about()}
    return zones_geojson(found.zones, members) + "\n"


def _publish(args: argparse.Namespace) -> str:
    # Imported here: only this command builds the light page.
    from dashboard.browser.light_data import light_data
    from dashboard.browser.light_page import PublishError, publish_folder, publish_single_file

    if args.folder is None and args.single_file is None:
        raise CommandError("Give a folder to write the page into, or --single-file FILE.")
    try:
        data = light_data()
    except (OSError, ZoneDataError, ValueError) as exc:
        raise CommandError(f"The bundled data cannot be read: {exc}", DATA_ERROR) from None
    lines = []
    try:
        if args.folder is not None:
            written = publish_folder(args.folder, data)
            size = sum(path.stat().st_size for path in written)
            lines.append(f"Wrote {len(written)} files ({size:,} bytes) to {args.folder}")
        if args.single_file is not None:
            size = publish_single_file(args.single_file, data)
            lines.append(f"Wrote {args.single_file} ({size:,} bytes)")
    except PublishError as exc:
        raise CommandError(str(exc)) from None
    return "\n".join(lines) + "\n"


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    _check_output(output)
    # Written beside the target, then renamed over it: the target is never truncated in
    # place, a reader sees the old file or the new one, and a link is replaced, never
    # written through (rename does not follow it; _check_output refuses it anyway).
    temporary: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=output.parent, prefix=f".{output.name}.", delete=False
        ) as handle:
            temporary = Path(handle.name)
            handle.write(text)
            os.fchmod(handle.fileno(), 0o666 & ~_umask())  # as a new file's, not 0600
        os.replace(temporary, output)
    except OSError as exc:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise CommandError(f"Cannot write {output}: {exc.strerror}.") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _check_output(output: Path) -> None:
    """Refuse an output path that exists and is not a regular file (a link, a FIFO, a folder,
    a device): replacing it would surprise, writing through it could reach any file."""
    try:
        mode = os.lstat(output).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise CommandError(f"Cannot write {output}: {exc.strerror}.") from None
    if stat.S_ISLNK(mode):
        raise CommandError(
            f"Cannot write {output}: it is a link; give the file it points to, or another name."
        )
    if not stat.S_ISREG(mode):
        raise CommandError(f"Cannot write {output}: it is not a regular file; give another name.")


def _run(command, args: argparse.Namespace) -> int:
    """Run a command; a :class:`CommandError` becomes a message on stderr and its status."""
    try:
        _write(command(args), getattr(args, "output", None))
    except CommandError as exc:
        print(f"ERROR {exc}", file=sys.stderr)
        return exc.status
    return 0


# --- the parser ----------------------------------------------------------------------------

DATE_HELP = (
    "the day whose zones to use, as YYYY-MM-DD (default: today); the zones change over time, "
    "and a date before the first version is refused"
)
TRACK_HELP = (
    f"'{GROUND_TRACK}' (default) for the situation on the ground, or a phase of the plan of "
    "29 September 2025, e.g. plan-phase-1 (an unknown name is refused with the list of tracks)"
)


def _add_date_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--at", type=_date, default=dt.date.today(), metavar="DATE", help=DATE_HELP
    )
    command.add_argument("--track", default=GROUND_TRACK, metavar="TRACK", help=TRACK_HELP)
    command.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="also use the versions added to DIR/versions (default: GAZA_MAP_DATA_DIR)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m dashboard``."""
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Gaza Ceasefire Map tools: check geodata files, measure a point's distance "
        "to the line, export the zones of a given day.",
        epilog="Run 'python -m dashboard COMMAND --help' for the details of a command.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "validate",
        help="check geodata files as an upload would",
        description="Check geodata files with the same checks and messages as an upload. "
        "Only regular files are read (a link, a FIFO, a device or a folder is refused), and "
        "no further than the upload limit. "
        "Exit status: 0 when every file is usable, 1 when any is not.",
    )
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check.add_argument(
        "--crs",
        metavar="CRS",
        help="read the files in this coordinate reference system (e.g. EPSG:2039), for a "
        "file that has none or a wrong one",
    )
    check.add_argument(
        "--swap-axes",
        action="store_true",
        help="read latitude and longitude the other way round (for a file written lat, lon)",
    )

    distance = commands.add_parser(
        "distance",
        help="which side of the line a point is on, and how far from it",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Print, as one JSON object, which side of the line a point is on (the Israeli-held\n"
            "side or the other side), its distance in metres to the line and the nearest point\n"
            "of the line, and its distance to the orange restricted zone (null when the zones\n"
            "of that day have none), with the zone version used and the share of the Strip it\n"
            "holds behind the line (held_behind_line_pct) and with the orange restricted zone\n"
            "beyond the line (held_with_restricted_pct); version_valid_to is null for\n"
            "the latest mapped version, version_age_days is its age on DATE, and note says,\n"
            "when it began more than 30 days before DATE, that it is the last mapped state,\n"
            "with the shares of the Strip reported since (null otherwise).\n\n"
            "The line is the edge of the held side (retained zones and the perimeter buffer)\n"
            "inside the Strip: the coast, the fence and the Egyptian border are not the line.\n"
            "The orange zone lies beyond the line: a point in it is on the other side.\n"
            "Distances are rounded to 10 m; the line itself is an approximation drawn from\n"
            "reports, often hundreds of metres off. For a point on the other side within 1 km\n"
            "of the line, drift_warning says how far beyond the mapped line markers have been\n"
            "reported (null otherwise): the distance cannot say whether a place is safe.\n\n"
            "Exit status: 0 on success; 2 for a malformed number or date, a point outside the\n"
            "Strip, a date before the first version or an unknown track (with a message on\n"
            "stderr); 1 when the bundled zones cannot be read."
        ),
        epilog=f"Example: python -m dashboard distance {EXAMPLE_POINT} --at 2025-10-19",
    )
    distance.add_argument(
        "lat", type=_coordinate("latitude"), metavar="LAT", help="latitude in decimal degrees"
    )
    distance.add_argument(
        "lon", type=_coordinate("longitude"), metavar="LON", help="longitude in decimal degrees"
    )
    _add_date_options(distance)
    distance.set_defaults(run=_distance)

    zones = commands.add_parser(
        "zones",
        help="write the zones in force on a day as GeoJSON",
        description="Write the zones in force on DATE as GeoJSON (RFC 7946: longitude/latitude "
        "in EPSG:4326, coordinates as stored), to FILE or to the standard output. Beside its "
        "features, the collection names the version (version_id), the date (at), the share of "
        "the Strip it holds behind the line and with the orange restricted zone "
        "(held_behind_line_pct, held_with_restricted_pct), the "
        "version's age on it (version_age_days) and a note (null unless the version began more "
        "than 30 days before: that it is the last mapped state, and what was reported since). "
        "Exit status: "
        "0 on success; 2 for a malformed date, a date before the first version, an unknown "
        "track or a FILE that cannot be written (with a message on stderr); 1 when the bundled "
        "zones cannot be read.",
        epilog="Example: python -m dashboard zones --at 2025-10-19 -o zones-2025-10-19.geojson",
    )
    _add_date_options(zones)
    zones.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="the file to write (replaced if it is a regular file; a link, a folder or a FIFO "
        "is refused; default: the standard output)",
    )
    zones.set_defaults(run=_zones)
    version_commands.add_parser(commands)

    publish = commands.add_parser(
        "publish",
        help="write the light page: a static folder, or one HTML file",
        description="Write the light page: the zones of every date, the line, the legend, "
        "'Where am I?', the day's events and the crossings, in English and Arabic, with "
        "Leaflet and the data beside it (no CDN, nothing fetched from another host), for "
        "any web server. With --single-file, the same page as one HTML file of at most 1 MB "
        "that opens from disk with no network. Exit status: 0 on success; 2 when nothing "
        "to write is given or a file cannot be written; 1 when the bundled data cannot be "
        "read.",
        epilog="Example: python -m dashboard publish site/ --single-file map.html",
    )
    publish.add_argument(
        "folder", nargs="?", type=Path, metavar="OUT", help="the folder to write the page into"
    )
    publish.add_argument(
        "--single-file", type=Path, metavar="FILE", help="also (or only) write one HTML file"
    )
    publish.set_defaults(run=_publish)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m dashboard`` with ``argv`` (default: the process's); return the status."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return USAGE_ERROR if exc.code else 0
    if args.command == "validate":
        options = {"crs": args.crs, "swap_axes": args.swap_axes}
        return 0 if all([_validate_safely(path, **options) for path in args.files]) else 1
    if args.command == "versions":
        return args.run_versions(args)
    return _run(args.run, args)
