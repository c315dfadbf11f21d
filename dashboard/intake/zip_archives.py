"""Where a zip upload is unpacked safely: into a private folder, within the limits.

The archive's directory is checked before anything is written (encryption, number of
entries, expanded size and ratio, unsafe or deeply nested paths), and the bytes written
are counted again while extracting, since a directory can lie about sizes. Every
problem is a :class:`~dashboard.messages.GeodataError` with a message for the user.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

from dashboard.config import MAX_ZIP_DEPTH, MAX_ZIP_ENTRIES
from dashboard.messages import GeodataError, megabytes, say, token

VECTOR_SUFFIXES = (".shp", ".geojson", ".json", ".gpkg", ".kml")


def _check_directory(archive: zipfile.ZipFile, size: int, filename: str, limits) -> None:
    infos = archive.infolist()
    if any(info.flag_bits & 0x1 for info in infos):
        raise GeodataError(say("zip.encrypted", name=filename))
    if len(infos) > MAX_ZIP_ENTRIES:
        raise GeodataError(
            say(
                "zip.too_many_entries",
                name=filename,
                count=f"{len(infos):,}",
                limit=f"{MAX_ZIP_ENTRIES:,}",
            )
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_unzipped_bytes or total > limits.max_zip_ratio * max(size, 1):
        raise GeodataError(
            say(
                "zip.bomb",
                name=filename,
                expanded=megabytes(total),
                size=megabytes(size),
                limit=megabytes(limits.max_unzipped_bytes),
                ratio=limits.max_zip_ratio,
            )
        )
    for info in infos:
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or ":" in info.filename:
            raise GeodataError(say("zip.unsafe_path", name=filename, path=token(info.filename)))
        if len(path.parts) > MAX_ZIP_DEPTH + 1 or any(len(part) > 150 for part in path.parts):
            raise GeodataError(
                say(
                    "zip.too_deep",
                    name=filename,
                    path=token(info.filename[:80] + "…"),
                    depth=MAX_ZIP_DEPTH,
                )
            )


def extract(data: bytes, filename: str, folder: Path, limits) -> None:
    """Extract a zip safely: limits checked on the directory *and* while writing."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise GeodataError(say("zip.unreadable", name=filename)) from None
    with archive:
        _check_directory(archive, len(data), filename, limits)
        written = 0
        for info in archive.infolist():
            if info.is_dir() or info.filename.startswith("__MACOSX"):
                continue
            target = folder / PurePosixPath(info.filename.replace("\\", "/"))
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as src, target.open("xb") as dst:
                    while chunk := src.read(1 << 20):
                        written += len(chunk)
                        if written > limits.max_unzipped_bytes:
                            raise GeodataError(
                                say(
                                    "zip.expands_too_much",
                                    name=filename,
                                    limit=megabytes(limits.max_unzipped_bytes),
                                )
                            )
                        dst.write(chunk)
            except GeodataError:
                raise
            except (FileExistsError, NotADirectoryError, IsADirectoryError):
                raise GeodataError(
                    say("zip.duplicate_path", name=filename, path=token(info.filename[:80]))
                ) from None
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
                raise GeodataError(
                    say("zip.corrupt_entry", name=filename, path=token(info.filename[:80]))
                ) from None


def vector_files(folder: Path) -> list[str]:
    """The vector files extracted into ``folder`` (paths relative to it), sorted."""
    return [
        p.relative_to(folder).as_posix()
        for p in sorted(folder.rglob("*"))
        if p.suffix.lower() in VECTOR_SUFFIXES and p.is_file() and not p.is_symlink()
    ]
