"""Downloads: the zones shown as GeoJSON, and the current map as an offline HTML file."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import folium
import geopandas as gpd

from dashboard.browser.fast_geojson import inline_data
from dashboard.browser.offline_assets import leaflet_source_dir

EXPORT_DROP_COLUMNS = ("fid", "zone_label", "area_text", "share_pct")


def zones_geojson(zones: gpd.GeoDataFrame) -> str:
    """The zones as an RFC 7946 FeatureCollection, with their properties and areas."""
    out = zones.drop(columns=[c for c in EXPORT_DROP_COLUMNS if c in zones.columns])
    out = out.to_crs("EPSG:4326")
    if "area_km2" in out.columns:
        out["area_km2"] = out["area_km2"].round(2)
    data = json.loads(out.to_json(drop_id=True, to_wgs84=True))
    data.pop("crs", None)
    return json.dumps(data, ensure_ascii=False)


def _inline(html: str, tag_pattern: str, replacement: str) -> str:
    return re.sub(tag_pattern, lambda _m: replacement, html, count=1)


def standalone_html(fmap: folium.Map, groups: Sequence[folium.FeatureGroup] = ()) -> str:
    """The map with its layers as one HTML file, Leaflet inlined: it opens with no internet.

    Attaches ``groups`` to ``fmap`` (so pass a fresh base map, not the page's).
    """
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
