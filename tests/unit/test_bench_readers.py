"""bench/readers.py's pure parts: the light page's files, the HTTP reading, the bounds."""

from __future__ import annotations

import asyncio

import pytest

from bench.readers import (
    BadResponse,
    Round,
    closed_loop,
    combine,
    light_paths,
    read_response,
    request_bytes,
)


def stream(data: bytes) -> asyncio.StreamReader:
    """A reader holding ``data`` (made inside the running loop)."""
    reader = asyncio.StreamReader()
    reader.feed_data(data)
    reader.feed_eof()
    return reader


def test_every_file_of_the_published_folder_is_fetched_index_first(tmp_path):
    (tmp_path / "leaflet").mkdir()
    for name in ("data.js", "data.js.gz", "index.html", "leaflet/leaflet.js", "leaflet/LICENSE"):
        (tmp_path / name).write_text("x")
    assert light_paths(tmp_path) == [
        "/app/static/light/index.html",
        "/app/static/light/data.js",
        "/app/static/light/leaflet/leaflet.js",
    ]


def test_a_request_asks_for_gzip_on_a_kept_connection():
    text = request_bytes("127.0.0.1:8500", "/app/static/light/index.html").decode()
    assert text.startswith("GET /app/static/light/index.html HTTP/1.1\r\nHost: 127.0.0.1:8500\r\n")
    assert "Accept-Encoding: gzip\r\n" in text and text.endswith("\r\n\r\n")


def test_responses_are_read_to_their_end_whatever_their_framing():
    async def two() -> list[tuple[int, int]]:
        reader = stream(
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
            b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n"
        )
        return [await read_response(reader), await read_response(reader)]

    assert asyncio.run(two()) == [(200, 5), (404, 5)]


def test_a_response_without_a_length_is_refused():
    async def unframed() -> tuple[int, int]:
        return await read_response(stream(b"HTTP/1.1 200 OK\r\n\r\nbody"))

    with pytest.raises(BadResponse, match="without its length"):
        asyncio.run(unframed())


def test_the_load_generator_stops_at_its_count_and_counts_failures():
    calls = 0

    async def one() -> None:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0)
        if calls % 5 == 0:
            raise BadResponse("every fifth")

    got = asyncio.run(closed_loop(one, clients=4, seconds=60, max_loads=20))
    assert calls == 20 and (got.done, got.failed) == (16, 4)
    assert got.figures()["per_second"] > 0


def test_rounds_combine_into_medians_and_ranges():
    rounds = [Round(d, 0, [0.1, 0.2], 2.0).figures() for d in (10, 20, 40)]
    combined = combine(rounds)
    assert combined["per_second"] == {"median": 10.0, "min": 5.0, "max": 20.0, "n": 3}
    assert combined["done"] == 70 and combined["failed"] == 0
