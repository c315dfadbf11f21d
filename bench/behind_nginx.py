"""One app process with the deployment's nginx in front, for the benchmarks that measure
what a reader gets through it (bench/wire_bytes.py, bench/slow_link.py, bench/readers.py).

nginx runs with deploy/nginx.conf.template as rendered by tools/nginx_proxy.py, from
``bench/out/nginx/``, as a child of the benchmark; both end with the ``with`` block.
"""

from __future__ import annotations

import ssl
import subprocess
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
    reachable_icon_dir,
    reachable_temp_dir,
    start_proxy,
    stop_proxy,
    tls_config,
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


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for localhost and its key, made with openssl (a day's validity)."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=DNS:localhost"],
        check=True,
        capture_output=True,
    )
    return cert, key


@contextmanager
def behind_nginx(app_log: str, *, tls: bool = False) -> Iterator[Deployment]:
    """Start the app (its output in ``bench/out/APP_LOG``) and nginx in front of it.

    With ``tls``, nginx runs the template's documented TLS servers (HTTPS and HTTP/2,
    :func:`tools.nginx_proxy.tls_config`) with a self-signed certificate for localhost:
    the browser must be told to accept it (``ignore_https_errors``).
    """
    OUT.mkdir(parents=True, exist_ok=True)
    edit = None
    if tls:
        cert, key = self_signed(OUT / "nginx" / "tls")
        http_listen = f"127.0.0.1:{free_port()}"

        def edit(conf: str) -> str:
            return tls_config(conf, cert, key, http_listen=http_listen)

    app, app_url = start_app(OUT / app_log)
    log = OUT / "nginx" / "nginx-access.log"
    log.unlink(missing_ok=True)
    settings = ProxySettings(
        run_dir=OUT / "nginx",
        listen=f"127.0.0.1:{free_port()}",
        upstreams=(app_url.removeprefix("http://"),),
    )
    try:
        reachable = replace(
            settings,
            temp_dir=reachable_temp_dir(settings),
            icon_dir=reachable_icon_dir(settings),
        )
        proxy = start_proxy(reachable, edit)
    except BaseException:
        stop_app(app)
        raise
    try:
        port = settings.listen.rpartition(":")[2]
        url = f"https://localhost:{port}" if tls else f"http://{settings.listen}"
        yield Deployment(app.pid, app_url, url, log)
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
            unchecked = ssl._create_unverified_context()  # the bench's self-signed certificate
            with urllib.request.urlopen(deployment.url + LIGHT_PATH, context=unchecked) as response:
                if response.read() == index.read_bytes():
                    return
        time.sleep(0.5)
    raise RuntimeError(f"the app did not publish the light page into {LIGHT_DIR}")
