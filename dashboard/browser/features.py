"""Feature ids, the columns a zone's tooltip shows, and the rows of the details panel.

Every feature the browser gets carries ``fid`` = ``"<layer key>:<row>"``: a click in the map
returns it, and :func:`lookup_feature` finds the feature again among the page's layers.

The details panel's labels and known values are English here; the page passes a
:data:`Word` that gives them in its language (``details.<...>`` keys of its locale files),
and its language code, so a property translated in the data (``label_ar``, ``name_ar``)
is shown instead of the English one.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Protocol

import geopandas as gpd
import pandas as pd

from dashboard.browser.feature_text import feature_title, readable_value
from dashboard.config import ORANGE_ZONE_LABEL, ZONE_LABELS
from dashboard.intake.crossings import StatusWords, describe_status_history
from dashboard.intake.timeline_data import EventDataError


class Word(Protocol):
    """A text of the details panel in the page's language: ``key`` names it (e.g.
    ``"details.kind.crossing"``), ``english`` is the English text, with ``{placeholders}``
    filled from ``values`` (given no values, the text is returned as it is)."""

    def __call__(self, key: str, english: str, **values: object) -> str: ...


def english(key: str, english: str, **values: object) -> str:
    """The :data:`Word` of the English page: the English text itself."""
    return english.format(**values) if values else english


def feature_ids(layer_key: str, count: int) -> list[str]:
    """The ids of a layer's ``count`` features: ``"<layer key>:<row>"``.

    The ids are made here and in :func:`feature_id` only, so :func:`layer_of` can always
    read the layer back.
    """
    return [feature_id(layer_key, i) for i in range(count)]


def feature_id(layer_key: str, ident: object) -> str:
    """The id of one feature of a layer: ``"<layer key>:<ident>"`` (a row or a stable id)."""
    return f"{layer_key}:{ident}"


def layer_of(fid: str | None) -> str | None:
    """The layer key of a feature id (what precedes the last ``":"``), None if not an id."""
    if not isinstance(fid, str) or ":" not in fid:
        return None
    return fid.rsplit(":", 1)[0]


AREA_TEXT = "≈ {area} km²"
AREA_SHARE_TEXT = "≈ {area} km² ({share} % of the Strip)"


def format_area(area_km2: float, share_pct: float | None = None, word: Word = english) -> str:
    """Area for people: whole km² above 10 km² (the zones are approximations), else 0.1;
    in the words of ``word`` (``details.area``, ``details.area_share``; English by default)."""
    area = f"{area_km2:.0f}" if area_km2 >= 10 else f"{area_km2:.1f}"
    if share_pct is None:
        return word("details.area", AREA_TEXT, area=area)
    share = f"{share_pct:.0f}" if share_pct >= 1 else "< 1"
    return word("details.area_share", AREA_SHARE_TEXT, area=area, share=share)


def describe_zones(zones: gpd.GeoDataFrame, layer_key: str) -> gpd.GeoDataFrame:
    """Add the columns the zone tooltip shows and a stable feature id ``fid``.

    Expects ``area_km2`` and ``share_pct`` (see :func:`dashboard.zones.areas.with_areas`).
    """
    out = zones.copy()
    out["zone_label"] = [ZONE_LABELS.get(z, "Not categorised") for z in out["zone"]]
    if "restriction" in out.columns:  # the orange zone is not the buffer it is drawn as
        orange = (out["restriction"] == ORANGE_RESTRICTION).to_numpy()
        out.loc[orange, "zone_label"] = ORANGE_ZONE_LABEL
    out["area_text"] = [
        format_area(a, s) for a, s in zip(out["area_km2"], out["share_pct"], strict=True)
    ]
    out["fid"] = feature_ids(layer_key, len(out))
    if "confidence" not in out.columns:
        out["confidence"] = "not stated"
    return out


def zones_in_language(zones: gpd.GeoDataFrame, lang: str, word: Word) -> gpd.GeoDataFrame:
    """The tooltip columns of :func:`describe_zones` in language ``lang``, put in words by
    ``word``: the name is ``name_<lang>`` where the data has it (the English name
    elsewhere), the category, area and confidence are the page's words. English: as is."""
    if lang == "en":
        return zones
    out = zones.copy()
    column = f"name_{lang}"
    if column in out.columns:
        local = [_in_language(record, "name", lang) for record in out[[column]].to_dict("records")]
        out["name"] = [text or name for text, name in zip(local, out["name"], strict=True)]
    out["zone_label"] = [
        word("legend.orange_zone", label)
        if label == ORANGE_ZONE_LABEL
        else word(f"category.{z}", label)
        if z in ZONE_LABELS
        else label
        for z, label in zip(out["zone"], out["zone_label"], strict=True)
    ]
    out["area_text"] = [
        format_area(a, s, word) for a, s in zip(out["area_km2"], out["share_pct"], strict=True)
    ]
    out["confidence"] = [
        _listed(c, CONFIDENCE_VALUES, "confidence", word) if c in CONFIDENCE_VALUES else c
        for c in out["confidence"]
    ]
    return out


def with_fids(gdf: gpd.GeoDataFrame, layer_key: str) -> gpd.GeoDataFrame:
    """A copy of ``gdf`` with a stable feature id ``fid`` (``"<layer>:<row>"``)."""
    out = gdf.copy()
    out["fid"] = feature_ids(layer_key, len(out))
    return out


# Properties shown first in the details panel, with their labels; the rest follow as they
# are. ``kind`` reads "Basis" on a zone version (see :func:`_is_zone_version`).
DETAIL_FIELDS: dict[str, str] = {
    "zone_label": "Category",
    "area_text": "Area",
    "kind": "Kind",
    "phase": "Phase",
    "version": "Version",
    "valid_from": "In force from",
    "valid_to": "In force until",
    "track": "Track",
    "restriction": "Restriction",
    "governorate": "Governorate",
    "status_history": "Status over time",
    "description": "Description",
    "source": "Source",
    "as_of": "As of",
    "confidence": "Confidence",
    "reported_area_km2": "Reported area",
    "name_ar": "Name in Arabic",
    "name_he": "Name in Hebrew",
    "name_en": "Name in English",
    "licence": "Licence",
    "osm_id": "OpenStreetMap id",
}
# Properties for drawing or joining the data, which say nothing to a reader.
_HIDDEN_FIELDS = {
    *("geometry", "fid", "name", "zone", "area_km2", "share_pct"),
    *("id", "label_side", "admin_level", "located", "region"),
}
# The orange restricted zone (a buffer with ``restriction: orange``) lies beyond the line:
# it is named for what it is, and no phase's line is drawn by it.
ORANGE_RESTRICTION = "orange"
PHASE_LINE_LABEL = "Plan phase of this line"  # a ground version's phase: the line it follows
# Known properties the data may translate (``governorate_ar``, ``description_ar``): the
# panel shows the text in the page's language in their row, never the translations as rows.
TRANSLATED_FIELDS = ("governorate", "description")
DATE_FIELDS = ("valid_from", "valid_to", "as_of")
# The properties that make a feature a zone version, and what its ``kind`` is called there;
# its ``label`` (e.g. "19 Oct 2025: the IDF's map") names the version better than its id.
ZONE_VERSION_FIELDS = ("version", "valid_from", "valid_to")
VERSION_LABEL_FIELD = "label"
BASIS_LABEL = "Basis"
LATEST_MAPPED = "the latest mapped version (none drawn after it)"
NEVER_IN_FORCE = "never in force (a phase of the plan)"
ENGLISH_NAME_LABEL = "Name in English"  # shown when the heading is the name in another language
# Values of known properties as people read them; a value not listed is shown as it is.
KIND_VALUES: dict[str, str] = {
    "crossing": "Crossing",
    "town": "Town",
    "city": "City",
    "venue": "Venue",
    "airport": "Airport",
    "area": "Area",
    "other": "Other",
    "corridor": "Corridor",
    "yellow_line": "Yellow line",
    "earlier_line": "Yellow line on the earlier date compared",
    "border": "Border",
    "land": "Land",
    "label": "Label",
}
BASIS_VALUES: dict[str, str] = {
    "planned": "Planned (published plan)",
    "published": "Published (official map)",
    "reported": "Reported (press and satellite)",
}
TRACK_VALUES: dict[str, str] = {"ground": "On the ground"}  # and "plan-phase-N": "Plan, phase N"
RESTRICTION_VALUES: dict[str, str] = {
    "perimeter": "Perimeter along the fence",
    "orange": "Orange zone (beyond the line)",
}
CONFIDENCE_VALUES: dict[str, str] = {
    "low": "Low",
    "medium": "Medium",
    "high": "High",
    "not stated": "Not stated",
}
# A crossing's reported statuses (see dashboard.intake.crossings.CROSSING_STATUSES).
STATUS_VALUES: dict[str, str] = {
    "open": "open",
    "closed": "closed",
    "open for people": "open for people",
    "open for goods": "open for goods",
}
PHASE_TEXT = "Phase {number}"
PLAN_TRACK_TEXT = "Plan, phase {number}"
_PHASE = re.compile(r"(?:phase[-_ ]?)?(\d+)", re.IGNORECASE)
_PLAN_TRACK = re.compile(r"plan-phase-(\d+)")


def lookup_feature(layers: dict[str, gpd.GeoDataFrame], fid: str | None) -> dict | None:
    """Find the feature whose ``fid`` is ``fid`` among ``layers`` (keyed by layer key)."""
    key = layer_of(fid)
    gdf = layers.get(key) if key else None
    if gdf is None or "fid" not in gdf.columns:
        return None
    match = gdf[gdf["fid"] == fid]
    if match.empty:
        return None
    return match.iloc[0].to_dict()


def _missing(value: object) -> bool:
    """None, NaN, NaT or NA (not an empty text: that is what the file says)."""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def _is_zone_version(record: dict) -> bool:
    """True for a feature of a zone version (it carries ``version``, ``valid_from`` or
    ``valid_to``): its ``kind`` says on what the version rests, and a missing ``valid_to``
    means it is the latest mapped version (nothing shows that the line is unchanged)."""
    return any(field in record for field in ZONE_VERSION_FIELDS)


def _listed(value: object, readable: dict[str, str], group: str, word: Word) -> str:
    """A known value in words (``details.<group>.<value>``); an unknown one as it is."""
    if isinstance(value, str) and value in readable:
        return word(f"details.{group}.{value}", readable[value])
    return str(value)


def _phase(value: object, word: Word) -> str:
    """``"phase-1"`` (or ``1``) as ``"Phase 1"``; anything else as it is."""
    match = _PHASE.fullmatch(str(value).strip())
    if match and not isinstance(value, bool):
        return word("details.phase", PHASE_TEXT, number=int(match.group(1)))
    return str(value)


def _day(value: object) -> str:
    """A date as ``YYYY-MM-DD`` (a date, a timestamp or text; text is left as it is)."""
    return value.strftime("%Y-%m-%d") if isinstance(value, dt.date) else str(value)


def _track(value: object, word: Word) -> str:
    """``"ground"`` as "On the ground", ``"plan-phase-2"`` as "Plan, phase 2"."""
    plan = _PLAN_TRACK.fullmatch(value) if isinstance(value, str) else None
    if plan:
        return word("details.track.plan", PLAN_TRACK_TEXT, number=int(plan.group(1)))
    return _listed(value, TRACK_VALUES, "track", word)


def _area(value: object, record: dict, word: Word) -> str:
    """A zone's area as :func:`format_area` writes it, in the page's language."""
    area, share = record.get("area_km2"), record.get("share_pct")
    if not isinstance(area, (int, float)) or _missing(area):
        return str(value)
    text = f"{area:.0f}" if area >= 10 else f"{area:.1f}"
    if not isinstance(share, (int, float)) or _missing(share):
        return word("details.area", AREA_TEXT, area=text)
    shared = f"{share:.0f}" if share >= 1 else "< 1"
    return word("details.area_share", AREA_SHARE_TEXT, area=text, share=shared)


def _date_value(value: object, word: Word, lang: str) -> str:
    """A date of the data: ISO on the English page, else in the page's words ("19 أكتوبر
    2025"); a value that is not a date stays as it is."""
    if lang == "en":
        return _day(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            return str(value)
    return _date(value, word)


def _date(day: dt.date, word: Word) -> str:
    """A day as "12 Sep 2025", its month named in the page's language."""
    month = word(f"month.{day.month}", day.strftime("%b"))
    return word("date.day", "{day} {month} {year}", day=day.day, month=month, year=day.year)


def _status_history(value: object, record: dict, word: Word) -> str:
    """A crossing's status over time in words; its raw value if it cannot be read.
    (The templates are asked for without values: ``describe_status_history`` fills them.)"""
    words = StatusWords(
        statuses={s: word(f"details.status.{s}", e) for s, e in STATUS_VALUES.items()},
        until=word("details.status_until", StatusWords.until),
        since=word("details.status_since", StatusWords.since),
        day=lambda day: _date(day, word),
        separator=word("list.separator", "; "),
    )
    try:
        return describe_status_history(record, words)
    except EventDataError:
        return str(value)


def _value(field: str, value: object, record: dict, word: Word, lang: str = "en") -> str:
    """How the value of a known property reads (``kind`` and ``version`` aside)."""
    if field == "phase":
        return _phase(value, word)
    if field == "track":
        return _track(value, word)
    if field == "restriction":
        return _listed(value, RESTRICTION_VALUES, "restriction", word)
    if field == "confidence":
        return _listed(value, CONFIDENCE_VALUES, "confidence", word)
    if field in DATE_FIELDS:
        return _date_value(value, word, lang)
    if field in TRANSLATED_FIELDS:
        return _in_language(record, field, lang) or str(value)
    if field == "area_text":
        return _area(value, record, word)
    if field == "status_history":
        return _status_history(value, record, word)
    if field == "zone_label" and record.get("zone") in ZONE_LABELS:
        return word(f"category.{record['zone']}", str(value))
    return str(value)


def _label(field: str, word: Word) -> str:
    return word(f"details.field.{field}", DETAIL_FIELDS[field])


def _in_language(record: dict, field: str, lang: str) -> str | None:
    """``record``'s ``<field>_<lang>`` when the page is not English and it is given."""
    if lang == "en":
        return None
    value = record.get(f"{field}_{lang}")
    return str(value).strip() if not _missing(value) and str(value).strip() else None


def _readable(field: str, value: object, record: dict, word: Word, lang: str) -> tuple[str, str]:
    """The label and the value of a known property, as the details panel shows them."""
    if field == "zone_label" and record.get("restriction") == ORANGE_RESTRICTION:
        return _label(field, word), word("legend.orange_zone", ORANGE_ZONE_LABEL)
    if field == "phase" and record.get("track") == "ground":
        return word("details.field.phase_line", PHASE_LINE_LABEL), _phase(value, word)
    if field == "reported_area_km2" and isinstance(value, (int, float)):
        return _label(field, word), word("details.area", AREA_TEXT, area=f"{value:.0f}")
    if field == "kind" and _is_zone_version(record):
        return word("details.field.basis", BASIS_LABEL), _listed(value, BASIS_VALUES, "basis", word)
    if field == "kind":
        return _label(field, word), _listed(value, KIND_VALUES, "kind", word)
    if field == "version":
        label = _in_language(record, VERSION_LABEL_FIELD, lang) or record.get(VERSION_LABEL_FIELD)
        named = not _missing(label) and str(label).strip()
        return _label(field, word), str(label if named else value)
    return _label(field, word), _value(field, value, record, word, lang)


def detail_title(record: dict, lang: str = "en") -> str | None:
    """The name the details panel is headed with: in the page's language when the data
    has it (``name_ar``), else the feature's ``name``, else its first name-like property
    (``NAME``, ``title``, ``label``...; None when it has none)."""
    name = _in_language(record, "name", lang) or record.get("name")
    if _missing(name) or not str(name).strip():
        return feature_title(record, lang)  # a user file's NAME, title, label...
    return str(name)


def detail_rows(record: dict, *, lang: str = "en", word: Word = english) -> list[tuple[str, str]]:
    """(label, value) pairs to show for a feature, as text (the page escapes them).

    Known properties come first, with readable labels and values (``phase-1`` reads
    "Phase 1", a zone version's ``kind`` reads as its basis, its ``label`` stands for its
    ``version`` id, its missing ``valid_to`` reads "the latest mapped version", a crossing's
    ``status_history`` reads as periods); the others follow under their own names, with
    their values as they are. Missing values are left out. Labels and known values are
    put in words by ``word`` (English by default); a version's label and the feature's
    name are taken in language ``lang`` when the data has them (``label_ar``, ``name_ar``):
    the name then heads the panel (:func:`detail_title`) and the English name is a row; so
    is the description (``description_ar``; the translations are never rows of their own),
    and outside English the dates are written in the page's words ("19 أكتوبر 2025").
    """
    hidden = set(_HIDDEN_FIELDS)
    translated = "|".join(TRANSLATED_FIELDS)
    hidden |= {k for k in record if re.fullmatch(rf"(?:{translated})_[a-z]{{2}}", k)}
    if not _missing(record.get("version")):  # the label (in any language) names the version
        hidden |= {k for k in record if re.fullmatch(rf"{VERSION_LABEL_FIELD}(_[a-z]{{2}})?", k)}
    rows: list[tuple[str, str]] = []
    if _in_language(record, "name", lang):  # the heading: the English name becomes a row
        hidden.add(f"name_{lang}")
        if not _missing(record.get("name")):
            rows.append((word("details.field.name_en", ENGLISH_NAME_LABEL), str(record["name"])))
    if record.get("restriction") == ORANGE_RESTRICTION:  # the category says it all
        hidden |= {"restriction", "phase"}
    if record.get("name_en") == record.get("name"):
        hidden.add("name_en")
    for field in DETAIL_FIELDS:
        value = record.get(field)
        if field in hidden:
            continue
        if field == "status_history" and isinstance(value, list) and not value:
            continue  # no status reported: nothing to say
        if not _missing(value):
            rows.append(_readable(field, value, record, word, lang))
        elif field == "valid_to" and field in record:  # a zone version without an end
            planned = str(record.get("track") or "").startswith("plan")
            text = (
                word("details.never_in_force", NEVER_IN_FORCE)
                if planned
                else word("details.latest_mapped", LATEST_MAPPED)
            )
            rows.append((_label(field, word), text))
    for key, value in record.items():
        if key in DETAIL_FIELDS or key in hidden or _missing(value):
            continue
        rows.append((str(key), readable_value(str(key), value, lambda day: _date(day, word))))
    return rows
