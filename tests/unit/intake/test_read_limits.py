"""dashboard.intake.read_limits: a file's size and feature count against the limits."""

from __future__ import annotations

import pytest

from dashboard.intake.read_limits import Limits, check_feature_count, check_size
from dashboard.messages import GeodataError


def test_a_file_too_large_or_empty_is_refused():
    with pytest.raises(GeodataError, match="over the limit"):
        check_size(b"x" * 11, "f.geojson", Limits(max_bytes=10))
    with pytest.raises(GeodataError, match="empty"):
        check_size(b"", "f.geojson", Limits())
    check_size(b"x" * 10, "f.geojson", Limits(max_bytes=10))


def test_too_many_features_are_refused():
    check_feature_count(5, "f.geojson", Limits(max_features=5))
    with pytest.raises(GeodataError, match="6"):
        check_feature_count(6, "f.geojson", Limits(max_features=5))
