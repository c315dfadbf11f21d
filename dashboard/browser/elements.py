"""What the map's own Leaflet elements share: the map an element is drawn on."""

from __future__ import annotations

import folium
from branca.element import Element


def map_name(element: Element) -> str:
    """The JavaScript name of the folium map that ``element`` is drawn on.

    Raises
    ------
    ValueError
        If ``element`` is not (yet) on a map, e.g. its group was not added to one.
    """
    parent = element._parent
    while parent is not None and not isinstance(parent, folium.Map):
        parent = parent._parent
    if parent is None:
        raise ValueError(f"{type(element).__name__} must be added to a map (through a group) first")
    return parent.get_name()
