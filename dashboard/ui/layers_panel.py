"""Sidebar: which layers are shown, and the base map (the legend is the map's own, see
``browser/map_legend.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import streamlit as st

from dashboard.browser.map_builder import BASE_LAYERS, BUNDLED_BASE
from dashboard.config import (
    ZONE_CATEGORIES,
)
from dashboard.intake.bundled import REFERENCE_LAYERS
from dashboard.ui.i18n import category_label, kept, t, t_or, texts


@dataclass
class LayerChoice:
    """What the user chose to see."""

    zones: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    base: str = BUNDLED_BASE
    drift: bool = False  # the band of reported drift beyond the line


# The band of reported drift beyond the line: a toggle of its own, off by default (see
# dashboard.zones.drift); in the address as ``drift`` among the layers.
DRIFT_LAYER = "drift"


def _base_label(tr, base: str) -> str:
    return tr("base.bundled") if base == BUNDLED_BASE else tr(f"base.name.{base}")


def zone_toggle_key(category: str) -> str:
    """The key of the toggle that shows a zone category (the map watches it too)."""
    return f"show_zone_{category}"


def reference_toggle_key(layer: str) -> str:
    """The key of the checkbox that shows a reference layer (the map watches it too)."""
    return f"show_ref_{layer}"


LAYERS_PARAM = "layers"  # the visible layers, in the address when not the defaults
BASE_PARAM = "base"  # the base map, in the address when not the bundled one


def _default_layers() -> list[str]:
    return [*ZONE_CATEGORIES, *(spec.key for spec in REFERENCE_LAYERS if spec.visible)]


def _default(key: str, value: bool) -> dict:
    """A widget's default, unless a link already set its value (Streamlit warns on both)."""
    return {} if key in st.session_state else {"value": value}


def _layers_from_address() -> None:
    """Once per session: the layer toggles and base map a shared link asks for."""
    if "_layers_from_address" in st.session_state:
        return
    st.session_state["_layers_from_address"] = True
    asked = st.query_params.get(LAYERS_PARAM)
    if asked is not None:
        shown = {key for key in asked.split(",") if key}
        for category in ZONE_CATEGORIES:
            st.session_state[zone_toggle_key(category)] = category in shown
        for spec in REFERENCE_LAYERS:
            st.session_state[reference_toggle_key(spec.key)] = spec.key in shown
        st.session_state[reference_toggle_key(DRIFT_LAYER)] = DRIFT_LAYER in shown
    base = st.query_params.get(BASE_PARAM)
    if base in BASE_LAYERS:
        st.session_state["base_map"] = base


def _layers_to_address(choice: LayerChoice) -> None:
    """Write what is shown into the address (only what differs from the defaults), so a
    copied link opens the same layers."""
    shown = [*choice.zones, *choice.references, *([DRIFT_LAYER] if choice.drift else [])]
    if shown == _default_layers():
        st.query_params.pop(LAYERS_PARAM, None)
    else:
        st.query_params[LAYERS_PARAM] = ",".join(shown)
    if choice.base == BUNDLED_BASE:
        st.query_params.pop(BASE_PARAM, None)
    else:
        st.query_params[BASE_PARAM] = choice.base


def choice_before_widgets() -> LayerChoice:
    """What the layer widgets will show, read without drawing them (a visitor's first run
    draws the map alone, see ``ui/map_first.py``): a shared link's choice, else the
    defaults."""
    _layers_from_address()
    state = st.session_state
    return LayerChoice(
        zones=[c for c in ZONE_CATEGORIES if state.get(zone_toggle_key(c), True)],
        references=[
            spec.key
            for spec in REFERENCE_LAYERS
            if state.get(reference_toggle_key(spec.key), spec.visible)
        ],
        base=state.get("base_map", BUNDLED_BASE),
        drift=state.get(reference_toggle_key(DRIFT_LAYER), False),
    )


def layers_panel() -> LayerChoice:
    """Draw the layer toggles and base-map choice in the sidebar; the address
    follows them (``?layers=``, ``?base=``)."""
    _layers_from_address()
    choice = LayerChoice()
    st.sidebar.subheader(t("zones.heading"))
    for category in ZONE_CATEGORIES:
        key = zone_toggle_key(category)
        if st.sidebar.toggle(category_label(category), key=key, **_default(key, True)):
            choice.zones.append(category)
    st.sidebar.subheader(t("references.heading"))
    for spec in REFERENCE_LAYERS:
        key = reference_toggle_key(spec.key)
        if st.sidebar.checkbox(
            t_or(f"reference.{spec.key}", spec.label), key=key, **_default(key, spec.visible)
        ):
            choice.references.append(spec.key)
    key = reference_toggle_key(DRIFT_LAYER)
    choice.drift = st.sidebar.checkbox(
        t("reference.drift"), key=key, help=t("reference.drift_help"), **_default(key, False)
    )
    choice.base = st.sidebar.selectbox(
        t("base.label"),
        BASE_LAYERS,
        key=kept("base_map"),
        **({} if "base_map" in st.session_state else {"index": 0}),
        format_func=partial(_base_label, texts()),
        help=t("base.help"),
    )
    _layers_to_address(choice)
    return choice
