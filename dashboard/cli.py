"""Command line: ``python -m dashboard validate|distance|zones|publish|versions ...``.

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
(``--data-dir`` or ``GAZA_MAP_DATA_DIR``). Here: ``validate`` and the parser;
``distance``, ``zones`` and ``publish`` are :mod:`dashboard.zone_commands`,
``versions add|list|check`` is :mod:`dashboard.version_commands`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard import version_commands
from dashboard.intake.isolated_read import read_isolated
from dashboard.intake.local_files import read_regular_file
from dashboard.intake.user_files import DEFAULT_LIMITS, Limits
from dashboard.messages import AxesSwapped, CrsRequired, GeodataError
from dashboard.zone_commands import USAGE_ERROR, run, say
from dashboard.zone_commands import distance as distance_command
from dashboard.zone_commands import publish as publish_command
from dashboard.zone_commands import zones as zones_command
from dashboard.zones.contract import zone_problems
from dashboard.zones.distance import BadCoordinates, parse_coordinate
from dashboard.zones.mapping import zone_messages
from dashboard.zones.series import GROUND_TRACK, SeriesError, as_date

EXAMPLE_POINT = "31.42 34.38"


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
        say(f"ERROR {exc} Give it with --crs, e.g. --crs EPSG:2039.", out)
        return False
    except AxesSwapped as exc:
        say(f"ERROR {exc} Read it with --swap-axes.", out)
        return False
    except GeodataError as exc:
        say(f"ERROR {exc}", out)
        return False
    for message in loaded.messages:
        say(f"{message.level.upper()} {message.text}", out)
    gdf = loaded.gdf
    if "zone" in gdf.columns:
        # Also a file whose `zone` values are all unknown: say which, and what to do.
        for message in zone_messages(gdf):
            say(f"{message.level.upper()} {path.name}: {message.text}", out)
        missing = [p for p in zone_problems(gdf, path.name) if "missing properties" in p]
        for problem in missing:
            say(f"INFO {problem}", out)
    say(f"OK {path.name}: {len(gdf):,} features usable.", out)
    return True


def _validate_safely(path: Path, **options) -> bool:
    """:func:`validate_file`, with a one-line message instead of a traceback on any error."""
    try:
        return validate_file(path, **options)
    except Exception as exc:  # noqa: BLE001 - a data pipeline wants a message and a status
        print(f"ERROR {path.name}: could not be checked ({type(exc).__name__}).")
        return False


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
    distance.set_defaults(run=distance_command)

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
    zones.set_defaults(run=zones_command)
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
    publish.set_defaults(run=publish_command)
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
    return run(args.run, args)
