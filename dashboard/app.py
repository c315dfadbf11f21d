"""Gaza Ceasefire Map: the Streamlit page. Run with ``streamlit run dashboard/app.py``.

This script only lays out widgets and calls the core (``dashboard/*.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run dashboard/app.py` puts dashboard/ (not the repo) on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.browser.features import lookup_feature  # noqa: E402
from dashboard.ui import data, map_first  # noqa: E402
from dashboard.ui.added_versions import added_version_notes  # noqa: E402
from dashboard.ui.compare_dates import compare_dates_panel, no_date_comparison  # noqa: E402
from dashboard.ui.dates import (  # noqa: E402
    buffer_note,
    bundled_areas,
    bundled_for,
    date_control,
    version_label,
)
from dashboard.ui.distance_panel import distance_panel  # noqa: E402
from dashboard.ui.held_over_time import held_over_time  # noqa: E402
from dashboard.ui.i18n import format_day, language_switch, t  # noqa: E402
from dashboard.ui.layers_panel import choice_before_widgets, layers_panel  # noqa: E402
from dashboard.ui.light_link import light_version  # noqa: E402
from dashboard.ui.main_map import (  # noqa: E402
    MapState,
    caption_layer,
    draw_main_map,
    legend_spec,
    map_caption,
    map_layers,
)
from dashboard.ui.panels import (  # noqa: E402
    details_panel,
    header,
    held_words,
    municipalities_table,
    sources_expander,
    stats_table,
)
from dashboard.ui.phone_layout import phone_layout  # noqa: E402
from dashboard.ui.place_search import requested_view  # noqa: E402
from dashboard.ui.timeline import (  # noqa: E402
    event_details,
    main_map_highlight,
    selected_event,
    step_buttons,
    timeline_link,
    timeline_panel,
)
from dashboard.ui.uploads import legend_items, uploads_panel  # noqa: E402
from dashboard.ui.user_layers import (  # noqa: E402
    change_layers_lookup,
    compare_panel,
    downloads,
    overlay_groups,
    replacement,
    replacement_notice,
)
from dashboard.ui.venue_inset import inset_map  # noqa: E402
from dashboard.zones.areas import area_by_category  # noqa: E402
from dashboard.zones.currency import note_text, reported_text  # noqa: E402
from dashboard.zones.series import held_text  # noqa: E402

# "auto": the sidebar starts closed on narrow screens (the page's script closes it up to
# panels.DRAWER_PX, Streamlit's own breakpoint), open on wider ones (a tablet, 820 px).
st.set_page_config(
    page_title=t("page.title"), page_icon="🗺️", layout="wide", initial_sidebar_state="auto"
)
data.offline_assets_ready()
# First, before any cached version is used: a version added to (or changed in, or removed
# from) the data directory since the last run empties the caches computed from the versions.
data.added_series()

# A visitor's first run draws the header, the date control and the map, and stops; the
# map reruns the page once it has painted, and that run draws everything (see map_first).
map_only = map_first.map_only_run()

language_switch()  # first in the sidebar; the page's text follows it
with st.sidebar:  # under the switch: above the map it pushed the map below the first screen
    light_version(map_only)
header()
timeline_link()  # on every run: the map must keep its place

if map_only:
    choice, event, files_slot = choice_before_widgets(), selected_event(), None
else:
    choice = layers_panel()
    files_slot = st.sidebar.container()  # "Your files", under the layers
strip_km2 = data.strip_area()
# On narrow screens the two columns stack (see panels.PAGE_CSS): the map first, full width.
map_col, side_col = st.container(key="main_row").columns([5, 3], gap="medium")
if not map_only:  # the timeline: a section of its own, right under the map and its panels
    with st.container(key="timeline_section"):
        event = timeline_panel()
# One container above the map, so the map is the column's second element on every run
# (an element that moves is drawn again: the map must not).
above_map = map_col.container()
map_box = map_col.container(key="main_map_box")  # sized to the window by our CSS (see panels)
under_map = map_col.container(key="compare_dates_box")  # "Compare two dates", right under it
with above_map:
    shown_date = date_control(event, track_choice=not map_only)
    added_version_notes(shown_date.version)  # an added version's file; files left out
version = shown_date.version
shown = []
if files_slot is not None:
    with files_slot:
        shown = uploads_panel(strip_km2, shown_date.day)
replacing = replacement(shown)
# The bundled version's age on the date shown (nothing to say of a file shown instead).
note = None if replacing else shown_date.note
with above_map:
    replacement_notice(shown)
bundled_zones = data.zones(version.id)
zones = replacing.gdf if replacing else bundled_zones
changes, dated, measured = [], no_date_comparison(), []
if not map_only:
    with st.container():  # below the map
        changes = compare_panel(bundled_for(version), shown, strip_km2)
    with under_map:
        dated = compare_dates_panel(shown_date)
    # The place box and its answer: at the top beside the map, first under it on a phone.
    with side_col, st.container(key="place_box"):
        measured = distance_panel(bundled_zones, st.session_state.get("_last_map_click"))
        phone_layout()  # draws nothing: the phone's style, and a scroll to a new answer
shown_text = (
    t("caption.shown_file")
    if replacing
    else t("caption.shown_version", day=format_day(shown_date.day), version=version_label(version))
)
# The held side's two figures (behind the line; with the restricted zone beyond it).
held = held_words(zones, strip_km2) if replacing else held_text(data.held_shares(version.id))
if held:
    shown_text = t("caption.shown_held", shown=shown_text, held=held)
# What the downloaded map and its PNG say
caption = map_caption(zones, shown_text, note_text(note) or "", bundled=not replacing)
map_state = MapState(
    choice,
    zones=replacing.prepared.browser if replacing else None,  # None: the bundled zones
    zones_version=replacing.version if replacing else None,
    bundled_version=version.id,
    overlays=[
        *overlay_groups(shown),
        *(change.spec for change in changes),
        *dated.specs,
    ],
    on_top=[
        *main_map_highlight(event),
        *measured,
        *caption_layer(caption),
    ],
)
with map_box:
    # Every zone and reference layer, shown by the map as its toggle says: a toggle
    # changes nothing sent to the map (see browser.layer_switch).
    click = draw_main_map(
        map_layers(map_state, switched=True),
        requested_view(),
        legend_spec(legend_items(shown), dated.legend),
    )
with map_col:
    buffer_note(version)
if map_only:
    map_first.wait_for_map()  # stops the script
if click.point != st.session_state.get("_last_map_click"):  # a new click on the map
    if click.fid and click.fid != st.session_state.get("_last_map_fid"):
        st.session_state["selected_fid"] = click.fid  # a feature not clicked before
    elif click.point is not None and not data.in_strip(*click.point):
        st.session_state["selected_fid"] = None  # the sea or beyond: nothing selected
    elif click.fid:
        st.session_state["selected_fid"] = click.fid  # the same feature, again
    st.session_state["_last_map_fid"] = click.fid
    st.session_state["_last_map_click"] = click.point
    if click.point is not None:
        st.rerun()  # measure the new point (the panel above was drawn before the click)
dated.show_tables()
# Every layer whose features can be clicked, by layer key (see browser.features).
clickable = {"zones": data.zone_versions(), "outline": data.outline()}
clickable.update({key: data.reference_layer(key) for key in choice.references})
clickable[data.DATED_LINE_KEY] = data.version_line(version.id)
clickable[data.DRIFT_KEY] = data.drift_frame(version.id)
clickable.update({layer.key: layer.gdf for layer in shown})
clickable.update(change_layers_lookup(changes))
clickable.update(dated.lookup)
with side_col:
    with st.container(key="details_box"):  # on narrow screens: under the event
        details_panel(lookup_feature(clickable, st.session_state.get("selected_fid")))
    inset_map(event)  # only while an event beyond Gaza is selected
    with st.container(key="event_box"):  # on narrow screens: first under the map
        step_buttons()
        event_details(event)

stats_table(
    area_by_category(zones, strip_km2) if replacing else bundled_areas(version.id),
    title=t("stats.heading_file")
    if replacing
    else t("stats.heading_on", version=version_label(version)),
    held=held,
    reported=reported_text(data.reported_shares(), shown_date.day),
)
held_over_time(shown_date.day)
municipalities_table(data.municipality_sides(version.id))
downloads(zones, map_layers(map_state), caption)  # the download: only the layers shown
sources_expander()
