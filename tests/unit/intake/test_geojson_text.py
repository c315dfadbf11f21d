"""dashboard.intake.geojson_text: GeoJSON text judged before GDAL reads it."""

from __future__ import annotations

import pytest

from dashboard.intake.geojson_text import check_geojson_text, count_in_file
from dashboard.messages import GeodataError


@pytest.mark.parametrize("chunk", [1, 2, 5, 9, 10, 64])
def test_features_counted_in_chunks_as_in_one_piece(tmp_path, chunk):
    text = b'{"type":"Feature"Feature"},"Feature","Featur' + b'"Feature"' * 7 + b'x"Feature'
    path = tmp_path / "f.geojson"
    path.write_bytes(text)
    assert count_in_file(path, b'"Feature"', chunk=chunk) == text.count(b'"Feature"')


def test_a_collection_without_features_is_named():
    with pytest.raises(GeodataError, match="no features"):
        check_geojson_text(b'{"type": "FeatureCollection", "features": []}', "f.geojson")
