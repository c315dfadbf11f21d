"""Text panels beside and below the map: notice, details, statistics, sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.browser.escaping import escape_markdown
from dashboard.browser.features import detail_rows, format_area
from dashboard.config import GEODATA_DIR
from dashboard.zones.municipalities import sides_by_municipality

SOURCES_FILE = GEODATA_DIR / "SOURCES.md"


# The page's own style (no data in it): the map must fit the first screen, so the header
# is kept short and the top padding small.
PAGE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 1.25rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2rem; padding: 0 0 0.25rem 0; }
@media (max-width: 640px) {  /* the sidebar's button sits over the top of the page */
  [data-testid="stMainBlockContainer"] { padding-top: 3.25rem; }
  [data-testid="stMainBlockContainer"] h1 { font-size: 1.6rem; }
}
</style>"""


NOTICE_TEXT = (
    "The zones are approximations: the 19 Oct 2025 line is a digitisation of the IDF's "
    "published map, the other versions are drawn by hand from reporting."
)
# Credits of the data every map shows, for downloads (the page shows SOURCES.md in full).
CREDITS = (
    "Strip outline: geoBoundaries (www.geoboundaries.org), CC BY 4.0.",
    "19 Oct 2025 line: the IDF's published map, digitised by Gaza Maps (gazamaps.com), "
    "distributed in the mushon/nibal repository (MIT).",
    "Municipal boundaries: © OpenStreetMap contributors, ODbL 1.0.",
    "Towns: GeoNames, CC BY 4.0. Offline base: GSHHG 2.3.7 (Wessel & Smith), LGPL-3.0+.",
)


def header() -> None:
    """Title, what the map shows, and the approximation notice: short, above the map."""
    st.markdown(PAGE_CSS, unsafe_allow_html=True)
    st.title("Gaza Ceasefire Map")
    notice()


def notice() -> None:
    """Say where people look what the map shows and that the zones are approximations."""
    st.info(
        NOTICE_TEXT.replace("The zones are approximations:", "**The zones are approximations:**")
        + " Hover or click an area for its source, date and confidence; *Sources and method* "
        "are below.",
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


def municipalities_table(municipalities, zones) -> None:
    """Each municipality's area on each side of the line, for the version shown."""
    if municipalities is None or municipalities.empty:
        return
    table = sides_by_municipality(municipalities, zones)
    with st.expander("Municipalities: area on each side of the line"):
        st.dataframe(
            pd.DataFrame(
                {
                    "Municipality": table["name"],
                    "بلدية": table["name_ar"],
                    "Israeli-held side (km²)": table["held_km2"].round(1),
                    "Other side (km²)": table["other_km2"].round(1),
                    "Held (%)": table["held_pct"].round(0),
                }
            ),
            hide_index=True,
            width="stretch",
        )
        st.caption(
            "Municipal boundaries © OpenStreetMap contributors (ODbL 1.0); areas in EPSG:32636, "
            "against the zones shown on the map."
        )


def comparison_table(table: pd.DataFrame, first: str, second: str) -> None:
    """Areas per category under two sets of zones (``first_km2``, ``second_km2``,
    ``difference_km2``, ``first_pct``, ``second_pct``), with the columns named for them."""
    st.dataframe(
        pd.DataFrame(
            {
                "Category": table["label"],
                f"{first} (km²)": table["first_km2"].round(1),
                f"{second} (km²)": table["second_km2"].round(1),
                "Change (km²)": table["difference_km2"].round(1),
                f"{first} (%)": table["first_pct"].round(0),
                f"{second} (%)": table["second_pct"].round(0),
            }
        ),
        hide_index=True,
        width="stretch",
    )
