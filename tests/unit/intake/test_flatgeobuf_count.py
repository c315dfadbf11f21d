"""A FlatGeobuf whose header counts fewer features than it holds is refused, not cut."""

from __future__ import annotations

import struct

import geopandas as gpd
import pytest
import shapely

from dashboard.intake.flatgeobuf_count import count_features, index_bytes
from dashboard.intake.user_files import read_geodata
from dashboard.messages import GeodataError


def _fgb(tmp_path, *, index: bool, features: int = 10):
    gdf = gpd.GeoDataFrame(
        {"n": list(range(features))},
        geometry=[shapely.Point(34.40 + i / 1000, 31.40) for i in range(features)],
        crs="EPSG:4326",
    )
    path = tmp_path / f"points_{index}.fgb"
    gdf.to_file(path, driver="FlatGeobuf", SPATIAL_INDEX="YES" if index else "NO")
    return path


def _undercount(path, count: int):
    """The same file with its header's features_count set to ``count``."""
    data = bytearray(path.read_bytes())
    table = 12 + struct.unpack_from("<I", data, 12)[0]
    vtable = table - struct.unpack_from("<i", data, table)[0]
    offset = struct.unpack_from("<H", data, vtable + 4 + 2 * 8)[0]
    struct.pack_into("<Q", data, table + offset, count)
    lying = path.with_name("lying.fgb")
    lying.write_bytes(bytes(data))
    return lying


@pytest.mark.parametrize("index", [True, False])
def test_an_honest_file_counts_what_it_holds(tmp_path, index):
    assert count_features(_fgb(tmp_path, index=index)) == (10, 10)


def test_a_header_that_undercounts_is_refused_with_both_counts(tmp_path):
    lying = _undercount(_fgb(tmp_path, index=False), 5)
    assert count_features(lying) == (5, 10)
    with pytest.raises(GeodataError, match="header counts 5 features, but it holds 10"):
        read_geodata(lying.read_bytes(), "lying.fgb")


def test_the_index_size_is_the_packed_r_tree_of_the_format():
    assert index_bytes(10, 16) == (10 + 1) * 40
    assert index_bytes(300, 16) == (300 + 19 + 2 + 1) * 40
    assert index_bytes(5, 0) == 0 and index_bytes(0, 16) == 0


def test_a_file_that_is_not_laid_out_as_a_flatgeobuf_is_left_to_gdal(tmp_path):
    path = tmp_path / "odd.fgb"
    path.write_bytes(b"fgb\x03fgb\x00" + struct.pack("<I", 3) + b"\x00")
    assert count_features(path) is None
