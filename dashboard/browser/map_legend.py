"""The map's own legend: one row per zone category, reference layer and upload shown, in
the page's language, folded on small screens."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import folium
from branca.element import MacroElement
from jinja2 import Template

from dashboard.browser.escaping import script_json
from dashboard.browser.styles import LINE_STYLES
from dashboard.config import (
    DRIFT_COLOUR,
    INK_COLOUR,
    ORANGE_ZONE_COLOUR,
    ZONE_CATEGORIES,
    ZONE_COLOURS,
)
from dashboard.messages import bidi_safe

# A legend entry's mark: a filled square (an area), a line, a dashed line, a town's ring,
# a crossing's dot, or an upload's dashed square (its outline colour, lightly filled).
LEGEND_MARKS = ("area", "line", "dashed", "town", "crossing", "upload", "band")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
# Below this map width (px) the legend starts folded: on a phone it must not cover the map.
# On a desktop or a tablet it starts unfolded: it is the page's only legend.
LEGEND_FOLDED_BELOW_PX = 500


@dataclass(frozen=True)
class LegendEntry:
    """One row of a legend: a mark drawn in ``colour`` and its text (plain text)."""

    mark: str
    colour: str
    text: str
    switch: str | None = None  # the page's toggle of the layer: the row shows while it is on

    def __post_init__(self) -> None:
        if self.mark not in LEGEND_MARKS:
            raise ValueError(f"unknown legend mark {self.mark!r}; one of {LEGEND_MARKS}")
        if not _COLOUR.fullmatch(self.colour):
            raise ValueError(f"a legend colour must be #RRGGBB, not {self.colour!r}")


# Which reference layers have a legend entry, and how each is drawn.
REFERENCE_MARKS: dict[str, tuple[str, str]] = {
    "yellow_line": ("line", str(LINE_STYLES["yellow_line"]["color"])),
    "corridors": ("dashed", INK_COLOUR),
    "towns": ("town", INK_COLOUR),
    "crossings": ("crossing", INK_COLOUR),
    "drift": ("band", DRIFT_COLOUR),
}
# The orange restricted zone's row: shown with the buffer it belongs to.
ORANGE_ZONE_KEY = "orange_zone"


def legend_entries(
    categories: Sequence[str],
    category_labels: Mapping[str, str],
    references: Sequence[str] = (),
    reference_labels: Mapping[str, str] | None = None,
    uploads: Sequence[tuple[str, str]] = (),
    switches: Mapping[str, str] | None = None,
) -> list[LegendEntry]:
    """The legend of what a map shows, from the palette: the zone ``categories`` shown (in
    the palette's order, named by ``category_labels``), the ``references`` that have a mark
    (see :data:`REFERENCE_MARKS`, named by ``reference_labels``), then each upload as
    ``(name, colour)``. Names are kept as plain text: the browser writes them as text.

    ``switches`` maps a category or reference key to the page's toggle of that layer: its
    row shows while the toggle is on (see :mod:`dashboard.browser.layer_switch`).

    The orange restricted zone has a row of its own after the buffer, when
    ``category_labels`` names it (key :data:`ORANGE_ZONE_KEY`); it shows with the buffer.
    """
    toggles = switches or {}
    entries = [
        LegendEntry("area", ZONE_COLOURS[c], category_labels[c], toggles.get(c))
        for c in ZONE_CATEGORIES
        if c in categories
    ]
    if "buffer" in categories and ORANGE_ZONE_KEY in category_labels:
        entries.append(
            LegendEntry(
                "area", ORANGE_ZONE_COLOUR, category_labels[ORANGE_ZONE_KEY], toggles.get("buffer")
            )
        )
    labels = reference_labels or {}
    for key, (mark, colour) in REFERENCE_MARKS.items():
        if key in references and key in labels:
            entries.append(LegendEntry(mark, colour, labels[key], toggles.get(key)))
    # An upload's name came from its file: no override may reverse it or the rows after it.
    entries.extend(LegendEntry("upload", colour, bidi_safe(name)) for name, colour in uploads)
    return entries


LEGEND_CSS = (
    ".map-legend{background:rgba(255,255,255,.95);border-radius:4px;color:" + INK_COLOUR + ";"
    "box-shadow:0 1px 5px rgba(0,0,0,.35);font:12px/1.5 system-ui,sans-serif;"
    "max-width:min(250px,60vw)}"
    ".map-legend-toggle{display:block;padding:4px 8px;font-weight:600;cursor:pointer;"
    "color:inherit !important;text-decoration:none;white-space:nowrap}"
    ".map-legend-list{padding:0 8px 6px;max-height:45vh;overflow:auto}"
    ".map-legend-list[hidden]{display:none}"
    ".map-legend-row{display:flex;align-items:center;gap:6px;margin:2px 0}"
    ".map-legend-mark{flex:none;display:inline-block;width:14px;height:14px;"
    "box-sizing:border-box}"
    ".map-legend-area{background:var(--c);opacity:.8;outline:1px solid #bbb;"
    "border:1px solid #fff}"
    ".map-legend-line{height:0;width:18px;border-top:3px solid var(--c)}"
    ".map-legend-dashed{height:0;width:18px;border-top:3px dashed var(--c)}"
    ".map-legend-town{width:10px;height:10px;margin:0 4px 0 2px;border-radius:50%;"
    "border:2px solid var(--c);background:#fff}"
    ".map-legend-crossing{width:10px;height:10px;margin:0 4px 0 2px;border-radius:50%;"
    "background:var(--c);border:2px solid #fff;outline:1px solid var(--c)}"
    ".map-legend-band{border:1.5px dashed var(--c);"
    "background:color-mix(in srgb,var(--c) 18%,transparent)}"
    ".map-legend-upload{border:2px dashed var(--c);"
    "background:color-mix(in srgb,var(--c) 25%,transparent)}"
)


class MapLegend(MacroElement):
    """A legend on the map, folded into a "Legend" button and unfolded with a click: it
    shows while the feature group it belongs to is on the map (so it follows the page's
    layer choices without re-mounting the map).

    Every text goes to the browser as JSON and is written with ``textContent``; colours
    are checked to be ``#RRGGBB``. The legend starts unfolded on maps at least
    :data:`LEGEND_FOLDED_BELOW_PX` wide, folded on narrower ones; a fold or unfold by the
    user is kept while the map lives.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function (group) {
    var entries = {{ this.entries }}, texts = {{ this.texts }};
    if (!document.getElementById("map-legend-css")) {
        var style = document.createElement("style");
        style.id = "map-legend-css";
        style.textContent = {{ this.css }};
        document.head.appendChild(style);
    }
    var control = L.control({position: "bottomright"});  // over land, clear of the Strip
    control.onAdd = function (map) {
        var box = L.DomUtil.create("div", "leaflet-control map-legend");
        box.dir = texts.dir;
        box.setAttribute("data-testid", "map-legend-control");
        var toggle = L.DomUtil.create("a", "map-legend-toggle", box);
        toggle.href = "#";
        toggle.setAttribute("role", "button");
        var list = L.DomUtil.create("div", "map-legend-list", box);
        var switched = [];
        entries.forEach(function (entry) {
            var row = L.DomUtil.create("div", "map-legend-row", list);
            if (entry.switch) switched.push([row, entry.switch]);
            var mark = L.DomUtil.create("span", "map-legend-mark map-legend-" + entry.mark, row);
            mark.style.setProperty("--c", entry.colour);
            L.DomUtil.create("span", "map-legend-text", row).textContent = entry.text;
        });
        function unfold(open) {
            window.__mapLegendOpen = open;
            list.hidden = !open;
            toggle.textContent = texts.heading + (open ? " \\u25B4" : " \\u25BE");
            toggle.title = toggle.ariaLabel = open ? texts.hide : texts.show;
            toggle.setAttribute("aria-expanded", open ? "true" : "false");
        }
        var open = window.__mapLegendOpen;
        unfold(open === undefined ? map.getSize().x >= {{ this.folded_below }} : open);
        // Rows of layers toggled beside the map follow their toggles, as the layers do.
        function follow() {
            var sw = map._layerSwitch;
            if (!sw) return;
            switched.forEach(function (pair) {
                var on = sw.toggle(pair[1]);
                // Not the hidden attribute: the rows' own display rule would win over it.
                pair[0].style.display = (on === null ? sw.shown[pair[1]] : on) ? "" : "none";
            });
        }
        if (map._layerSwitch) map._layerSwitch.listeners.legend = follow;
        follow();
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        L.DomEvent.on(toggle, "click", function (event) {
            L.DomEvent.preventDefault(event);
            unfold(list.hidden);
        });
        return box;
    };
    group.on("add", function () { control.addTo(group._map); });
    group.on("remove", function () { control.remove(); });
})({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(
        self,
        entries: Sequence[LegendEntry],
        *,
        heading: str = "Legend",
        show: str = "Show the legend",
        hide: str = "Hide the legend",
        rtl: bool = False,
    ) -> None:
        super().__init__()
        self._name = "MapLegend"
        self.entries = script_json(
            [
                {"mark": e.mark, "colour": e.colour, "text": e.text, "switch": e.switch}
                for e in entries
            ]
        )
        self.texts = script_json(
            {"heading": heading, "show": show, "hide": hide, "dir": "rtl" if rtl else "ltr"}
        )
        self.css = script_json(LEGEND_CSS)
        self.folded_below = LEGEND_FOLDED_BELOW_PX


def legend_group(
    entries: Sequence[LegendEntry],
    *,
    heading: str = "Legend",
    show: str = "Show the legend",
    hide: str = "Hide the legend",
    rtl: bool = False,
) -> folium.FeatureGroup:
    """A feature group holding only the legend (see :class:`MapLegend`): add it with the
    map's other groups and the legend shows; leave it out and it goes."""
    group = folium.FeatureGroup(name="Legend", control=False)
    MapLegend(entries, heading=heading, show=show, hide=hide, rtl=rtl).add_to(group)
    return group
