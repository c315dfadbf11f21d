"""Compare two dates on the page (AppTest): the version in force on each named, the km² the
held side gained and lost, the earlier line and the changed areas on the map, and "no
change" said plainly for two dates in one version."""

from __future__ import annotations

import datetime as dt
import re

from dashboard.messages import without_isolates
from tests.app.conftest import drawn_features, map_components


def _compare(at, earlier: dt.date, later: dt.date):
    at.query_params["at"] = later.isoformat()
    at.run()
    at.toggle(key="cmp_show").set_value(True).run()
    at.date_input(key="cmp_from").set_value(earlier).run()
    assert not at.exception
    return at


def _said(at) -> str:
    """Everything the page says in Markdown and captions, as read (escapes taken out)."""
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    texts += [i.value for i in at.info]
    return "\n".join(texts).replace("\\", "")


def test_two_dates_are_named_with_their_versions_and_the_km2_changed(app_test):
    at = _compare(app_test, dt.date(2026, 1, 10), dt.date(2026, 4, 15))
    said = _said(at)
    # Each date names the version in force on it, and no label repeats its date.
    assert "10 Jan 2026 → version of 5 Jan 2026 (advances in Tuffah, Shujaiya and Zeitoun)" in said
    assert "15 Apr 2026 → version of 15 Mar 2026 (orange restricted zone)" in said
    named = [line for line in said.splitlines() if "→ version of" in line]
    assert len(named) == 2 and all(len(re.findall(r"\b20\d\d\b", n)) == 2 for n in named)
    # The orange zone (about 40 km²) came into the held side; nothing left it.
    held = next(line for line in said.splitlines() if "gained" in line)
    gained, lost = (float(n) for n in re.findall(r"(?:gained|lost) ≈ ([\d.]+) km²", held))
    assert 35 <= gained <= 45
    assert lost == 0
    # The later date is the map's: the date control shows it.
    assert at.select_slider(key="zone_date").value == dt.date(2026, 4, 15)
    # The map draws the earlier line (dashed) and the changed areas.
    script = map_components(at)[0]["feature_group"]
    assert '"earlier_line"' in script and '"10 7"' in script
    changed = [
        f for f in drawn_features(script) if f["properties"].get("fid", "").startswith("dates-")
    ]
    # The orange restricted zone, added in March 2026, keeps its own colour (its kind).
    assert [f["properties"]["kind"] for f in changed] == ["orange"]
    assert changed[0]["properties"]["name"] == (
        "Israeli withdrawal (handed back) → "
        "Orange restricted zone (beyond the line, from March 2026)"
    )
    # Below the map: the table of the two dates and the chart of the km² per version.
    assert any("Compare 10 Jan 2026 and 15 Apr 2026" in s.value for s in at.subheader)
    table = next(d.value for d in at.dataframe if "Change (km²)" in d.value.columns)
    assert "10 Jan 2026 (km²)" in table.columns and "15 Apr 2026 (km²)" in table.columns


def test_two_dates_in_one_version_say_no_change_plainly(app_test):
    at = _compare(app_test, dt.date(2025, 10, 20), dt.date(2025, 11, 1))
    said = _said(at)
    assert "No change: 20 Oct 2025 and 1 Nov 2025 fall in the same version" in said
    assert "Between the two dates" not in said
    script = map_components(at)[0]["feature_group"]
    assert '"earlier_line"' not in script and "dates-changes:" not in script


def test_changing_the_later_date_moves_the_map(app_test):
    at = _compare(app_test, dt.date(2025, 10, 12), dt.date(2026, 4, 15))
    at.date_input(key="cmp_to").set_value(dt.date(2025, 12, 1)).run()
    assert not at.exception
    assert at.select_slider(key="zone_date").value == dt.date(2025, 12, 1)
    assert "1 Dec 2025 → version of 20 Nov 2025" in _said(at)


def test_in_arabic_the_dates_and_versions_are_named_in_arabic(app_test):
    app_test.query_params["lang"] = "ar"
    at = _compare(app_test, dt.date(2026, 1, 10), dt.date(2026, 4, 15))
    said = without_isolates(_said(at))  # each name isolated in its own direction
    assert "15 أبريل 2026 ← نسخة 15 مارس 2026 (المنطقة البرتقالية المقيَّدة)" in said
    assert "10 يناير 2026 ← نسخة 5 يناير 2026" in said
    assert "كسب الجانب الخاضع لإسرائيل" in said
    assert any("المقارنة بين 10 يناير 2026 و15 أبريل 2026" in s.value for s in at.subheader)


def test_the_earlier_date_stays_before_the_maps_date(app_test):
    at = _compare(app_test, dt.date(2026, 1, 10), dt.date(2026, 4, 15))
    # The map moves to a day before the earlier date: that one goes back to the first day.
    at.select_slider(key="zone_date").set_value(dt.date(2025, 12, 1)).run()
    assert not at.exception
    assert at.date_input(key="cmp_from").value == dt.date(2025, 10, 10)
    assert at.date_input(key="cmp_to").value == dt.date(2025, 12, 1)
    assert "1 Dec 2025 → version of 20 Nov 2025" in _said(at)
