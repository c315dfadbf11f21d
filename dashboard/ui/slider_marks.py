"""The marks on the date slider: which days begin a version of the line, and which days
have events in the timeline, told apart (numbered ticks; dots) and explained in a caption
beside them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from streamlit.delta_generator import DeltaGenerator

from dashboard.browser.escaping import escape_text
from dashboard.config import INK_COLOUR
from dashboard.ui.i18n import format_day, t
from dashboard.ui.timeline import timeline

# The marks on the slider. A tick across the track on each version's first day, numbered
# under the track (ticks closer than LABEL_GAP of the span share one label, "4,5"); a dot
# under the track on each day with events in the timeline. The thumb's centre runs from
# MARKS_INSET_PX inside the slider's left edge to as far inside its right edge, and the
# track lies MARKS_LIFT above the element that follows the slider. Only positions and
# labels go into the HTML: the labels are escaped, the style is ours.
MARKS_INSET_PX = 6
MARKS_LIFT = "calc(-2.05rem - 10px)"
LABEL_GAP = 0.03
EVENT_DOT_COLOUR = "#6b7280"
MARKS_CSS = f"""<style>
[data-testid="stElementContainer"]:has(.gcm-version-marks) {{ margin-bottom: -1.3rem; }}
.gcm-version-marks, .gcm-day-marks {{ position: relative; pointer-events: none;
  margin: 0 {MARKS_INSET_PX}px; }}
.gcm-version-marks {{ height: 12px; margin-top: {MARKS_LIFT}; }}
.gcm-version-marks span {{ position: absolute; top: 0; width: 2px; height: 12px;
  margin-left: -1px; background: {INK_COLOUR}; opacity: .8; border-radius: 1px; }}
.gcm-day-marks {{ height: 17px; margin-top: 2px; }}
.gcm-day-marks i {{ position: absolute; top: 0; width: 5px; height: 5px; margin-left: -2.5px;
  border-radius: 50%; background: {EVENT_DOT_COLOUR}; }}
.gcm-day-marks b {{ position: absolute; top: 5px; transform: translateX(-50%);
  font: 600 10px/1.2 system-ui, sans-serif; color: {INK_COLOUR}; white-space: nowrap; }}
.gcm-day-marks small {{ position: absolute; top: 5px; right: 0; white-space: nowrap;
  font: 10px/1.2 system-ui, sans-serif; color: {EVENT_DOT_COLOUR}; text-align: right;
  pointer-events: auto; cursor: help; }}
</style>"""


def _position(day: dt.date, days: Sequence[dt.date]) -> float:
    """Where ``day`` lies along a slider over ``days``, in % of its width."""
    return 100 * (day - days[0]).days / max((days[-1] - days[0]).days, 1)


def tick_labels(starts: Sequence[dt.date], days: Sequence[dt.date]) -> list[tuple[dt.date, str]]:
    """The numbers under the versions' ticks (1 for the first version): ticks closer than
    :data:`LABEL_GAP` of the slider's span share one label at the first of them."""
    labels: list[tuple[dt.date, list[int]]] = []
    gap = LABEL_GAP * max((days[-1] - days[0]).days, 1)
    for number, day in enumerate(starts, start=1):
        if labels and (day - labels[-1][0]).days < gap:
            labels[-1][1].append(number)
        else:
            labels.append((day, [number]))
    return [(day, ",".join(map(str, numbers))) for day, numbers in labels]


def marks_html(
    days: Sequence[dt.date],
    starts: Sequence[dt.date],
    label: str,
    event_days: Sequence[dt.date] = (),
    event_label: str = "",
    key: str = "",
    key_title: str = "",
) -> str:
    """The numbered ticks of ``starts`` along a slider running over ``days`` (left to
    right, as the slider keeps left-to-right layout in every language) and a dot under it
    on each of ``event_days``, described by ``label`` and ``event_label``; ``key`` says
    which mark is which, at the right end of the numbers' row (``key_title`` on hover)."""
    starts = [day for day in starts if days[0] <= day <= days[-1]]
    ticks = "".join(f'<span style="left:{_position(day, days):.3f}%"></span>' for day in starts)
    dots = "".join(
        f'<i style="left:{_position(day, days):.3f}%"></i>'
        for day in sorted(set(event_days))
        if days[0] <= day <= days[-1]
    )
    numbers = "".join(
        f'<b style="left:{_position(day, days):.3f}%">{escape_text(text)}</b>'
        for day, text in tick_labels(starts, days)
    )
    return (
        f'{MARKS_CSS}<div dir="ltr"><div class="gcm-version-marks" role="img" '
        f'aria-label="{escape_text(label)}" title="{escape_text(label)}">{ticks}</div>'
        f'<div class="gcm-day-marks" role="img" aria-label="{escape_text(event_label)}" '
        f'title="{escape_text(event_label)}">{dots}{numbers}'
        f'<small dir="auto" title="{escape_text(key_title)}">{escape_text(key)}</small></div></div>'
    )


def version_marks(
    place: DeltaGenerator, starts: Sequence[dt.date], days: Sequence[dt.date], lang: str
) -> None:
    """Mark on the slider the first days of the versions on the ground, ``starts``
    (numbered), and the days with events in the timeline (dots), and say which is which
    (the versions' days on hover)."""
    separator = t("list.separator")
    label = t("dates.marks", days=separator.join(format_day(d, lang) for d in starts))
    event_days = sorted({e.start.date() for e in timeline().events})
    shown = [d for d in event_days if days[0] <= d <= days[-1]]
    event_label = t("dates.event_marks", days=separator.join(format_day(d, lang) for d in shown))
    numbered = separator.join(f"{n}: {format_day(d, lang)}" for n, d in enumerate(starts, start=1))
    # The caption that tells the marks apart sits in the marks' own row: a line of its own
    # under the slider pushed the map below the first screen.
    key = t("dates.marks_caption", count=len(starts))
    place.html(marks_html(days, starts, label, event_days, event_label, key, numbered))
