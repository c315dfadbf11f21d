"""The held share over time and the ground beside the line (AppTest); both held figures in
the tables: tests/app/test_line_over_time.py."""

from __future__ import annotations

import json

from tests.app.conftest import type_in_selectbox, walk_elements


def vega_specs(at) -> list[dict]:
    """The Vega-Lite specs of the charts the script drew."""
    return [
        json.loads(e.proto.spec)
        for e in walk_elements(at._tree)
        if getattr(e, "type", None) == "vega_lite_chart"
    ]


def test_the_chart_of_the_held_share_marks_the_date_shown(app_test):
    at = app_test
    at.query_params["at"] = "2026-04-01"
    at.run()
    specs = vega_specs(at)
    assert len(specs) == 2  # shares, and deaths on the same time axis
    text = json.dumps(specs, ensure_ascii=False)
    assert "Mapped: with the orange restricted zone" in text
    assert "Reported: with the ground up to the blocks" in text
    assert "Newly killed" in text and "Date shown" in text


def test_the_chart_and_the_figures_in_arabic(app_test):
    at = app_test
    at.query_params["at"] = "2026-04-01"
    at.query_params["lang"] = "ar"
    at.run()
    assert not at.exception
    assert any("خلف الخط 56 %" in c.value for c in at.caption)  # the area table's caption
    assert "مرسوم: خلف الخط" in json.dumps(vega_specs(at), ensure_ascii=False)


def test_a_point_near_the_line_on_the_other_side_is_warned(app_test):
    at = app_test
    at.query_params["at"] = "2026-04-01"
    at.run()
    type_in_selectbox(at, "place_choice", "31.52, 34.47").run()
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "up to about 940 m beyond the mapped line" in warning
    assert "cannot say whether a place is safe" in warning


def test_the_drift_band_toggles_and_is_in_the_address(app_test):
    at = app_test.run()
    assert "drift" not in (at.query_params.get("layers") or "")
    at.checkbox(key="show_ref_drift").check().run()
    assert not at.exception
    assert "drift" in at.query_params["layers"].split(",")
    at.checkbox(key="show_ref_drift").uncheck().run()
    assert "drift" not in (at.query_params.get("layers") or "")
