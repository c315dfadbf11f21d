"""What the reader already knows of a layer's geometries, kept while the layer holds them.

GDAL hands a GeoJSON's geometries over as WKB (:mod:`dashboard.intake.geojson_stream`),
which a thread turns into geometries, and checks for validity, while GDAL parses the next
features. Two later steps would otherwise do that work again on the whole layer:

- the validity check (:func:`~dashboard.intake.geometry_checks.clean_geometries`), 0.15-0.3
  s on 50,000 polygons;
- the read worker's reply, which encoded the geometries back into WKB (0.15-0.35 s).

They use what was found here when the layer still holds the reader's own geometries, the
same objects in the same order (nothing dropped, reprojected, swapped or repaired);
otherwise they compute it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pyarrow as pa


@dataclass(frozen=True)
class ReadGeometries:
    """``geometries`` as read, with each one's validity and, unless a ring had to be
    closed, the WKB it was made from (``wkb[i]`` is exactly ``geometries[i]``).

    The geometries are held here: while they live, no other object can take their
    identities, so an object found at the same place is the same geometry.
    """

    geometries: np.ndarray
    valid: np.ndarray
    wkb: pa.ChunkedArray | None

    @cached_property
    def _ids(self) -> np.ndarray:
        return _identities(self.geometries)

    def _same(self, geometries: np.ndarray) -> bool:
        if len(geometries) != len(self.geometries) or len(geometries) == 0:
            return False
        return bool(np.array_equal(_identities(geometries), self._ids))

    def validity(self, geometries: np.ndarray) -> np.ndarray | None:
        """Whether each of ``geometries`` is valid, when they are those read; else None."""
        return self.valid if self._same(geometries) else None

    def wkb_of(self, geometries: np.ndarray) -> pa.Array | None:
        """The WKB of ``geometries`` when they are those read and it describes them exactly;
        else None (the caller encodes them itself)."""
        if self.wkb is None or not self._same(geometries):
            return None
        return self.wkb.combine_chunks()


def _identities(geometries: np.ndarray) -> np.ndarray:
    return np.fromiter(map(id, geometries), dtype=np.uint64, count=len(geometries))
