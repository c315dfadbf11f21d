"""Sidebar: which layers are shown, the base map, and the legend."""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from dashboard.browser.map_builder import BASE_LAYERS, BUNDLED_BASE
from dashboard.browser.styles import LINE_STYLES
from dashboard.config import INK_COLOUR, ZONE_CATEGORIES, ZONE_COLOURS, ZONE_LABELS
from dashboard.intake.bundled import REFERENCE_LAYERS


@dataclass
class LayerChoice:
    """What the user chose to see."""

    zones: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    base: str = BUNDLED_BASE


def _swatch(colour: str, *, line: bool = False, dashed: bool = False) -> str:
    if line:
        style = "dashed" if dashed else "solid"
        return (
            f"<span style='display:inline-block;width:22px;height:0;border-top:3px {style} "
            f"{colour};vertical-align:middle;margin-right:8px'></span>"
        )
    return (
        f"<span style='display:inline-block;width:16px;height:16px;background:{colour};"
        "opacity:.8;border:1px solid #fff;outline:1px solid #bbb;vertical-align:middle;"
        "margin-right:8px'></span>"
    )


def legend_html() -> str:
    """The legend, built from the palette constants only (never from file content)."""
    rows = [f"<div>{_swatch(ZONE_COLOURS[c])}{ZONE_LABELS[c]}</div>" for c in ZONE_CATEGORIES]
    rows.append(
        f"<div>{_swatch(str(LINE_STYLES['yellow_line']['color']), line=True)}"
        "Yellow line (on the date shown)</div>"
    )
    rows.append(f"<div>{_swatch(INK_COLOUR, line=True, dashed=True)}Corridor</div>")
    rows.append(
        "<div><span style='display:inline-block;width:10px;height:10px;border-radius:50%;"
        f"border:2px solid {INK_COLOUR};background:#fff;margin:0 12px 0 3px'></span>Town</div>"
    )
    rows.append(
        "<div><span style='display:inline-block;width:10px;height:10px;border-radius:50%;"
        f"border:2px solid #fff;outline:1px solid {INK_COLOUR};background:{INK_COLOUR};"
        "margin:0 12px 0 3px'></span>Crossing</div>"
    )
    return (
        "<div data-testid='map-legend' style='line-height:1.9;font-size:0.9rem'>"
        + "".join(rows)
        + "</div>"
    )


def layers_panel() -> LayerChoice:
    """Draw the layer toggles, base-map choice and legend in the sidebar."""
    choice = LayerChoice()
    st.sidebar.subheader("Zones")
    for category in ZONE_CATEGORIES:
        if st.sidebar.toggle(ZONE_LABELS[category], value=True, key=f"show_zone_{category}"):
            choice.zones.append(category)
    st.sidebar.subheader("Reference layers")
    for spec in REFERENCE_LAYERS:
        if st.sidebar.checkbox(spec.label, value=spec.visible, key=f"show_ref_{spec.key}"):
            choice.references.append(spec.key)
    choice.base = st.sidebar.selectbox(
        "Base map",
        BASE_LAYERS,
        index=0,
        key="base_map",
        help="The bundled context works offline and sends no request to any tile server. "
        "Online layers need internet; if they cannot load, the zones still show.",
    )
    with st.sidebar.expander("Legend", expanded=True):
        st.markdown(legend_html(), unsafe_allow_html=True)
    return choice
