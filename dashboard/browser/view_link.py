"""The map's view (centre and zoom) in the page's address, written by the browser.

Panning must not rerun the page (each rerun costs a round trip), so the map itself writes
``?view=lat,lon,zoom`` into the address of the page around it whenever it stops moving,
once it has moved from the view it opened on, and keeps it there when the page rewrites
its address from Python (which never learns the view). A new session reads it (see
:func:`parse_view`), so a copied link opens the same view.
"""

from __future__ import annotations

import math

from branca.element import MacroElement
from jinja2 import Template

from dashboard.browser.escaping import script_json

VIEW_PARAM = "view"
MIN_ZOOM, MAX_ZOOM = 5.0, 18.0  # the main map's own limits (see map_builder.build_base_map)


def parse_view(text: str | None) -> tuple[float, float, float] | None:
    """The view in ``?view=`` (lat, lon, zoom), or None when absent or malformed.

    A link is typed or pasted by people: anything that is not three finite numbers within
    range is ignored (the map opens on its usual view), never an error.
    """
    if not text:
        return None
    parts = text.split(",")
    if len(parts) != 3:
        return None
    try:
        lat, lon, zoom = (float(p) for p in parts)
    except ValueError:
        return None
    if not all(math.isfinite(v) for v in (lat, lon, zoom)):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon, min(max(zoom, MIN_ZOOM), MAX_ZOOM)


class ViewInAddress(MacroElement):
    """Keeps ``?view=`` in the address of the page that holds the map up to date.

    Only inside the app (a component frame of the same origin); a downloaded map has no
    page around it and writes nothing.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function (map) {
    if (location.pathname.indexOf("/component/") < 0 || window.parent === window) return;
    var page;
    try { page = window.parent; void page.location.href; } catch (e) { return; }
    var param = {{ this.param }};
    if (page.__mapView === undefined) {
        page.__mapView = new page.URL(page.location.href).searchParams.get(param);
    }
    // The page rewrites its address whenever Python changes a parameter, from Python's
    // copy, which never saw the view: put the view back into every such address.
    if (!page.__viewKept) {
        page.__viewKept = true;
        ["pushState", "replaceState"].forEach(function (name) {
            var original = page.history[name];
            page.history[name] = function (state, title, url) {
                if (url != null && page.__mapView) {
                    var next = new page.URL(url, page.location.href);
                    if (!next.searchParams.has(param)) {
                        next.searchParams.set(param, page.__mapView);
                        url = next.toString();
                    }
                }
                return original.call(this, state, title, url);
            };
        });
    }
    function write() {
        var c = map.getCenter(), z = Math.round(map.getZoom() * 4) / 4;
        var now = c.lat.toFixed(4) + "," + c.lng.toFixed(4) + "," + z;
        page.__mapView = now;
        var url = new page.URL(page.location.href);
        if (url.searchParams.get(param) === now) return;
        url.searchParams.set(param, now);
        page.history.replaceState(page.history.state, "", url.toString());
    }
    // Not the first fit of the map: only the moves after it (a user's, a place found).
    map.whenReady(function () {
        setTimeout(function () { map.on("moveend", write); }, 500);
    });
})({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ViewInAddress"
        self.param = script_json(VIEW_PARAM)
