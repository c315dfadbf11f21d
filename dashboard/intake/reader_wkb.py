"""The WKB a reader gave for a layer's geometries, kept while it still describes them.

GDAL hands a GeoJSON's geometries over as WKB (:mod:`dashboard.intake.geojson_stream`);
the checks turn it into geometries, and the read worker used to turn them back into WKB
to send the layer to the app (0.15-0.2 s on 50,000 polygons). When the checks changed
nothing (no row dropped, reprojected, swapped or repaired: the same geometry objects in
the same order), the reader's own WKB is sent instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa


@dataclass(frozen=True)
class ReaderWkb:
    """``wkb[i]`` is exactly ``geometries[i]`` (made from it, nothing fixed on the way).

    The geometries are held here: while they live, no other object can take their
    identities, so an object found at the same place is the same geometry.
    """

    geometries: np.ndarray
    wkb: pa.ChunkedArray

    def describing(self, geometries: np.ndarray) -> pa.Array | None:
        """The WKB of ``geometries`` when they are this reader's own, in its order;
        else None (something changed them: the caller encodes them itself)."""
        if len(geometries) != len(self.geometries) or len(geometries) == 0:
            return None
        now = np.fromiter(map(id, geometries), dtype=np.uint64, count=len(geometries))
        read = np.fromiter(map(id, self.geometries), dtype=np.uint64, count=len(geometries))
        if not np.array_equal(now, read):
            return None
        return self.wkb.combine_chunks()
