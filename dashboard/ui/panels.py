"""Text panels beside and below the map: notice, details, statistics, sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.browser.escaping import escape_markdown
from dashboard.browser.features import detail_rows, format_area
from dashboard.config import GEODATA_DIR

SOURCES_FILE = GEODATA_DIR / "SOURCES.md"


def notice() -> None:
    """Say where people look that the zones are approximations."""
    st.info(
        "**The zones are approximations.** No coordinates of the October 2025 lines have been "
        "published; these shapes were drawn from press reports and the public raster maps. "
        "Each area carries its source, date and confidence: hover or click a zone, or open "
        "*Sources and method* below the map.",
        icon="ℹ️",
    )


def details_panel(record: dict | None) -> None:
    """Everything known about the clicked feature; every value shown as plain text."""
    st.subheader("Details")
    if record is None:
        st.caption("Click a zone, line or place on the map to see its description and source.")
        return
    st.markdown(f"#### {escape_markdown(record.get('name') or 'Unnamed feature')}")
    for label, value in detail_rows(record):
        st.markdown(f"**{escape_markdown(label)}:** {escape_markdown(value)}")


def stats_table(table: pd.DataFrame, *, title: str = "Area by category") -> None:
    """Area and share per category; rounded to what approximate zones can support."""
    st.subheader(title)
    shown = pd.DataFrame(
        {
            "Category": table["label"],
            "Area (km²)": table["area_km2"].round(0).astype(int),
            "Share of the Strip (%)": table["share_pct"].round(0).astype(int),
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    israeli = table.loc[table["category"].isin(["retained", "buffer"])]
    st.caption(
        "Israeli side of the yellow line (retained + buffer): "
        f"{format_area(israeli['area_km2'].sum(), israeli['share_pct'].sum())}. "
        "Reported figures range from 53 % (Times of Israel, ISW) to 58 % (Al Jazeera). "
        "Areas computed in UTM zone 36N (EPSG:32636)."
    )


def sources_expander() -> None:
    """The method and every source, from ``geodata/SOURCES.md`` (our own text)."""
    with st.expander("Sources and method", expanded=False):
        st.markdown(SOURCES_FILE.read_text(encoding="utf-8"))
