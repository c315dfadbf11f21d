"""dashboard.zones.geometry_threads: shapely's functions a part per thread."""

from __future__ import annotations

import threading

import numpy as np
import shapely

from dashboard.zones import geometry_threads
from dashboard.zones.geometry_threads import MIN_PART, in_parts, later


def squares(n: int) -> np.ndarray:
    return shapely.box(np.arange(n), 0, np.arange(n) + 1 + np.arange(n) % 3, 1)


def test_parts_give_the_whole_array_s_result_in_its_order():
    geoms = squares(3 * MIN_PART + 7)
    geoms[5] = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])  # a bow-tie: invalid
    assert np.array_equal(in_parts(shapely.is_valid, geoms), shapely.is_valid(geoms))
    assert not in_parts(shapely.is_valid, geoms)[5]
    areas = in_parts(shapely.area, geoms)
    assert np.array_equal(areas, shapely.area(geoms))


def test_keyword_arguments_reach_every_part():
    geoms = squares(2 * MIN_PART)
    out = in_parts(shapely.simplify, geoms, 0.5, preserve_topology=False)
    assert shapely.equals(out, shapely.simplify(geoms, 0.5, preserve_topology=False)).all()


def test_a_long_array_is_split_across_threads_and_a_short_one_is_not(monkeypatch):
    seen: list[tuple[str, int]] = []

    def record(part: np.ndarray) -> np.ndarray:
        seen.append((threading.current_thread().name, len(part)))
        return shapely.is_valid(part)

    monkeypatch.setattr(geometry_threads, "HELPERS", 1)
    in_parts(record, squares(MIN_PART))
    assert seen == [(threading.current_thread().name, MIN_PART)]
    seen.clear()
    in_parts(record, squares(2 * MIN_PART))
    assert sorted(n for _, n in seen) == [MIN_PART, MIN_PART]
    assert any(name.startswith("geometry") for name, _ in seen)


def test_later_runs_the_call_on_the_pool():
    future = later(lambda a, b=0: (threading.current_thread().name, a + b), 1, b=2)
    name, total = future.result()
    assert total == 3 and name.startswith("geometry")
