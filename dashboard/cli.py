"""Command line: ``python -m dashboard validate FILE...``.

Runs the same checks as an upload and prints the same messages, so a data
pipeline can refuse a file before it is published. Exit status: 0 when every
file is usable, 1 when any is not, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard.intake.user_files import read_geodata
from dashboard.messages import GeodataError
from dashboard.zones.contract import zone_problems
from dashboard.zones.mapping import assign_zones, has_zones


def validate_file(path: Path, out=None) -> bool:
    """Check one file, print its messages (to ``out``, default stdout); True when usable."""
    out = sys.stdout if out is None else out
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"ERROR {path}: cannot be read ({exc.strerror}).", file=out)
        return False
    try:
        loaded = read_geodata(data, path.name)
    except GeodataError as exc:
        print(f"ERROR {exc}", file=out)
        return False
    for message in loaded.messages:
        print(f"{message.level.upper()} {message.text}", file=out)
    gdf = loaded.gdf
    if "zone" in gdf.columns:
        if has_zones(gdf):
            _, messages = assign_zones(gdf)
            for message in messages:
                print(f"{message.level.upper()} {path.name}: {message.text}", file=out)
        missing = [p for p in zone_problems(gdf, path.name) if "missing properties" in p]
        for problem in missing:
            print(f"INFO {problem}", file=out)
    print(f"OK {path.name}: {len(gdf):,} features usable.", file=out)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard", description="Gaza Ceasefire Map tools."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check geodata files as an upload would")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code else 0
    return 0 if all([_validate_safely(path) for path in args.files]) else 1


def _validate_safely(path: Path) -> bool:
    """:func:`validate_file`, with a one-line message instead of a traceback on any error."""
    try:
        return validate_file(path)
    except Exception as exc:  # noqa: BLE001 - a data pipeline wants a message and a status
        print(f"ERROR {path.name}: could not be checked ({type(exc).__name__}).")
        return False
