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
from dashboard.messages import GeodataError, megabytes

VECTOR_SUFFIXES = (".shp", ".geojson", ".json", ".gpkg", ".kml")


def _check_directory(archive: zipfile.ZipFile, size: int, filename: str, limits) -> None:
    infos = archive.infolist()
    if any(info.flag_bits & 0x1 for info in infos):
        raise GeodataError(
            f"{filename}: the zip archive is encrypted (password-protected). "
            "Zip the files again without a password."
        )
    if len(infos) > MAX_ZIP_ENTRIES:
        raise GeodataError(
            f"{filename}: the zip archive holds {len(infos):,} entries, more than the "
            f"{MAX_ZIP_ENTRIES:,} allowed. Zip only the shapefile's own files."
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_unzipped_bytes or total > limits.max_zip_ratio * max(size, 1):
        raise GeodataError(
            f"{filename}: the zip archive would expand to {megabytes(total)} from "
            f"{megabytes(size)}, more than allowed ({megabytes(limits.max_unzipped_bytes)}, or "
            f"{limits.max_zip_ratio} times its size). Upload the shapefile's own files zipped, "
            "without other content."
        )
    for info in infos:
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or ":" in info.filename:
            raise GeodataError(
                f"{filename}: the zip archive contains an unsafe path ({info.filename}). "
                "Zip the files again from their own folder."
            )
        if len(path.parts) > MAX_ZIP_DEPTH + 1 or any(len(part) > 150 for part in path.parts):
            raise GeodataError(
                f"{filename}: the zip archive nests its files too deeply ({info.filename[:80]}…: "
                f"more than {MAX_ZIP_DEPTH} folders, or names over 150 characters). Zip the "
                "files again from their own folder."
            )


def extract(data: bytes, filename: str, folder: Path, limits) -> None:
    """Extract a zip safely: limits checked on the directory *and* while writing."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise GeodataError(
            f"{filename}: this is not a readable zip archive (corrupt or truncated). "
            "Create the zip again."
        ) from None
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
                                f"{filename}: the zip archive expands to more than "
                                f"{megabytes(limits.max_unzipped_bytes)}. Upload a smaller file."
                            )
                        dst.write(chunk)
            except GeodataError:
                raise
            except (FileExistsError, NotADirectoryError, IsADirectoryError):
                raise GeodataError(
                    f"{filename}: the zip archive holds two entries with the same path, or a "
                    f"file and a folder of the same name ({info.filename[:80]}). Zip the files "
                    "again from their own folder."
                ) from None
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
                raise GeodataError(
                    f"{filename}: the zip archive is corrupt ({info.filename[:80]} cannot be "
                    "extracted). Create the zip again."
                ) from None


def vector_files(folder: Path) -> list[str]:
    """The vector files extracted into ``folder`` (paths relative to it), sorted."""
    return [
        p.relative_to(folder).as_posix()
        for p in sorted(folder.rglob("*"))
        if p.suffix.lower() in VECTOR_SUFFIXES and p.is_file() and not p.is_symlink()
    ]
