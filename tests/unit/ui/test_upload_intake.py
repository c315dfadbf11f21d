"""dashboard.ui.upload_intake: the same content uploaded twice is named, not read again."""

from __future__ import annotations

from dashboard.ui.upload_intake import UserLayer, duplicate_of


def test_a_second_upload_of_the_same_content_points_at_the_first():
    first = UserLayer(key="u1", filename="areas.geojson", origin="upload", digest="abc")
    repeat = UserLayer(
        key="u2", filename="areas (1).geojson", origin="upload", digest="abc", duplicate_of="u1"
    )
    dropin = UserLayer(key="d1", filename="areas.geojson", origin="drop-in", digest="abc")
    layers = {"d1": dropin, "u1": first, "u2": repeat}
    assert duplicate_of("abc", layers) == "u1"  # the upload, not the drop-in or the repeat
    assert duplicate_of("other", layers) is None
    assert duplicate_of("abc", {"u2": repeat}) is None


def test_a_repeated_upload_opens_its_panel_to_say_so():
    layer = UserLayer(key="u2", filename="a.geojson", origin="upload", duplicate_of="u1")
    layer.settle_expanded()
    assert layer.expanded
