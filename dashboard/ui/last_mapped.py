"""The "last mapped" notice above the map: the version shown is the line as last mapped,
not as it is on the date shown (see :mod:`dashboard.zones.currency`)."""

from __future__ import annotations

import streamlit as st

from dashboard.browser.escaping import escape_markdown
from dashboard.ui import data
from dashboard.ui.dates import DateChoice, bundled_versions
from dashboard.zones import currency

NOTICE_KEY = "last_mapped"  # the notice's container: .st-key-last_mapped in the page
# The notice in smaller type, and the map shorter while it is there, so that the map
# still fits the first screen of a wide window (see panels.PAGE_CSS and i18n.RTL_CSS).
NOTICE_CSS = """<style>
.st-key-last_mapped [data-testid="stAlertContainer"] { padding: 0.5rem 0.75rem; }
.st-key-last_mapped [data-testid="stMarkdownContainer"] p { font-size: 0.875rem; }
@media (min-width: 901px) {
  [data-testid="stMainBlockContainer"] .st-key-main_row:has(.st-key-last_mapped)
    .st-key-main_map_box iframe {
    height: clamp(360px, calc(100vh - 420px), 600px) !important;
  }
}
</style>"""


def last_mapped(choice: DateChoice) -> currency.LastMapped | None:
    """What to say about the version of ``choice`` on its day (None: nothing)."""
    return currency.last_mapped(
        choice.version, choice.day, bundled_versions(), data.reported_shares()
    )


def last_mapped_notice(note: currency.LastMapped | None) -> None:
    """Say above the map, in the page's language, when the line was last mapped, that no
    public map exists after the last published one, and what was reported since."""
    if note is None:
        return
    first, *rest = currency.note_sentences(note)
    text = f"**{escape_markdown(first)}** {escape_markdown(' '.join(rest))}"
    box = st.container(key=NOTICE_KEY)
    box.html(NOTICE_CSS)
    box.warning(text, icon=":material/history:")
