"""Draw a folium map through streamlit-folium, reusing each layer's generated JavaScript.

``st_folium`` regenerates the JavaScript of every feature group on every rerun: for a
layer of 150,000 features that is most of a second spent producing the same string. Here
each group is described by a key that determines its content; its string is generated
once per session and reused until the key changes. The call to the component is the
one ``st_folium`` makes (same arguments, same identity key), so behaviour is unchanged:
the base map stays constant and groups are swapped in place, without re-mounting.

This relies on streamlit-folium's module-level helpers (pinned in pyproject.toml).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import folium
import streamlit as st
import streamlit_folium as sf

# A group: a key that determines its content, and how to build it when not cached.
GroupSpec = tuple[Hashable, Callable[[], folium.FeatureGroup]]

CACHE_KEY = "_map_group_js"
MAX_CACHED = 256
# Groups built only from bundled data are the same for every visitor: their strings are
# shared by all sessions. Anything from a user's file stays in that user's session.
SHARED_KINDS = frozenset({"context", "tiles", "ref", "sinai", "venues", "highlight", "bundled"})
_shared: dict = {}


def forget_shared() -> None:
    """Drop the JavaScript of the groups every session shares (the bundled layers): the
    data they were built from changed (a version added to the data directory)."""
    _shared.clear()


def _is_shared(group_key: Hashable) -> bool:
    return isinstance(group_key, tuple) and bool(group_key) and group_key[0] in SHARED_KINDS


# The keys of the value streamlit-folium's frontend sends, in its order. It sends a value
# whenever its JSON text differs from the last one, starting from the default we pass: a
# default in another key order differs at once and reran the page on every load, before
# the map had painted. The main map asks for the rest of the page itself, after its first
# paint (see dashboard.browser.map_painted and ui.map_first).
_VALUE_ORDER = (
    "last_clicked",
    "last_object_clicked",
    "last_object_clicked_count",
    "last_object_clicked_tooltip",
    "last_object_clicked_popup",
    "all_drawings",
    "last_active_drawing",
    "last_geocoder_result",
    "bounds",
    "zoom",
    "last_circle_radius",
    "last_circle_polygon",
    "center",
    "selected_layers",
    "selected_tags",
)


def default_value(returned_objects: Sequence[str]) -> dict:
    """The component's value before any change: ``None`` for each returned object, in
    the order streamlit-folium's frontend writes them."""
    ordered = [name for name in _VALUE_ORDER if name in returned_objects]
    return dict.fromkeys([*ordered, *(n for n in returned_objects if n not in ordered)])


def build_groups(specs: Sequence[GroupSpec]) -> list[folium.FeatureGroup]:
    """The folium groups themselves (for an export, say)."""
    return [build() for _, build in specs]


def _group_strings(fmap: folium.Map, specs: Sequence[GroupSpec], map_key: str) -> str:
    session: dict = st.session_state.setdefault(CACHE_KEY, {})
    for store in (session, _shared):
        if len(store) > MAX_CACHED:
            store.clear()
    parts = []
    for idx, (group_key, build) in enumerate(specs):
        cache_key = (map_key, idx, group_key)
        store = _shared if _is_shared(group_key) else session
        text = store.get(cache_key)
        if text is None:
            text = sf._get_feature_group_string(build(), map=fmap, idx=idx)
            store[cache_key] = text
        parts.append(text)
    return "".join(parts)


def draw_map(
    fmap: folium.Map,
    specs: Sequence[GroupSpec],
    *,
    key: str,
    height: int,
    returned_objects: list[str],
    center: tuple[float, float] | None = None,
    zoom: float | None = None,
) -> dict:
    """Render ``fmap`` with the groups of ``specs``; return the component's value."""
    fmap.get_root().render()
    html = sf._get_html(fmap)
    header = sf._get_header(fmap)
    leaflet = sf._get_map_string(fmap)
    map_id = sf.get_full_id(fmap)
    groups = _group_strings(fmap, specs, key)
    defaults = default_value(returned_objects)
    return sf._component_func(
        script=leaflet,
        header=header,
        html=html,
        id=map_id,
        key=sf.generate_js_hash(leaflet, key, False),
        height=height,
        width=None,
        returned_objects=returned_objects,
        default=defaults,
        zoom=zoom,
        center=center,
        feature_group=groups,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=[url for _, url in folium.Map.default_css],
        js_links=[url for _, url in folium.Map.default_js],
        wrap_longitude=False,
    )
