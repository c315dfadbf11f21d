"""Downloads: the zones shown as GeoJSON, and the current map as an offline HTML file."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import folium
import geopandas as gpd

from dashboard.browser.escaping import escape_text
from dashboard.browser.fast_geojson import inline_data
from dashboard.browser.offline_assets import leaflet_source_dir
from dashboard.browser.source_links import linked_html
from dashboard.browser.styles import LINE_STYLES
from dashboard.config import (
    INK_COLOUR,
    ORANGE_ZONE_COLOUR,
    ORANGE_ZONE_LABEL,
    ZONE_CATEGORIES,
    ZONE_COLOURS,
    ZONE_LABELS,
)

EXPORT_DROP_COLUMNS = ("fid", "zone_label", "area_text", "share_pct")


def zones_geojson(zones: gpd.GeoDataFrame, members: Mapping[str, object] | None = None) -> str:
    """The zones as an RFC 7946 FeatureCollection, with their properties and areas.

    ``members`` are written beside ``type`` as the collection's foreign members (RFC 7946,
    section 6.1), e.g. the version's age and note: readers that do not know them skip them.
    """
    out = zones.drop(columns=[c for c in EXPORT_DROP_COLUMNS if c in zones.columns])
    out = out.to_crs("EPSG:4326")
    if "area_km2" in out.columns:
        out["area_km2"] = out["area_km2"].round(2)
    if "source" in out.columns:  # the file names its sources (see members), not SOURCES.md
        out["source"] = [readable_source(v) if isinstance(v, str) else v for v in out["source"]]
    data = json.loads(out.to_json(drop_id=True, to_wgs84=True))
    data.pop("crs", None)
    if members:
        data = {"type": data.pop("type"), **members, **data}
    return json.dumps(data, ensure_ascii=False)


def _inline(html: str, tag_pattern: str, replacement: str) -> str:
    return re.sub(tag_pattern, lambda _m: replacement, html, count=1)


@dataclass(frozen=True)
class MapCaption:
    """What a downloaded map says about itself, so it can be passed on without the app.

    Attributes
    ----------
    title : str
        The map's title.
    shown : str
        What is shown and when, e.g. ``"Zones in force on 19 Oct 2025: the IDF's map"``.
    notice : str
        The approximation notice.
    sources : sequence of str
        Sources and credits, one per line (licences named).
    legend_labels : mapping of str to str
        The legend's labels in the reader's language, by zone category, ``"orange_zone"``
        and ``"yellow_line"`` (see :func:`legend_items`); a label not given is the English one.
    sources_heading : str
        The heading of the sources, in the reader's language.
    lang : str
        The language of these texts (``"en"``, ``"ar"`` …), for the caption's ``lang``.
    rtl : bool
        Whether that language is written right to left: the caption is laid out so.
    last_mapped : str
        When the version shown began long before the date shown: that it is the last
        mapped state, and what was reported since (see :mod:`dashboard.zones.currency`);
        empty otherwise.
    linked : bool
        Whether the sources are the bundled data's: their addresses are then links (a
        user's file's text never is; see :mod:`dashboard.browser.source_links`).
    made : str
        When the file was made, in words (e.g. "Made on 2026-12-07 10:30 UTC"); set at
        download time (see :func:`made_now`).
    made_template : str
        The same words with ``{when}`` for the time, in the reader's language: a PNG made
        in the browser fills it in when it is made.
    """

    title: str
    shown: str
    notice: str
    sources: Sequence[str] = field(default_factory=tuple)
    legend_labels: Mapping[str, str] = field(default_factory=dict)
    sources_heading: str = "Sources"
    lang: str = "en"
    rtl: bool = False
    last_mapped: str = ""
    linked: bool = False
    made: str = ""
    made_template: str = "Made on {when}"

    def legend(self) -> list[tuple[str, str, bool]]:
        """The legend of this caption: (colour, label, drawn as a line), see
        :func:`legend_items`."""
        return legend_items(self.legend_labels)


# The bundled sources point readers of the page's data to geodata/SOURCES.md, which a
# reader of a file passed on cannot open: the file names the sources themselves instead.
_SOURCES_FILE_POINTER = re.compile(r"\s*See geodata/SOURCES\.md\.?")
MADE_FORMAT = "%Y-%m-%d %H:%M UTC"  # the same in every language


def readable_source(text: str) -> str:
    """A source as a file passed on gives it: without the pointer to ``geodata/SOURCES.md``
    (the file lists the sources themselves, with their addresses)."""
    return _SOURCES_FILE_POINTER.sub("", text).strip()


def made_now(template: str = "Made on {when}", now: dt.datetime | None = None) -> str:
    """When a file is made, in UTC: ``template`` with ``{when}`` as "2026-12-07 10:30 UTC"."""
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return template.format(when=now.strftime(MADE_FORMAT))


def made_iso(now: dt.datetime | None = None) -> str:
    """When a file is made, in UTC, as ISO 8601 to the second (``2026-12-07T10:30:00Z``)."""
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return now.replace(microsecond=0).isoformat().replace("+00:00", "Z")


# The caption folds into its title (a click unfolds it), and starts folded on a phone, where
# it would cover the north of the Strip; there it is small too.
CAPTION_SCRIPT = (
    "<script>(function () { var fold = document.querySelector('.gcm-fold');"
    " if (fold && window.matchMedia && window.matchMedia('(max-width: 640px)').matches)"
    " fold.open = false; })();</script>"
)
CAPTION_CSS = (
    ".gcm-caption{position:absolute;z-index:1000;top:10px;left:54px;max-width:340px;"
    "max-height:calc(100% - 40px);overflow:auto;background:rgba(255,255,255,.94);"
    "padding:8px 10px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);"
    "font:12px/1.4 system-ui,sans-serif;color:" + INK_COLOUR + "}"
    ".gcm-caption h1{font-size:15px;margin:0 0 4px}.gcm-caption p{margin:4px 0}"
    ".gcm-caption .sw{display:inline-block;width:14px;height:14px;margin-inline-end:6px;"
    "vertical-align:middle;border:1px solid #fff;outline:1px solid #bbb}"
    ".gcm-caption .ln{display:inline-block;width:18px;height:0;margin-inline-end:6px;"
    "vertical-align:middle;border-top:3px solid}"
    ".gcm-caption details{margin-top:4px}"
    ".gcm-caption ul{margin:2px 0;padding-inline-start:16px}"
    ".gcm-caption .last-mapped{border-inline-start:3px solid #B45309;padding-inline-start:6px}"
    ".gcm-caption .made{color:#555}"
    ".gcm-caption a{overflow-wrap:anywhere}"
    ".gcm-fold>summary{cursor:pointer}.gcm-fold>summary h1{display:inline}"
    "@media (max-width:640px){.gcm-caption{left:46px;right:8px;max-width:none;"
    "max-height:45%;padding:4px 8px;font-size:11px}.gcm-caption h1{font-size:13px}}"
)
YELLOW_LINE_LABEL = "Yellow line"  # its legend label in English


def legend_items(labels: Mapping[str, str] | None = None) -> list[tuple[str, str, bool]]:
    """The legend of a map passed on (HTML or PNG), from the palette only:
    (colour, label, drawn as a line).

    ``labels`` gives the labels in the reader's language, by zone category,
    ``"orange_zone"`` and ``"yellow_line"``; those not given are English
    (:data:`~dashboard.config.ZONE_LABELS`). The orange restricted zone has its own row.
    """
    labels = labels or {}
    items = [(ZONE_COLOURS[c], labels.get(c) or ZONE_LABELS[c], False) for c in ZONE_CATEGORIES]
    items.append((ORANGE_ZONE_COLOUR, labels.get("orange_zone") or ORANGE_ZONE_LABEL, False))
    line = labels.get("yellow_line") or YELLOW_LINE_LABEL
    items.append((str(LINE_STYLES["yellow_line"]["color"]), line, True))
    return items


def caption_html(caption: MapCaption) -> str:
    """The caption box of a downloaded map: title, what is shown, the "last mapped" note
    (when there is one), the notice, the legend (from the palette) and the sources, in the
    caption's language and direction. Every text is escaped; none comes as markup."""
    legend = "".join(
        f"<div><span class='{'ln' if line else 'sw'}' style='"
        f"{'border-color' if line else 'background'}:{colour}'></span>"
        f"{escape_text(label)}</div>"
        for colour, label, line in caption.legend()
    )
    shown_source = linked_html if caption.linked else escape_text
    sources = "".join(f"<li>{shown_source(readable_source(line))}</li>" for line in caption.sources)
    direction = "rtl" if caption.rtl else "ltr"
    made = f"<p class='made'>{escape_text(caption.made)}</p>" if caption.made else ""
    last_mapped = (
        f"<p class='last-mapped'>{escape_text(caption.last_mapped)}</p>"
        if caption.last_mapped
        else ""
    )
    return (
        f"<style>{CAPTION_CSS}</style><div class='gcm-caption' role='note' "
        f"dir='{direction}' lang='{escape_text(caption.lang)}'>"
        f"<details class='gcm-fold' open><summary><h1>{escape_text(caption.title)}</h1>"
        f"</summary><p><b>{escape_text(caption.shown)}</b></p>"
        f"{last_mapped}<p>{escape_text(caption.notice)}</p>{legend}"
        f"<details class='gcm-sources'><summary>{escape_text(caption.sources_heading)}"
        f"</summary><ul>{sources}</ul></details>{made}</details></div>{CAPTION_SCRIPT}"
    )


def standalone_html(
    fmap: folium.Map,
    groups: Sequence[folium.FeatureGroup] = (),
    caption: MapCaption | None = None,
) -> str:
    """The map with its layers as one HTML file, Leaflet inlined: it opens with no internet.

    Attaches ``groups`` to ``fmap`` (so pass a fresh base map, not the page's); with a
    ``caption``, the file carries its title, legend, notice and sources on the map.
    """
    if caption is not None:
        fmap.get_root().html.add_child(folium.Element(caption_html(caption)))
        fmap.get_root().title = caption.title
    for group in groups:
        inline_data(group)  # no server to fetch large layers from: their data goes inside
        group.add_to(fmap)
    html = fmap.get_root().render()
    leaflet = leaflet_source_dir()
    js = (leaflet / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    css = (leaflet / "leaflet.css").read_text(encoding="utf-8")
    html = _inline(html, r'<script src="[^"]*leaflet\.js"></script>', f"<script>{js}</script>")
    html = _inline(
        html, r'<link rel="stylesheet" href="[^"]*leaflet\.css"\s*/?>', f"<style>{css}</style>"
    )
    return html
