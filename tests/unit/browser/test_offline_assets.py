"""dashboard.browser.offline_assets: Leaflet served from the installed package."""

from __future__ import annotations

import folium

from dashboard.browser.offline_assets import (
    LEAFLET_CSS,
    LEAFLET_JS,
    install_leaflet,
    leaflet_source_dir,
    use_local_assets,
)


def test_install_leaflet_copies_the_library_once(tmp_path):
    target = install_leaflet(tmp_path)
    assert target == tmp_path / "leaflet"
    assert (target / "leaflet.js").stat().st_size > 100_000
    assert (target / "leaflet.css").exists()
    assert (target / "images" / "layers.png").exists()
    assert not list(target.rglob("*.map"))
    stamp = (target / "leaflet.js").stat().st_mtime_ns
    install_leaflet(tmp_path)  # idempotent: nothing copied again
    assert (target / "leaflet.js").stat().st_mtime_ns == stamp
    assert (leaflet_source_dir() / "leaflet.js").exists()


def test_use_local_assets_points_folium_at_the_served_files():
    use_local_assets()
    assert folium.Map.default_js == [("leaflet", LEAFLET_JS)]
    assert folium.Map.default_css == [("leaflet_css", LEAFLET_CSS)]
    assert LEAFLET_JS.startswith("/app/static/")
