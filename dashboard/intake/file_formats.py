"""What a file of each accepted kind must look like before GDAL is allowed to open it.

The extension names the format; the first bytes must agree. Anything else (an XML
document called ``.geojson``, a VRT, an HTML error page from a web service) is refused
here with a message that says what the file really is, so GDAL never guesses.
"""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.messages import GeodataError, say, token

# Extension -> kind of file.
KINDS: dict[str, str] = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".gpkg": "GeoPackage",
    ".kml": "KML",
    ".shp": "Shapefile",
    ".zip": "zip",
    ".fgb": "FlatGeobuf",
    ".parquet": "GeoParquet",
    ".geoparquet": "GeoParquet",
}
SQLITE_MAGIC = b"SQLite format 3\x00"
SHAPEFILE_MAGIC = b"\x00\x00\x27\x0a"  # file code 9994, big-endian
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
FLATGEOBUF_MAGIC = b"fgb"  # bytes 0-2 and 4-6; byte 3 is the major version
PARQUET_MAGIC = b"PAR1"  # at the start and at the end of the file
HEAD_BYTES = 4096  # how much of a file is looked at to recognise it
QUOTE_CHARS = 160  # how much of a document's text a message quotes

_XML_PROLOGUE = re.compile(
    rb"\A(?:\s+|<\?xml[^>]*\?>|<!--.*?-->)*", re.DOTALL
)  # declaration, comments, white space
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_TAGS = re.compile(r"<[^>]*>")


def kind_of(filename: str) -> str | None:
    """The kind of file its extension names, or None when it is not accepted."""
    return KINDS.get(Path(filename).suffix.lower())


def _text_start(head: bytes) -> bytes:
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()


def _quote(head: bytes) -> str:
    """A short, readable excerpt of a document's text (tags removed)."""
    text = head.decode("utf-8", errors="replace")
    text = " ".join(_TAGS.sub(" ", text).split())
    return text[:QUOTE_CHARS] + ("…" if len(text) > QUOTE_CHARS else "")


def _root_element(head: bytes) -> str:
    """The name of an XML or HTML document's root element (``"html"`` for HTML), or ``?``."""
    start = _text_start(head)
    rest = start[_XML_PROLOGUE.match(start).end() :]
    if rest[:9].upper().startswith(b"<!DOCTYPE"):
        if b"html" in rest[:40].lower():
            return "html"
        rest = rest[rest.find(b">") + 1 :].lstrip()
    match = _ROOT.match(rest)
    return match.group(1).decode("ascii", "replace") if match else "?"


def _is_vrt(head: bytes) -> bool:
    return _root_element(head).split(":")[-1] == "OGRVRTDataSource"


def describe_markup(head: bytes) -> str:
    """What an XML or HTML document is, for a message: its root element and its text."""
    start = _text_start(head)
    root = _root_element(head)
    local = root.split(":")[-1]
    if local == "OGRVRTDataSource":
        return say("markup.vrt")
    quoted = token(_quote(start))
    if local.lower() == "html":
        return say("markup.html_says", text=quoted) if _quote(start) else say("markup.html")
    if local in ("ExceptionReport", "ServiceExceptionReport", "ows:ExceptionReport"):
        return say("markup.service_error", root=token(root), text=quoted)
    if _quote(start):
        return say("markup.xml_says", root=token(root), text=quoted)
    return say("markup.xml", root=token(root))


def check_content(head: bytes, kind: str, filename: str) -> None:
    """Refuse ``head`` (a file's first bytes) unless it looks like a ``kind`` file.

    Raises
    ------
    GeodataError
        With what the file seems to be instead, and what to do.
    """
    start = _text_start(head)
    if kind == "GeoJSON":
        if start.startswith(b"{") or not start:
            return  # the JSON checks say the rest precisely
        if start.startswith(b"<"):
            hint = say("markup.hint_vrt" if _is_vrt(head) else "markup.hint_service")
            raise GeodataError(
                say("geojson.markup", name=filename, what=describe_markup(head), hint=hint)
            )
        if head.startswith(ZIP_MAGICS):
            raise GeodataError(say("geojson.is_zip", name=filename))
        if head.startswith(SQLITE_MAGIC):
            raise GeodataError(say("geojson.is_sqlite", name=filename))
        return  # not JSON at all: the JSON checks say where it breaks
    if kind == "GeoPackage":
        if not head.startswith(SQLITE_MAGIC):
            what = describe_markup(head) if start.startswith(b"<") else say("gpkg.not_sqlite")
            raise GeodataError(say("gpkg.not_gpkg", name=filename, what=what))
        return
    if kind == "KML":
        _check_kml(head, start, filename)
        return
    if kind == "FlatGeobuf":
        if not (head[:3] == FLATGEOBUF_MAGIC and head[4:7] == FLATGEOBUF_MAGIC):
            raise GeodataError(say("fgb.bad_header", name=filename))
        return
    if kind == "GeoParquet":
        if not head.startswith(PARQUET_MAGIC):
            raise GeodataError(say("parquet.bad_header", name=filename))
        return
    if kind == "Shapefile":
        if not head.startswith(SHAPEFILE_MAGIC):
            raise GeodataError(say("shp.bad_header", name=filename))
        return
    raise GeodataError(say("file.kind_not_read", name=filename))


def _check_kml(head: bytes, start: bytes, filename: str) -> None:
    rest = start[_XML_PROLOGUE.match(start).end() :]
    if rest.upper().startswith(b"<!DOCTYPE"):
        raise GeodataError(say("kml.doctype", name=filename))
    match = _ROOT.match(rest)
    root = match.group(1).decode("ascii", "replace") if match else ""
    if root.split(":")[-1] != "kml":
        what = describe_markup(head) if start.startswith(b"<") else say("kml.not_xml")
        raise GeodataError(say("kml.not_kml", name=filename, what=what))


def check_no_entities(data: bytes, filename: str) -> None:
    """Refuse a KML that declares entities anywhere (the whole file, not only its head)."""
    if b"<!ENTITY" in data.upper():
        raise GeodataError(say("kml.entities", name=filename))
