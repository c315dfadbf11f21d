"""dashboard.config: the constants agree with one another."""

from __future__ import annotations

from dashboard import config


def test_every_category_has_a_colour_and_a_label():
    assert set(config.ZONE_COLOURS) == set(config.ZONE_LABELS) == set(config.ZONE_CATEGORIES)
    assert len(set(config.ZONE_COLOURS.values())) == len(config.ZONE_CATEGORIES)
    assert config.NEUTRAL_COLOUR not in config.ZONE_COLOURS.values()


def test_views_and_bounds():
    west, south, east, north = config.GAZA_BOUNDS
    view_w, view_s, view_e, view_n = config.GAZA_VIEW
    assert view_w <= west and view_s <= south and east <= view_e and north <= view_n
    lat, lon = config.GAZA_CENTER
    assert west < lon < east and south < lat < north


def test_limits_are_consistent():
    assert config.MAX_UPLOAD_BYTES == config.MAX_UPLOAD_MB * 1024 * 1024
    assert config.MAX_UNZIPPED_BYTES == config.MAX_UPLOAD_BYTES
    assert config.MAX_LAYER_PAYLOAD_BYTES <= config.MAX_PAGE_PAYLOAD_BYTES


def test_paths():
    assert config.GEODATA_DIR.is_dir() and (config.GEODATA_DIR / "zones.geojson").is_file()
    assert config.VENDOR_DIR.is_relative_to(config.STATIC_DIR)


def test_the_venue_inset_shows_sharm():
    west, south, east, north = config.SHARM_VIEW
    lat, lon = config.SHARM_CENTER
    assert west < lon < east and south < lat < north


def test_the_withdrawal_zone_is_not_drawn_in_a_sea_like_blue():
    # Beside the sea (SEA_COLOUR), a blue withdrawal zone read as more sea.
    import colorsys

    from dashboard.config import SEA_COLOUR, ZONE_COLOURS

    def hue(colour: str) -> float:
        r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        return colorsys.rgb_to_hsv(r, g, b)[0] * 360

    sea = hue(SEA_COLOUR)
    assert 180 <= sea <= 250  # the sea is blue
    assert not 170 <= hue(ZONE_COLOURS["withdrawal"]) <= 260
