"""The commands that answer from the zones: ``distance``, ``zones`` and ``publish``, and
how their output is written (see :mod:`dashboard.cli` for the command line around them).

Each command takes the parsed arguments and returns its text; a :class:`CommandError`
carries the message for the user and the exit status (2 for bad input, 1 when the bundled
data cannot be read).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from dashboard.intake.added_versions import add_to_series, data_dir, versions_folder
from dashboard.intake.bundled import load_outline, load_zone_versions
from dashboard.intake.line_drift import LineDriftError, load_line_drift
from dashboard.intake.reported_shares import ReportedSharesError, load_reported_shares
from dashboard.messages import without_isolates
from dashboard.zones.areas import total_area_km2
from dashboard.zones.contract import ZoneDataError
from dashboard.zones.currency import last_mapped, note_text, version_age_days
from dashboard.zones.distance import DistanceError, line_distance
from dashboard.zones.drift import LineDrift, drift_warning
from dashboard.zones.series import (
    HeldShares,
    Version,
    held_shares,
    version_at,
    versions,
    zones_at,
)

USAGE_ERROR = 2
DATA_ERROR = 1


def say(line: str, out) -> None:
    """Print a message line for a terminal or a log: names without the invisible marks that
    isolate them on the page (a terminal may show them as boxes)."""
    print(without_isolates(line), file=out)


class CommandError(Exception):
    """A message for the user (``str``) and the exit status that goes with it."""

    def __init__(self, message: str, status: int = USAGE_ERROR) -> None:
        super().__init__(message)
        self.status = status


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
            say(f"WARNING left out: {problem}", sys.stderr)
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


def distance(args: argparse.Namespace) -> str:
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


def zones(args: argparse.Namespace) -> str:
    # Imported here: only this command needs folium's weight (the export module uses it).
    from dashboard.browser.export import zones_geojson

    found = _version_zones(args.at, args.track, args.data_dir)
    members = {"version_id": found.version.id, "at": args.at.isoformat(), **found.about()}
    return zones_geojson(found.zones, members) + "\n"


def publish(args: argparse.Namespace) -> str:
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


def write(text: str, output: Path | None) -> None:
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


def run(command, args: argparse.Namespace) -> int:
    """Run a command; a :class:`CommandError` becomes a message on stderr and its status."""
    try:
        write(command(args), getattr(args, "output", None))
    except CommandError as exc:
        print(f"ERROR {exc}", file=sys.stderr)
        return exc.status
    return 0
