"""bench/wire_bytes.py's pure helper: which responses weigh most on the wire."""

from bench.wire_bytes import largest


def test_largest_ranks_responses_by_bytes_and_names_them_by_path() -> None:
    sizes = {
        "http://127.0.0.1:1/static/media/font.woff2?v=1": 300 * 1024,
        "http://127.0.0.1:1/static/js/index.js": 100 * 1024,
        "http://127.0.0.1:1/": 2048,
    }
    assert largest(sizes, count=2) == [
        ("/static/media/font.woff2", 300.0),
        ("/static/js/index.js", 100.0),
    ]
