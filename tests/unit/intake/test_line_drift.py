"""dashboard.intake.line_drift: the bundled drift file is read, a broken one is named."""

from __future__ import annotations

import json

import pytest

from dashboard.intake.line_drift import LINE_DRIFT_FILE, LineDriftError, load_line_drift


def test_the_bundled_file_gives_the_reported_distances_and_sources():
    drift = load_line_drift()
    assert drift.confidence == "low"
    assert drift.warn_within_m == 1000
    assert drift.band_m == drift.furthest.metres == 940
    distances = {(r.where, r.metres) for r in drift.reports}
    assert ("near al-Atatra", 500) in distances
    assert ("Tuffah", 295) in distances and ("Tuffah", 200) in distances
    assert all(r.source and r.what_ar and r.where_ar for r in drift.reports)


@pytest.mark.parametrize(
    "document",
    [
        {"band_m": 940, "warn_within_m": 1000, "confidence": "low", "reports": []},
        {"band_m": 940, "warn_within_m": 1000, "confidence": "sure", "reports": None},
        {"warn_within_m": 1000, "confidence": "low", "reports": []},
    ],
)
def test_a_broken_file_is_refused_with_its_name(tmp_path, document):
    (tmp_path / LINE_DRIFT_FILE).write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(LineDriftError, match=LINE_DRIFT_FILE):
        load_line_drift(tmp_path)
