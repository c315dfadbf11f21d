"""Text panels beside and below the map: notice, details, statistics, sources."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.browser.escaping import escape_markdown
from dashboard.browser.features import (
    DETAIL_FIELDS,
    detail_rows,
    detail_title,
    format_area,
    layer_of,
)
from dashboard.browser.source_links import linked_markdown
from dashboard.config import GEODATA_DIR
from dashboard.intake.bundled import REFERENCE_LAYERS
from dashboard.ui import data
from dashboard.ui.i18n import apply_direction, category_label, embed, language, t, word
from dashboard.zones import series

SOURCES_FILE = GEODATA_DIR / "SOURCES.md"
BUNDLED_REFERENCE_KEYS = frozenset(spec.key for spec in REFERENCE_LAYERS)


# Below this width (px) the page is laid out for a tablet or phone: the map full width,
# the selected event's text just under it.
NARROW_PX = 900
# Up to this width the sidebar is a drawer over the page (Streamlit's own breakpoint, 768 px):
# closed by default and after a choice. Wider (a tablet, 820 px), it starts open beside the page.
DRAWER_PX = 767

# The page's own style (no data in it): the map must fit the first screen, so the header
# is kept short and the top padding small. On narrow screens the map and the panel beside
# it stack, the map first and full width, and the event's text comes right under the map.
PAGE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 1.25rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2rem; padding: 0 0 0.25rem 0; }
/* The main map fits the first screen on shorter windows too (the map inside follows). */
.st-key-main_map_box iframe { height: clamp(380px, calc(100vh - 300px), 600px) !important; }
/* The script below draws nothing: no gap for it. */
[data-testid="stElementContainer"]:has(script#narrow-screens) { display: none; }
/* Long addresses (sources) wrap anywhere rather than widen the page: never by characters
   put into them, which a copied address would keep. */
[data-testid="stMarkdownContainer"] a { overflow-wrap: anywhere; }
@media (min-width: 901px) {  /* controls meant for a thumb only */
  .st-key-narrow_steps { display: none !important; }
}
@media (max-width: 900px) {
  .st-key-main_row [data-testid="stHorizontalBlock"]:has(.st-key-main_map_box) {
    flex-direction: column; gap: 0.5rem;
  }
  .st-key-main_row [data-testid="stColumn"]:has(.st-key-main_map_box),
  .st-key-main_row [data-testid="stColumn"]:has(.st-key-event_box) {
    width: 100% !important; flex: 1 1 auto !important; min-width: 100% !important;
  }
  /* Room to scroll the page with a thumb beside or below the map. */
  .st-key-main_map_box iframe { height: clamp(320px, 58vh, 640px) !important; }
  [data-testid="stLayoutWrapper"]:has(> .st-key-event_box) { order: -2; }
  [data-testid="stLayoutWrapper"]:has(> .st-key-details_box) { order: -1; }
  /* The sidebar is closed: its button sits over the top of the page. */
  [data-testid="stMainBlockContainer"] { padding-top: 3.25rem; }
}
@media (max-width: 640px) {  /* a phone: the map must start high on the first screen */
  /* The title clear of Streamlit's header bar (3.75rem) and of the timeline's link in it. */
  [data-testid="stMainBlockContainer"] { padding-top: 3.5rem; }
  [data-testid="stMainBlockContainer"] h1 { font-size: 1.35rem; padding-bottom: 0; }
  [data-testid="stMainBlockContainer"] [data-testid="stAlert"] p {
    font-size: 0.8rem; line-height: 1.35;
  }
  [data-testid="stMainBlockContainer"] [data-testid="stAlert"] > div { padding: 0.4rem 0.6rem; }
}
</style>"""

# On phones the sidebar is a drawer over the page: closed when the
# page opens, and closed again after a layer toggle, a base map or a timeline choice in it,
# so the map shows what was chosen. A closing done here is not kept as the user's own preference.
NARROW_SCRIPT = """<script id="narrow-screens">
(function () {
  if (window.__gazaMapNarrow) return;
  window.__gazaMapNarrow = true;
  var narrow = window.matchMedia("(max-width: DRAWER_PXpx)");
  var CHOICES = '[class*="st-key-tl_"] button, [class*="st-key-show_zone_"] label, '
    + '[class*="st-key-show_ref_"] label';
  function sidebar() { return document.querySelector('[data-testid="stSidebar"]'); }
  function close() {
    var bar = sidebar();
    if (!narrow.matches || !bar || bar.getAttribute("data-collapsed") !== "false") return;
    var button = bar.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (!button) return;
    button.click();
    Object.keys(window.localStorage).forEach(function (key) {
      if (key.indexOf("stSidebarCollapsed-") === 0) window.localStorage.removeItem(key);
    });
  }
  // The base map's options open in a list outside the sidebar: a pick there counts when
  // that list was opened from the base map's select.
  var baseOpen = false;
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    var inBar = target.closest('[data-testid="stSidebar"]');
    if (inBar && target.closest(CHOICES)) {
      setTimeout(close, 250);  // after the widget has taken the choice
    } else if (baseOpen && target.closest('[role="option"]')) {
      setTimeout(close, 250);
    }
    baseOpen = !!(inBar && target.closest('[class*="st-key-"][class*="base_map"]'));
  }, true);
  var tries = 0;
  (function closeOnOpen() {  // once the sidebar is drawn
    if (sidebar()) { close(); return; }
    if (++tries < 50) setTimeout(closeOnOpen, 100);
  })();
})();
</script>""".replace("DRAWER_PX", str(DRAWER_PX))


NOTICE_TEXT = (
    "The zones are approximations: the 19 Oct 2025 line is a digitisation of the IDF's "
    "published map, the other versions are drawn by hand from reporting."
)
# Credits of the data every map shows, for downloads (the page shows SOURCES.md in full).
# Each names its source and where to find it: a file passed on cannot point to SOURCES.md.
CREDITS = (
    "Strip outline: geoBoundaries (https://www.geoboundaries.org), CC BY 4.0.",
    "19 Oct 2025 line: the IDF's published map, digitised by Gaza Maps (https://gazamaps.com), "
    "distributed in the mushon/nibal repository (https://github.com/mushon/nibal, MIT).",
    "Municipal boundaries: © OpenStreetMap contributors "
    "(https://www.openstreetmap.org/copyright), ODbL 1.0.",
    "Towns: GeoNames (https://www.geonames.org), CC BY 4.0. Offline base: GSHHG 2.3.7 "
    "(Wessel & Smith, https://www.soest.hawaii.edu/pwessel/gshhg/), LGPL-3.0+.",
)


def header() -> None:
    """Title, what the map shows, and the approximation notice: short, above the map."""
    # st.html: a style-only element goes to the event container and needs no HTML parser
    # in the frontend (st.markdown with HTML loads rehype-raw, 60 KB, before the map).
    st.html(PAGE_CSS)
    st.html(NARROW_SCRIPT, unsafe_allow_javascript=True)
    apply_direction()
    st.title(t("page.title"))
    notice()


def notice() -> None:
    """Say where people look what the map shows and that the zones are approximations."""
    st.info(t("notice.text"), icon="ℹ️")


def details_panel(record: dict | None) -> None:
    """Everything known about the clicked feature; every value shown as plain text."""
    st.subheader(t("details.heading"))
    if record is None:
        st.caption(t("details.caption"))
        return
    lang = language()
    title = detail_title(record, lang)
    st.markdown(f"#### {escape_markdown(embed(title) if title else t('details.unnamed'))}")
    source = word("details.field.source", DETAIL_FIELDS["source"])
    linked = is_bundled(record)
    for label, value in detail_rows(record, lang=lang, word=word):
        # Values from the data (English descriptions, sources) keep their own direction;
        # the addresses in our own sources are links (a user's file is never linked).
        shown = linked_markdown(embed(value)) if linked and label == source else None
        st.markdown(f"**{escape_markdown(label)}:** {shown or escape_markdown(embed(value))}")


def is_bundled(record: dict) -> bool:
    """Whether a clicked feature is of the bundled data (its layer key says so)."""
    key = layer_of(record.get("fid"))
    return key in {"zones", data.DATED_LINE_KEY, data.DRIFT_KEY, *BUNDLED_REFERENCE_KEYS}


def _category_labels(table: pd.DataFrame) -> pd.Series:
    """The categories' labels in the page's language (the core's English ``label`` else)."""
    if "category" in table:
        return table["category"].map(category_label)
    return table["label"]


def stats_table(
    table: pd.DataFrame, *, title: str | None = None, held: str = "", reported: str = ""
) -> None:
    """Area and share per category; rounded to what approximate zones can support.

    ``held`` names the held side's two figures (behind the line, and with the restricted
    zone beyond it: see :func:`dashboard.zones.series.held_text`), ``reported`` the shares
    reported by the date shown (:func:`dashboard.zones.currency.reported_text`).
    """
    st.subheader(title or t("stats.heading"))
    shown = pd.DataFrame(
        {
            t("stats.col_category"): _category_labels(table),
            t("stats.col_area"): table["area_km2"].round(0).astype(int),
            t("stats.col_share"): table["share_pct"].round(0).astype(int),
        }
    )
    # A static table: its text wraps, so every column shows on a phone too.
    st.table(shown, hide_index=True, border="horizontal")
    israeli = table.loc[table["category"].isin(["retained", "buffer"])]
    st.caption(
        t(
            "stats.caption",
            held=escape_markdown(held),
            area=format_area(israeli["area_km2"].sum(), word=word),
            reported=escape_markdown(reported),
        )
    )


def held_words(zones: gpd.GeoDataFrame, strip_km2: float) -> str:
    """The two figures of the held side of zones from a file (empty when they mix versions)."""
    try:
        return series.held_text(series.held_shares(zones, strip_km2))
    except series.SeriesError:
        return ""


def sources_expander() -> None:
    """The method and every source, from ``geodata/SOURCES.md`` (our own text)."""
    with st.expander(t("sources.heading"), expanded=False):
        st.markdown(SOURCES_FILE.read_text(encoding="utf-8"))


def municipalities_table(table: pd.DataFrame) -> None:
    """Each municipality's area on each side of the line, for the version shown (see
    :func:`dashboard.zones.municipalities.sides_by_municipality`)."""
    if table.empty:
        return
    # Drawn only while open: a folded table's toolbar buttons would crowd the page.
    section = st.expander(t("municipalities.heading"), key="municipalities", on_change="rerun")
    if not section.open:
        return
    with section:
        # The name in the page's language only, no column that the others give (the rest of
        # the municipality), and a static table whose text wraps: it fits a phone's 390 px.
        names = table["name_ar"] if language() == "ar" and "name_ar" in table else table["name"]
        st.table(
            pd.DataFrame(
                {
                    t("municipalities.col_name"): names,
                    **{
                        t(f"municipalities.col_{key}"): table[column].map(shown.format)
                        for key, column, shown in (
                            ("held", "held_km2", "{:.1f}"),
                            ("behind_pct", "behind_pct", "{:.0f}"),
                            ("held_pct", "held_pct", "{:.0f}"),
                        )
                    },
                }
            ),
            hide_index=True,
            border="horizontal",
        )
        st.caption(t("municipalities.caption"))


def comparison_table(table: pd.DataFrame, first: str, second: str) -> None:
    """Areas per category under two sets of zones (``first_km2``, ``second_km2``,
    ``difference_km2``, ``first_pct``, ``second_pct``), with the columns named for them."""
    st.dataframe(
        pd.DataFrame(
            {
                t("stats.col_category"): _category_labels(table),
                t("compare.col_km2", name=first): table["first_km2"].round(1),
                t("compare.col_km2", name=second): table["second_km2"].round(1),
                t("compare.col_change"): table["difference_km2"].round(1),
                t("compare.col_pct", name=first): table["first_pct"].round(0),
                t("compare.col_pct", name=second): table["second_pct"].round(0),
            }
        ),
        hide_index=True,
        width="stretch",
    )
