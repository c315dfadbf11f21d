"""Browser: what is sent to the browser, and how the map is drawn there.

A layer is simplified, rounded, escaped and serialised once (:mod:`.prepare`,
:mod:`.simplify`, :mod:`.serialise`, with the escaping rules in :mod:`.escaping`), its
features get ids, tooltip and detail fields (:mod:`.features`), styles come from the
palette (:mod:`.styles`), and :mod:`.map_builder` builds the folium map and its layers
(with the fast GeoJSON element of :mod:`.fast_geojson`). Leaflet is served from installed
packages (:mod:`.offline_assets`) and the downloads are made in :mod:`.export`.
"""
