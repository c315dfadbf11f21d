"""FlatGeobuf and GeoParquet uploads: read like the others, refused when they are not."""

from __future__ import annotations

import geopandas as gpd
import pytest

from dashboard.intake.user_files import LARGE_GEOJSON_BYTES, Limits, read_geodata
from dashboard.messages import GeodataError
from tests.conftest import DATA


@pytest.fixture
def zones() -> gpd.GeoDataFrame:
    return gpd.read_file(DATA / "valid_zones.geojson")


def test_a_flatgeobuf_file_is_read(zones, tmp_path):
    path = tmp_path / "zones.fgb"
    zones.to_file(path, driver="FlatGeobuf")
    loaded = read_geodata(path.read_bytes(), "zones.fgb")
    assert len(loaded.gdf) == len(zones)
    assert set(loaded.gdf["zone"]) == set(zones["zone"])


def test_a_geoparquet_file_is_read(zones, tmp_path):
    path = tmp_path / "zones.parquet"
    zones.to_parquet(path)
    loaded = read_geodata(path.read_bytes(), "zones.parquet")
    assert len(loaded.gdf) == len(zones)
    assert loaded.gdf.crs.to_epsg() == 4326


def test_parquet_without_geometry_metadata_is_refused(zones, tmp_path):
    path = tmp_path / "table.parquet"
    zones.drop(columns="geometry").to_parquet(path)
    with pytest.raises(GeodataError, match="no geometry metadata: it is not GeoParquet"):
        read_geodata(path.read_bytes(), "table.parquet")


def test_a_parquet_bomb_is_refused_before_it_is_decompressed(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "bomb.parquet"
    # 20 MB of distinct but compressible text (too many values for a dictionary).
    table = pa.table({"text": ["x" * 1000 + str(i) for i in range(20_000)]})
    pq.write_table(table, path, compression="zstd")
    assert path.stat().st_size < 100_000
    with pytest.raises(GeodataError, match="once decompressed, over the limit"):
        read_geodata(path.read_bytes(), "bomb.parquet", limits=Limits(max_unzipped_bytes=2**20))


@pytest.mark.parametrize("name", ["fake.fgb", "fake.parquet"])
def test_other_content_under_a_binary_name_is_refused(name):
    data = (DATA / "valid_zones.geojson").read_bytes()
    with pytest.raises(GeodataError, match="header is wrong"):
        read_geodata(data, name)


def test_a_large_geojson_gets_a_hint_about_binary_formats(zones, monkeypatch):
    import dashboard.intake.user_files as user_files

    monkeypatch.setattr(user_files, "LARGE_GEOJSON_BYTES", 100)
    loaded = read_geodata((DATA / "valid_zones.geojson").read_bytes(), "big.geojson")
    assert any("FlatGeobuf (.fgb) or GeoParquet" in m.text for m in loaded.messages)
    assert LARGE_GEOJSON_BYTES == 20 * 2**20
