"""The "last mapped" notice above the map: the version shown is the line as last mapped,
not as it is on the date shown (see :mod:`dashboard.zones.currency`).

It takes the place of the date control's caption ("In force on …"), so that the map still
fits the first screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import streamlit as st

from dashboard.browser.escaping import escape_markdown
from dashboard.ui import data
from dashboard.zones import currency, series

NOTICE_KEY = "last_mapped"  # the notice's container: .st-key-last_mapped in the page
# The notice in smaller type, and the map shorter while it is there, so that the map
# still fits the first screen of a wide window (see panels.PAGE_CSS and i18n.RTL_CSS).
NOTICE_CSS = """<style>
.st-key-last_mapped [data-testid="stAlertContainer"] { padding: 0.4rem 0.7rem; }
.st-key-last_mapped [data-testid="stMarkdownContainer"] p {
  font-size: 0.8rem; line-height: 1.4;
}
@media (min-width: 901px) {
  [data-testid="stMainBlockContainer"] .st-key-main_row:has(.st-key-last_mapped)
    .st-key-main_map_box iframe {
    height: clamp(380px, calc(100vh - 384px), 600px) !important;
  }
}
</style>"""


def last_mapped(
    version: series.Version, day: dt.date, versions: Sequence[series.Version]
) -> currency.LastMapped | None:
    """What to say about ``version`` shown on ``day`` (None: nothing)."""
    return currency.last_mapped(version, day, versions, data.reported_shares())


def last_mapped_notice(note: currency.LastMapped, heading: str) -> None:
    """Say above the map, in the page's language, which version is in force (``heading``,
    Markdown), when it was last mapped, that no public map exists after the last
    published one, and what was reported since."""
    first, *rest = currency.note_sentences(note)
    text = f"{heading} **{escape_markdown(first)}** {escape_markdown(' '.join(rest))}"
    box = st.container(key=NOTICE_KEY)
    box.html(NOTICE_CSS)
    box.warning(text, icon=":material/history:")
