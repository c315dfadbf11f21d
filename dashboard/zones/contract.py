"""Where zone data is validated: the properties every zone feature must carry.

The contract is documented in ``geodata/README.md``. The bundled zones must pass
it completely; an uploaded file that replaces them must at least carry a valid
``zone`` on its polygonal features (the page fills in what is missing and says so).
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import shapely

from dashboard.config import CONFIDENCE_LEVELS, ZONE_CATEGORIES

REQUIRED_ZONE_PROPERTIES: tuple[str, ...] = (
    "zone",
    "name",
    "phase",
    "description",
    "source",
    "as_of",
    "confidence",
)


class ZoneDataError(ValueError):
    """Zone data that breaks the contract; the message lists every problem found."""


def _label(gdf: gpd.GeoDataFrame, index: object) -> str:
    name = gdf.at[index, "name"] if "name" in gdf.columns else None
    return f"feature {index} ('{name}')" if isinstance(name, str) and name else f"feature {index}"


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def zone_problems(gdf: gpd.GeoDataFrame, source_name: str) -> list[str]:
    """List every way ``gdf`` breaks the zone contract (empty when it complies).

    Parameters
    ----------
    gdf : GeoDataFrame
        Zone features in EPSG:4326.
    source_name : str
        The file name, used in the messages.

    Returns
    -------
    list of str
        One message per problem, naming the file, the feature and what to fix.
    """
    problems: list[str] = []
    missing = [c for c in REQUIRED_ZONE_PROPERTIES if c not in gdf.columns]
    if missing:
        problems.append(
            f"{source_name}: missing properties {', '.join(missing)}; every zone feature needs "
            f"{', '.join(REQUIRED_ZONE_PROPERTIES)}."
        )
        return problems
    if gdf.empty:
        return [f"{source_name}: the file has no zone features."]
    for index, row in gdf.iterrows():
        where = f"{source_name}, {_label(gdf, index)}"
        if row["zone"] not in ZONE_CATEGORIES:
            problems.append(
                f"{where}: zone '{row['zone']}' is not one of {', '.join(ZONE_CATEGORIES)}."
            )
        if row["confidence"] not in CONFIDENCE_LEVELS:
            problems.append(
                f"{where}: confidence '{row['confidence']}' is not one of "
                f"{', '.join(CONFIDENCE_LEVELS)}."
            )
        if not _is_iso_date(row["as_of"]):
            problems.append(f"{where}: as_of '{row['as_of']}' is not an ISO date (YYYY-MM-DD).")
        for column in ("name", "phase", "description", "source"):
            if not isinstance(row[column], str) or not row[column].strip():
                problems.append(f"{where}: '{column}' is empty.")
        geom = row.geometry
        if geom is None or geom.is_empty:
            problems.append(f"{where}: the feature has no geometry.")
        elif geom.geom_type not in ("Polygon", "MultiPolygon"):
            problems.append(f"{where}: a zone must be a polygon, not a {geom.geom_type}.")
        elif not geom.is_valid:
            problems.append(f"{where}: invalid geometry ({shapely.is_valid_reason(geom)}).")
    return problems


def check_zones(gdf: gpd.GeoDataFrame, source_name: str) -> gpd.GeoDataFrame:
    """Return ``gdf`` unchanged if it satisfies the zone contract.

    Raises
    ------
    ZoneDataError
        Listing every problem, if any.
    """
    problems = zone_problems(gdf, source_name)
    if problems:
        raise ZoneDataError("\n".join(problems))
    return gdf
