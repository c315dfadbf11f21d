"""The map's view in the address: what a link may carry, and the script that writes it."""

from __future__ import annotations

import folium
import pytest

from dashboard.browser.view_link import VIEW_PARAM, ViewInAddress, parse_view


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31.5,34.45,12", (31.5, 34.45, 12.0)),
        ("31.5123,34.4567,13.25", (31.5123, 34.4567, 13.25)),
        ("31.5,34.45,30", (31.5, 34.45, 18.0)),  # clamped to the map's own zoom limits
        ("31.5,34.45,1", (31.5, 34.45, 5.0)),
    ],
)
def test_a_view_is_read_from_the_address(text, expected):
    assert parse_view(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "31.5,34.45",
        "a,b,c",
        "31.5,34.45,12,1",
        "NaN,34,12",
        "31,inf,12",
        "91,34,12",
        "31,181,12",
        "1e999,34,12",
    ],
)
def test_a_malformed_view_is_ignored(text):
    assert parse_view(text) is None


def test_the_script_writes_the_view_only_inside_the_app():
    fmap = folium.Map(tiles=None)
    ViewInAddress().add_to(fmap)
    html = fmap.get_root().render()
    assert f'"{VIEW_PARAM}"' in html
    # A downloaded map (no component frame around it) writes nothing.
    assert 'location.pathname.indexOf("/component/") < 0' in html
    assert "history.replaceState" in html
