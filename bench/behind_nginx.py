"""One app process with the deployment's nginx in front, for the benchmarks that measure
what a reader gets through it (bench/wire_bytes.py, bench/slow_link.py, bench/readers.py).

nginx runs with deploy/nginx.conf.template as rendered by tools/nginx_proxy.py, from
``bench/out/nginx/``, as a child of the benchmark; both end with the ``with`` block.
"""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from tools.app_server import free_port, start_app, stop_app
from tools.nginx_proxy import (
    LIGHT_DIR,
    ProxySettings,
    reachable_temp_dir,
    start_proxy,
    stop_proxy,
)

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
LIGHT_PATH = "/app/static/light/index.html"
PUBLISH_SECONDS = 120


@dataclass(frozen=True)
class Deployment:
    app_pid: int
    app_url: str  # straight to the app
    url: str  # through nginx
    access_log: Path  # nginx's, this run's lines only


@contextmanager
def behind_nginx(app_log: str) -> Iterator[Deployment]:
    """Start the app (its output in ``bench/out/APP_LOG``) and nginx in front of it."""
    OUT.mkdir(parents=True, exist_ok=True)
    app, app_url = start_app(OUT / app_log)
    log = OUT / "nginx" / "nginx-access.log"
    log.unlink(missing_ok=True)
    settings = ProxySettings(
        run_dir=OUT / "nginx",
        listen=f"127.0.0.1:{free_port()}",
        upstreams=(app_url.removeprefix("http://"),),
    )
    try:
        proxy = start_proxy(replace(settings, temp_dir=reachable_temp_dir(settings)))
    except BaseException:
        stop_app(app)
        raise
    try:
        yield Deployment(app.pid, app_url, f"http://{settings.listen}", log)
    finally:
        stop_proxy(proxy)
        stop_app(app)


def wait_for_light_page(deployment: Deployment) -> None:
    """The app publishes the light page once a session has run (dashboard/ui/light_link.py):
    wait until nginx finds it on disk (a byte-for-byte answer from the folder)."""
    index = LIGHT_DIR / "index.html"
    deadline = time.monotonic() + PUBLISH_SECONDS
    while time.monotonic() < deadline:
        if index.exists() and (LIGHT_DIR / "timeline.js").exists():
            with urllib.request.urlopen(deployment.url + LIGHT_PATH) as response:
                if response.read() == index.read_bytes():
                    return
        time.sleep(0.5)
    raise RuntimeError(f"the app did not publish the light page into {LIGHT_DIR}")
