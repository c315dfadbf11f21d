"""Readers at scale: the light page's loads per second through nginx against the
dashboard's first runs per second, on the same machine, one after the other.

    python bench/readers.py --repeat 3          # writes bench/out/readers.json

One app process with the deployment's nginx in front (bench/behind_nginx.py), on the
loopback address only. Two closed-loop load generators, each bounded in clients at once
(``--clients``), in time (``--seconds``) and in count (``--max-loads``), taking turns for
``--repeat`` rounds after one unmeasured round of each:

* **light page**: a page load is every file of the published light page (index.html, its
  styles, Leaflet, the data, its script, the timeline: the folder nginx serves from disk),
  fetched one after the other on one keep-alive HTTP/1.1 connection with
  ``Accept-Encoding: gzip``, each body read to its end; a short asyncio client (no
  browser: nothing is parsed or drawn);
* **dashboard**: a first run as bench/load.py's users do it (``GET /``, health,
  host-config, the websocket, a rerun until ``script_finished``: the header, the date
  control and the map); the frontend's scripts are not fetched, which favours the
  dashboard.

Each round gives loads (or runs) completed per second of the round and the 95th percentile
of their durations; the table shows the median of the rounds with their range, and the
ratio of the medians. The client runs on the same two cores as nginx and the app: for the
light page it is the bottleneck, so its rate is a lower bound of what nginx serves.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.behind_nginx import behind_nginx, wait_for_light_page  # noqa: E402
from bench.load import User, summarise, warm_up  # noqa: E402
from bench.machine import describe  # noqa: E402
from tools.nginx_proxy import LIGHT_DIR  # noqa: E402

OUT = REPO / "bench" / "out"
RESULTS = OUT / "readers.json"
LIGHT_PREFIX = "/app/static/light/"
STEP_TIMEOUT_S = 60.0
PAGE_SUFFIXES = (".html", ".js", ".css")


class BadResponse(Exception):
    pass


@dataclass
class Round:
    """One round of one generator: completed loads, failures, durations, its length."""

    done: int
    failed: int
    durations: list[float]
    seconds: float

    def figures(self) -> dict:
        return {
            "per_second": round(self.done / self.seconds, 2) if self.seconds else 0.0,
            "p95_s": summarise(self.durations).get("p95"),
            "done": self.done,
            "failed": self.failed,
        }


def light_paths(folder: Path = LIGHT_DIR) -> list[str]:
    """The URL path of every file a browser fetches for the published light page (its
    HTML, scripts and styles; not the gzip copies beside them), index.html first."""
    files = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.suffix in PAGE_SUFFIXES
    )
    files.sort(key=lambda name: name != "index.html")
    return [LIGHT_PREFIX + name for name in files]


def request_bytes(host: str, path: str) -> bytes:
    """A browser-like GET on a keep-alive connection, asking for gzip."""
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {host}",
        "Accept-Encoding: gzip",
        "Connection: keep-alive",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


async def read_response(reader: asyncio.StreamReader) -> tuple[int, int]:
    """Read one HTTP/1.1 response to its end: (status, body bytes), Content-Length or chunked."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name:
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        length = int(headers["content-length"])
        await reader.readexactly(length)
        return status, length
    if headers.get("transfer-encoding", "").lower() != "chunked":
        raise BadResponse(f"a response without its length: {lines[0]}")
    length = 0
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        await reader.readexactly(size + 2)  # the chunk and its CRLF
        length += size
        if size == 0:
            return status, length


async def load_light_page(host: str, port: int, paths: list[str]) -> None:
    """Every file of the light page on one connection; raises unless each is a 200."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        for path in paths:
            writer.write(request_bytes(f"{host}:{port}", path))
            status, _ = await read_response(reader)
            if status != 200:
                raise BadResponse(f"{path}: HTTP {status}")
    finally:
        writer.close()


async def dashboard_first_run(url: str, pool: ThreadPoolExecutor) -> None:
    user = User(0, url, pool, STEP_TIMEOUT_S)
    try:
        await user.connect()
        await user.rerun()
    finally:
        await user.close()


async def closed_loop(one, clients: int, seconds: float, max_loads: int) -> Round:
    """``clients`` loops calling ``one()`` until ``seconds`` have passed or ``max_loads``
    have started; the round lasts until the last load ends (each bounded by a time-out)."""
    started = 0
    durations: list[float] = []
    failures: list[str] = []
    start = time.monotonic()
    deadline = start + seconds

    async def client() -> None:
        nonlocal started
        while time.monotonic() < deadline and started < max_loads:
            started += 1
            began = time.monotonic()
            try:
                await asyncio.wait_for(one(), STEP_TIMEOUT_S)
                durations.append(time.monotonic() - began)
            except Exception as error:  # noqa: BLE001 - a failure is counted, not fatal
                failures.append(f"{type(error).__name__}: {error}")

    await asyncio.gather(*(client() for _ in range(clients)))
    if failures:
        print(f"{len(failures)} failed, e.g. {failures[0]}", file=sys.stderr)
    return Round(len(durations), len(failures), durations, time.monotonic() - start)


def spread(values: list[float]) -> dict:
    """Median, min, max and n of a figure over the rounds."""
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
        "n": len(values),
    }


def combine(rounds: list[dict]) -> dict:
    """The rounds of one generator: each figure's median and range over the rounds."""
    return {
        name: spread([r[name] for r in rounds if r[name] is not None])
        for name in ("per_second", "p95_s")
    } | {"done": sum(r["done"] for r in rounds), "failed": sum(r["failed"] for r in rounds)}


async def measure(args) -> dict:
    with behind_nginx("readers-app.log") as deployment:
        await warm_up([deployment.url], STEP_TIMEOUT_S)  # and the app publishes the light page
        wait_for_light_page(deployment)
        paths = light_paths()
        parts = urlsplit(deployment.url)
        pool = ThreadPoolExecutor(max_workers=args.dashboard_clients * 3 + 4)
        kinds = {
            "light": (
                lambda: load_light_page(parts.hostname, parts.port, paths),
                args.clients,
            ),
            "dashboard": (
                lambda: dashboard_first_run(deployment.url, pool),
                args.dashboard_clients,
            ),
        }
        rounds: dict[str, list[dict]] = {kind: [] for kind in kinds}
        try:
            for round_number in range(args.repeat + 1):  # the first round warms, not counted
                for kind, (one, clients) in kinds.items():
                    got = await closed_loop(one, clients, args.seconds, args.max_loads)
                    if round_number:
                        rounds[kind].append(got.figures())
                    print(f"{kind} round {round_number}: {got.figures()}", file=sys.stderr)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
    results = {kind: combine(got) for kind, got in rounds.items()}
    light, dashboard = results["light"]["per_second"], results["dashboard"]["per_second"]
    results["ratio"] = (
        round(light["median"] / dashboard["median"], 1) if dashboard["median"] else None
    )
    results["files_per_light_page"] = len(paths)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="measured rounds of each")
    parser.add_argument("--seconds", type=float, default=15.0, help="length of a round")
    parser.add_argument("--clients", type=int, default=32, help="light page clients at once")
    parser.add_argument("--dashboard-clients", type=int, default=4, help="dashboard clients")
    parser.add_argument("--max-loads", type=int, default=100_000, help="loads per round at most")
    args = parser.parse_args(argv)
    results = asyncio.run(measure(args))
    print("| through nginx, loopback | per second | 95th percentile |\n|---|---|---|")
    for kind, label in (
        ("light", "light page loads (all files)"),
        ("dashboard", "dashboard first runs"),
    ):
        rate, p95 = results[kind]["per_second"], results[kind]["p95_s"]
        print(
            f"| {label} | {rate['median']:g} ({rate['min']:g}–{rate['max']:g}, n={rate['n']})"
            f" | {p95['median']:g} s ({p95['min']:g}–{p95['max']:g}) |"
        )
    print(f"ratio of the medians: {results['ratio']}×")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    config = {k: getattr(args, k) for k in ("repeat", "seconds", "clients", "dashboard_clients")}
    machine = describe(("streamlit", "websockets"))
    RESULTS.write_text(json.dumps({"machine": machine, **config, "results": results}, indent=1))
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
