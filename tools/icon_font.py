"""A subset of Streamlit's Material Symbols font with only the icons this app can show.

Streamlit's frontend loads its icon font (``MaterialSymbols-Rounded.<hash>.woff2``, 367 KB,
compressed already) as soon as the page starts, for the icons of its chrome (the sidebar's
toggle, the expanders' chevrons, the file uploader, the menu) and for the ``:material/…:``
icons of the page. An icon is a word (``keyboard_arrow_down``) that the font's ligatures
turn into one glyph, so a font without that ligature shows the word itself. On a phone's
slow link the whole font is 7 s of transfer before the map (issue 21, bench/slow_link.py).

The icons that can appear are named in the installed Streamlit's frontend scripts
(``material/NAME``: every icon its components draw) and in the app's own code and texts
(``:material/NAME:``). This module reads both, keeps those ligatures and the letters they
are typed with, drops every other glyph, and checks the result. The deployment
(tools/nginx_proxy.py) writes the subset when it renders nginx's configuration, from the
Streamlit installed then, and nginx serves it at the font's own address.

    python -m tools.icon_font OUT.woff2   # write the subset; print its icons and sizes
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Where the app names icons of its own: its code and its texts (not dashboard/static/, the
# published light page, which is data).
APP_SOURCES: tuple[Path, ...] = (REPO / "dashboard",)
APP_SUFFIXES = (".py", ".json")
SKIPPED = REPO / "dashboard" / "static"
ICON_NAME = re.compile(rb"material/([a-z0-9_]+)")
FONT_GLOB = "MaterialSymbols-*.woff2"


class IconFontError(RuntimeError):
    """The icon font could not be found, read or subset."""


def streamlit_static() -> Path:
    """The installed Streamlit's frontend build (``static/`` inside the package), found
    without importing Streamlit (only the page may)."""
    spec = importlib.util.find_spec("streamlit")
    if spec is None or spec.origin is None:
        raise IconFontError("Streamlit is not installed: run `pip install -e .`")
    return Path(spec.origin).parent / "static"


def icon_font(static: Path | None = None) -> Path:
    """The icon font of the installed Streamlit (``static/static/media/MaterialSymbols-…``).

    Raises
    ------
    IconFontError
        If there is not exactly one such file (a Streamlit that ships its icons otherwise).
    """
    media = (static or streamlit_static()) / "static" / "media"
    found = sorted(media.glob(FONT_GLOB))
    if len(found) != 1:
        raise IconFontError(
            f"expected one icon font {FONT_GLOB} in {media}, found {len(found)}: "
            "this Streamlit ships its icons differently; serve its own font (no subset)."
        )
    return found[0]


def icon_url_path(font: Path, static: Path | None = None) -> str:
    """The address the frontend fetches ``font`` at (``/static/media/NAME``)."""
    return "/" + font.relative_to(static or streamlit_static()).as_posix()


def names_in(texts: Iterable[bytes]) -> set[str]:
    """Every icon name written ``material/NAME`` in ``texts`` (bytes: 23 MB of scripts are
    searched faster undecoded)."""
    return {name.decode() for text in texts for name in ICON_NAME.findall(text)}


def _read(paths: Iterable[Path]) -> Iterable[bytes]:
    for path in paths:
        yield path.read_bytes()


@cache
def used_icon_names(
    static: Path | None = None, app_sources: tuple[Path, ...] = APP_SOURCES
) -> frozenset[str]:
    """The icons the page can show: those the frontend's scripts name and the app's own
    (read once per process: 23 MB of scripts)."""
    scripts = sorted(((static or streamlit_static()) / "static" / "js").glob("*.js"))
    app_files = [
        path
        for folder in app_sources
        for path in sorted(folder.rglob("*"))
        if path.suffix in APP_SUFFIXES and path.is_file() and SKIPPED not in path.parents
    ]
    return frozenset(names_in(_read(scripts)) | names_in(_read(app_files)))


def ligatures(font) -> dict[tuple[str, ...], str]:
    """The font's ligatures: the glyph sequence typed (by glyph name) -> the glyph drawn."""
    found: dict[tuple[str, ...], str] = {}
    gsub = font["GSUB"].table if "GSUB" in font else None
    for lookup in gsub.LookupList.Lookup if gsub else ():
        for table in lookup.SubTable:
            if lookup.LookupType == 7:  # an extension wraps the real subtable
                table = table.ExtSubTable
            for first, sets in getattr(table, "ligatures", {}).items():
                for ligature in sets:
                    found[(first, *ligature.Component)] = ligature.LigGlyph
    return found


def missing_icons(font_path: Path, names: Iterable[str]) -> list[str]:
    """The ``names`` that the font at ``font_path`` would show as words."""
    from fontTools.ttLib import TTFont

    return _missing(TTFont(font_path), names)


def _missing(font, names: Iterable[str]) -> list[str]:
    # A name is shown as an icon when the font has each of its letters and a ligature of
    # the whole word (Material Symbols has one lookup of whole-word ligatures).
    cmap = font.getBestCmap()
    known = ligatures(font)
    missing = []
    for name in sorted(set(names)):
        typed = tuple(cmap.get(ord(char)) for char in name)
        if None in typed or typed not in known:
            missing.append(name)
    return missing


def subset_icon_font(source: Path, names: Iterable[str], out: Path) -> list[str]:
    """Write to ``out`` the font ``source`` with only the ligatures of ``names`` (and the
    letters they are typed with). Returns the names ``source`` itself has no icon for
    (a name in a script that is not an icon); those are left out.

    Raises
    ------
    IconFontError
        If an icon ``source`` has is missing from the subset.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    names = sorted(set(names))
    unknown = _missing(font, names)
    wanted = [name for name in names if name not in unknown]
    cmap = font.getBestCmap()
    known = ligatures(font)
    glyphs = {known[tuple(cmap[ord(char)] for char in name)] for name in wanted}
    options = subset.Options()
    options.layout_closure = False  # keep only the ligatures whose glyphs are kept
    options.layout_features = ["*"]
    options.flavor = "woff2"
    options.notdef_outline = True
    options.name_IDs = ["*"]  # its family name and licence stay
    options.glyph_names = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(glyphs=sorted(glyphs), text="".join(wanted) + " ")
    subsetter.subset(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(out)
    lost = missing_icons(out, wanted)
    if lost:
        raise IconFontError(f"the subset of {source.name} lost the icons {', '.join(lost)}")
    return unknown


def write_icon_font(root: Path, static: Path | None = None) -> Path:
    """Subset the installed Streamlit's icon font for the icons this app can show, into
    ``root`` under the address the frontend fetches it at; returns the file.

    Subsetting takes seconds: a subset already written from the same font for the same
    icons (named in a stamp file beside it) is kept.
    """
    source = icon_font(static)
    out = root / icon_url_path(source, static).lstrip("/")
    names = sorted(used_icon_names(static))
    stamp = out.with_name(out.name + ".icons")
    wanted = "\n".join([str(source), *names])
    if out.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
        return out
    subset_icon_font(source, names, out)
    stamp.write_text(wanted, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the subset font to write (.woff2)")
    args = parser.parse_args(argv)
    try:
        source = icon_font()
        names = used_icon_names()
        unknown = subset_icon_font(source, names, args.out)
    except IconFontError as error:
        print(error, file=sys.stderr)
        return 1
    kept = sorted(set(names) - set(unknown))
    print(f"{len(kept)} icons: {' '.join(kept)}")
    if unknown:
        print(f"not icons of this font (left out): {' '.join(sorted(unknown))}")
    size = args.out.stat().st_size / 1024
    print(f"{args.out}: {size:.1f} KB (from {source.stat().st_size / 1024:.1f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
