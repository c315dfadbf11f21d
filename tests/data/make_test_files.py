"""Write the small test files of tests/data/: ``python tests/data/make_test_files.py``.

Each file exercises one kind of input, good or bad; tests/data/README.md lists them.
The zip bomb is not stored: tests build it in a temporary folder.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
from shapely.geometry import Point, box

HERE = Path(__file__).resolve().parent

# Two adjacent squares inside the Strip (near Deir al-Balah), and their zones.
WEST = box(34.33, 31.40, 34.35, 31.41)
EAST = box(34.35, 31.40, 34.37, 31.41)


def zones_frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "zone": ["withdrawal", "retained"],
            "name": ["West square", "East square"],
            "phase": ["phase-1", "phase-1"],
            "description": ["Test zone.", "Test zone."],
            "source": ["tests", "tests"],
            "as_of": ["2025-10-10", "2025-10-10"],
            "confidence": ["low", "low"],
        },
        geometry=[WEST, EAST],
        crs="EPSG:4326",
    )


def write_json(name: str, doc) -> None:
    (HERE / name).write_text(json.dumps(doc, indent=1), encoding="utf-8")


def feature(geometry: dict | None, **props) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def square(x: float, y: float, d: float = 0.01) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]],
    }


def main() -> None:
    zones = zones_frame()
    (HERE / "valid_zones.geojson").write_text(zones.to_json(drop_id=True), encoding="utf-8")

    # Good files in other formats and CRSs.
    zones.to_crs("EPSG:2039").to_file(HERE / "zones_israeli_grid.gpkg", driver="GPKG")
    two = HERE / "two_layers.gpkg"
    two.unlink(missing_ok=True)
    zones.to_file(two, layer="zones", driver="GPKG")
    gpd.GeoDataFrame(
        {"name": ["Gaza City"]}, geometry=[Point(34.4667, 31.5016)], crs="EPSG:4326"
    ).to_file(two, layer="towns", driver="GPKG")
    zones[["name", "geometry"]].to_file(HERE / "zones.kml", driver="KML")

    shp_dir = HERE / "_shp"
    shp_dir.mkdir(exist_ok=True)
    zones.rename(columns={"description": "descr"}).to_file(shp_dir / "zones.shp")
    with zipfile.ZipFile(HERE / "shapefile_in_subfolder.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for part in sorted(shp_dir.glob("zones.*")):
            zf.write(part, f"export/gaza/{part.name}")
    with zipfile.ZipFile(HERE / "shapefile_without_prj.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for part in sorted(shp_dir.glob("zones.*")):
            if part.suffix != ".prj":
                zf.write(part, part.name)
    for part in shp_dir.iterdir():
        part.unlink()
    shp_dir.rmdir()

    # No zone property: categories come from another property.
    plain = zones.drop(columns=["zone"]).assign(status=["handed back", "held"])
    (HERE / "no_zone_property.geojson").write_text(plain.to_json(drop_id=True), encoding="utf-8")
    unknown = zones.copy()
    unknown.loc[1, "zone"] = "annexed"
    (HERE / "unknown_zone_value.geojson").write_text(
        unknown.to_json(drop_id=True), encoding="utf-8"
    )

    # Bad JSON and bad GeoJSON.
    (HERE / "not_json.geojson").write_text("<html><body>Not found</body></html>\n")
    text = zones.to_json()
    (HERE / "truncated.geojson").write_text(text[: len(text) // 2])
    write_json("not_geojson.json", {"name": "a list of towns", "items": [1, 2, 3]})
    write_json("empty_collection.geojson", {"type": "FeatureCollection", "features": []})
    write_json(
        "no_geometry.geojson",
        {"type": "FeatureCollection", "features": [feature(None, name="a"), feature(None)]},
    )
    (HERE / "not_a_map.gpkg").write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with zipfile.ZipFile(HERE / "no_vector_layer.zip", "w") as zf:
        zf.writestr("readme.txt", "just text")
    (HERE / "corrupt.zip").write_bytes(b"PK\x03\x04" + b"\x13" * 300)
    # An "encrypted" entry: bit 0 of the general-purpose flags set in the local and central
    # headers, as password-protecting zip tools write it (the content is not really encrypted).
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("zones.geojson", zones.to_json())
    raw = bytearray(buffer.getvalue())
    raw[6] |= 0x1  # local file header flags
    central = raw.find(b"PK\x01\x02")
    raw[central + 8] |= 0x1  # central directory flags
    (HERE / "encrypted.zip").write_bytes(bytes(raw))

    # Coordinates and regions.
    metres = [feature(square(160000, 95000, 1000), name="in metres")]
    write_json("projected_no_crs.geojson", {"type": "FeatureCollection", "features": metres})
    swapped = [
        feature(
            {
                "type": "Polygon",
                "coordinates": [
                    [[y, x] for x, y in ring] for ring in square(34.35, 31.40)["coordinates"]
                ],
            },
            name="swapped",
        )
    ]
    write_json("swapped_axes.geojson", {"type": "FeatureCollection", "features": swapped})
    write_json(
        "other_country.geojson",
        {"type": "FeatureCollection", "features": [feature(square(2.30, 48.85), name="Paris")]},
    )

    # Geometry problems.
    bowtie = {
        "type": "Polygon",
        "coordinates": [
            [[34.40, 31.40], [34.42, 31.42], [34.42, 31.40], [34.40, 31.42], [34.40, 31.40]]
        ],
    }
    unclosed = {
        "type": "Polygon",
        "coordinates": [[[34.35, 31.45], [34.36, 31.45], [34.36, 31.46], [34.35, 31.46]]],
    }
    write_json(
        "self_intersecting.geojson",
        {
            "type": "FeatureCollection",
            "features": [
                feature(bowtie, name="Bow tie", zone="retained"),
                feature(square(34.30, 31.35), name="Fine", zone="withdrawal"),
            ],
        },
    )
    write_json(
        "unclosed_ring.geojson",
        {
            "type": "FeatureCollection",
            "features": [
                feature(unclosed, name="Open ring", zone="buffer"),
            ],
        },
    )
    write_json(
        "mixed_types.geojson",
        {
            "type": "FeatureCollection",
            "features": [
                feature(square(34.30, 31.35), name="Area", zone="retained", opened="2025-10-10"),
                feature(
                    {"type": "Point", "coordinates": [34.31, 31.36]},
                    name="Checkpoint",
                    zone=None,
                    opened=None,
                    count=3,
                ),
                feature(
                    {"type": "LineString", "coordinates": [[34.30, 31.35], [34.32, 31.37]]},
                    name="Road",
                    extra={"nested": [1, 2]},
                ),
            ],
        },
    )

    # Hostile text: HTML and script in values and in a property name.
    payload_img = "<img src=x onerror=\"document.title='pwned-img'\">"
    payload_script = "<script>document.title='pwned-script'</script>"
    write_json(
        "hostile.geojson",
        {
            "type": "FeatureCollection",
            "features": [
                feature(
                    square(34.36, 31.42, 0.02),
                    **{
                        "zone": "retained",
                        "name": f"Hostile {payload_img}",
                        "description": f"{payload_script} [link](javascript:alert(1)) ![i](http://x/y.png)",
                        "source": "{{7*7}} " + payload_img,
                        "as_of": "2025-10-10",
                        "confidence": "low",
                        payload_img: "key with markup",
                    },
                ),
            ],
        },
    )
    # Markdown in values and in a property name, no `zone`: the zone-mapping labels show them.
    markdown_values = [
        "![x](http://127.0.0.1:9/img.png)",
        "[click](http://evil.example)",
        ":red[red]",
        "www.evil.example",
        "https://evil.example/x",
        "mail@evil.example",
    ]
    write_json(
        "markdown_in_values.geojson",
        {
            "type": "FeatureCollection",
            "features": [
                feature(
                    square(34.33 + 0.01 * i, 31.40, 0.008),
                    **{
                        "status": value,
                        "name": f"Square {i + 1}",
                        "[key](https://evil.example/key)": value,
                    },
                )
                for i, value in enumerate(markdown_values)
            ],
        },
    )
    write_json("arcgis_ms_dates.geojson", arcgis_export())
    print("wrote test files to", HERE)


# 11 Apr 2025 12:06 UTC in milliseconds since 1970, as ArcGIS writes dates; then a day apart.
ARCGIS_FIRST_MS = 1_744_373_160_000
DAY_MS = 86_400_000


def arcgis_export(columns: int = 6, rows: int = 5) -> dict:
    """An ArcGIS-style export (like the IDF's evacuation areas or a UNOSAT grid): squares
    near Khan Younis whose dates are milliseconds since 1970 and whose whole numbers are
    floats (``118.0``), named in an upper-case ``NAME``, with a ``value`` to put in classes."""
    cells = []
    for i in range(columns * rows):
        x, y = 34.28 + 0.006 * (i % columns), 31.33 + 0.006 * (i // columns)
        cells.append(
            feature(
                square(x, y, 0.005),
                OBJECTID=i + 1,
                NAME=f"Block {118 + i}",
                Block=float(118 + i),
                EFFECTIVE_DATE=float(ARCGIS_FIRST_MS + DAY_MS * 10 * i),
                value=round(0.05 + 0.9 * ((i * 7) % 30) / 29, 3),
            )
        )
    return {"type": "FeatureCollection", "features": cells}


if __name__ == "__main__":
    main()
