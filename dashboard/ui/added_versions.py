"""Versions added to the data directory, said on the page: where the version shown came
from, and every version file left out with its problem (the other versions stay)."""

from __future__ import annotations

import streamlit as st

from dashboard.browser.escaping import escape_markdown
from dashboard.messages import in_language, isolate
from dashboard.ui import data
from dashboard.ui.i18n import language, t
from dashboard.zones import series


def added_version_notes(version: series.Version) -> None:
    """Under the date control: the file of an added version, and the files left out."""
    origin = data.version_origin(version.id)
    if origin is not None:
        st.caption(t("dates.added_from", file=escape_markdown(isolate(origin.name))))
    for problem in data.added_series().problems:
        text = in_language(problem, language())  # computed once, for every visitor
        st.warning(t("dates.added_left_out", problem=escape_markdown(text)))
