"""Render ``deploy/nginx.conf.template``, check it with ``nginx -t`` and run nginx with it.

One renderer for every user of the template: ``scripts/serve-multi.sh`` calls
``python -m tools.nginx_proxy render …``; the tests and the benchmarks run a proxy of their
own in a temporary folder with :func:`start_proxy`. The template's placeholders are
``@NAME@``; a placeholder left without a value is an error, not an empty string.
"""

from __future__ import annotations

import argparse
import grp
import hashlib
import os
import pwd
import re
import shutil
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.config import MAX_UPLOAD_MB, STATIC_DIR
from tools.icon_font import icon_font, icon_url_path, write_icon_font

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "deploy" / "nginx.conf.template"
PLACEHOLDER = re.compile(r"@([A-Z_]+)@")
# The host names a proxy on loopback answers to (SERVER_NAME's default).
LOOPBACK_NAMES: tuple[str, ...] = ("localhost", "127.0.0.1")
# Clients the per-address limits leave alone by default: the load test and a TLS proxy on
# the same machine come from loopback, and every user behind such a proxy shares its address.
LOOPBACK_ADDRESSES: tuple[str, ...] = ("127.0.0.0/8", "::1")
STARTUP_SECONDS = 20
# Where upload bodies go when nginx's workers cannot reach the run folder (kept across
# reboots less than /tmp is cleaned; not named gazamap-*, which the app's start-up clears).
SPOOL_ROOT = Path("/var/tmp")
INDENT = " " * 8  # the placeholders' indentation inside the template's blocks
# Where the app publishes the light page at start-up (dashboard/ui/light_link.py): nginx
# serves it from there itself, so a reader of the light page costs no Python.
LIGHT_DIR = STATIC_DIR / "light"
# An upload request is the file plus its multipart framing.
MULTIPART_MB = 1


def default_max_body_mb() -> int:
    """The app's upload limit (``GAZA_MAP_MAX_UPLOAD_MB``) plus the multipart framing."""
    return MAX_UPLOAD_MB + MULTIPART_MB


@dataclass(frozen=True)
class ProxySettings:
    """What a rendered configuration needs to know.

    Attributes
    ----------
    run_dir : Path
        Folder for the pid file, logs and (if nginx's workers can reach it) temp files.
    listen : str
        ``address:port`` the proxy listens on.
    upstreams : tuple of str
        ``host:port`` of each app process.
    server_names : tuple of str
        Host names the app answers to; any other Host header gets no answer.
    max_body_mb : int
        Largest upload request body in MB (the app's limit plus the multipart framing).
    workers : int
        nginx worker processes.
    user : str or None
        The user nginx's workers run as (only when nginx is started as root).
    unlimited : tuple of str
        Client addresses or networks the per-address limits do not count.
    temp_dir : Path or None
        nginx's temp files (upload bodies over 1 MB); None: ``run_dir/tmp``. nginx's
        workers must be able to reach it (see :func:`reachable_temp_dir`).
    light_dir : Path
        The published light page, served by nginx at ``/app/static/light/`` (a file nginx
        cannot read there is asked of the app, which serves the same folder).
    icon_dir : Path or None
        Where the subset of Streamlit's icon font is written, under its own address
        (tools/icon_font.py); None: ``run_dir/icons``. nginx's workers must read it, or
        the app sends the whole font.
    """

    run_dir: Path
    listen: str
    upstreams: tuple[str, ...]
    server_names: tuple[str, ...] = LOOPBACK_NAMES
    max_body_mb: int = field(default_factory=default_max_body_mb)
    workers: int = 1
    user: str | None = None
    unlimited: tuple[str, ...] = LOOPBACK_ADDRESSES
    temp_dir: Path | None = None
    light_dir: Path = LIGHT_DIR
    icon_dir: Path | None = None


def icon_dir(settings: ProxySettings) -> Path:
    """The folder of the icon font's subset (``settings.icon_dir`` or ``run_dir/icons``)."""
    return settings.icon_dir or settings.run_dir / "icons"


def tile_hosts() -> tuple[str, ...]:
    """The CSP sources of the online base maps' tiles (``https://*.basemaps.cartocdn.com``).

    Read from the app's own list, so a base map added there is allowed here too.
    """
    from dashboard.browser.map_builder import TILE_LAYERS

    hosts = []
    for layer in TILE_LAYERS.values():
        parts = urlsplit(layer["tiles"].replace("{s}", "*"))
        source = f"{parts.scheme}://{parts.netloc}"
        if source not in hosts:
            hosts.append(source)
    return tuple(hosts)


def map_preloads() -> str:
    """The Link header of the map component's page: the Leaflet files the map's page loads
    (from the app's own list, so that the hint names what the map fetches)."""
    from dashboard.browser.offline_assets import LEAFLET_CSS, LEAFLET_JS

    return f"<{LEAFLET_JS}>; rel=preload; as=script, <{LEAFLET_CSS}>; rel=preload; as=style"


def template_values(settings: ProxySettings) -> dict[str, str]:
    """The value of each placeholder of the template for ``settings``."""
    if not settings.upstreams:
        raise ValueError("at least one app process (upstream) is needed")
    if not settings.server_names:
        raise ValueError("at least one server name is needed")
    return {
        "USER_LINE": _user_line(settings.user),
        "RUN_DIR": str(settings.run_dir),
        "TEMP_DIR": str(settings.temp_dir or settings.run_dir / "tmp"),
        "LISTEN": settings.listen,
        "SERVER_NAME": " ".join(settings.server_names),
        "UPSTREAMS": _lines(
            f"server {upstream} max_fails=3 fail_timeout=10s;" for upstream in settings.upstreams
        ),
        "MAX_BODY_MB": str(settings.max_body_mb),
        "WORKERS": str(settings.workers),
        "UNLIMITED": _lines(f"{address} 0;" for address in settings.unlimited),
        "TILE_HOSTS": " ".join(tile_hosts()),
        "LIGHT_DIR": str(settings.light_dir),
        "ICON_FONT_URI": icon_url_path(icon_font()),
        "ICON_FONT_ROOT": str(icon_dir(settings)),
        "MAP_PRELOADS": map_preloads(),
    }


def worker_user(settings: ProxySettings) -> str | None:
    """The user nginx's workers run as: ``settings.user``, nobody when nginx is started as
    root without one (nginx's default), or None when not root (they stay this user)."""
    if os.geteuid() != 0:
        return None
    return settings.user or "nobody"


def reachable_by(path: Path, user: str) -> bool:
    """Whether ``user`` may enter every folder from / down to ``path`` (search permission)."""
    entry = pwd.getpwnam(user)
    groups = {entry.pw_gid} | {g.gr_gid for g in grp.getgrall() if user in g.gr_mem}
    for folder in (path, *path.parents):
        info = folder.stat()
        if info.st_uid == entry.pw_uid:
            allowed = info.st_mode & stat.S_IXUSR
        elif info.st_gid in groups:
            allowed = info.st_mode & stat.S_IXGRP
        else:
            allowed = info.st_mode & stat.S_IXOTH
        if not allowed:
            return False
    return True


def _outside_if_unreachable(settings: ProxySettings, inside: Path, kind: str) -> Path | None:
    """None if nginx's workers can enter ``inside`` (made if missing); else a folder of
    ``SPOOL_ROOT`` named after ``kind`` and ``run_dir`` (the same one at every start)."""
    inside.mkdir(parents=True, exist_ok=True)
    user = worker_user(settings)
    if user is None or reachable_by(inside, user):
        return None
    digest = hashlib.sha256(str(settings.run_dir).encode()).hexdigest()[:12]
    return SPOOL_ROOT / f"nginx-{kind}-gazamap-{digest}"


def reachable_temp_dir(settings: ProxySettings) -> Path:
    """Where nginx can spool upload bodies: ``run_dir/tmp``, unless the workers cannot reach it.

    nginx (started as root) makes its temp folders and hands them to the workers' user, who
    must also be able to enter every folder above: from a repository under /root (mode
    700) they cannot. Then the files go to a folder of ``SPOOL_ROOT`` named after
    ``run_dir`` (the same one at every start), owned by the workers' user.
    """
    inside = settings.run_dir / "tmp"
    outside = _outside_if_unreachable(settings, inside, "spool")
    if outside is None:
        return inside
    outside.mkdir(mode=0o700, exist_ok=True)
    entry = pwd.getpwnam(worker_user(settings))
    os.chown(outside, entry.pw_uid, entry.pw_gid)
    return outside


def reachable_icon_dir(settings: ProxySettings) -> Path:
    """Where nginx's workers can read the icon font's subset: :func:`icon_dir`, unless they
    cannot reach it (a repository under /root); then a folder of ``SPOOL_ROOT`` they may
    read (written by this user)."""
    inside = icon_dir(settings)
    outside = _outside_if_unreachable(settings, inside, "icons")
    if outside is None:
        return inside
    outside.mkdir(mode=0o755, exist_ok=True)
    return outside


def _user_line(user: str | None) -> str:
    # nginx takes a group named like the user unless told: Debian's nobody is in nogroup.
    if not user:
        return ""
    group = grp.getgrgid(pwd.getpwnam(user).pw_gid).gr_name
    return f"user {user} {group};"


def _lines(lines: Iterable[str]) -> str:
    return "\n".join(INDENT + line for line in lines)


def render(template: str, values: Mapping[str, str]) -> str:
    """Replace every ``@NAME@`` of ``template`` by ``values[NAME]``.

    Raises
    ------
    KeyError
        If the template has a placeholder ``values`` has no value for.
    """
    missing = sorted(set(PLACEHOLDER.findall(template)) - set(values))
    if missing:
        raise KeyError(f"no value for the template's placeholder(s): {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def render_config(settings: ProxySettings, template: Path = TEMPLATE) -> str:
    """The nginx configuration for ``settings``, with a first line saying where it came from."""
    header = f"# Generated by tools/nginx_proxy.py from {template.name}: edit that.\n"
    return header + render(template.read_text(encoding="utf-8"), template_values(settings))


def write_config(settings: ProxySettings, out: Path | None = None) -> Path:
    """Render into ``out`` (default ``run_dir/nginx.conf``); make the temp folder and write
    the subset of Streamlit's icon font that nginx serves in place of the whole one."""
    settings.run_dir.mkdir(parents=True, exist_ok=True)
    (settings.temp_dir or settings.run_dir / "tmp").mkdir(exist_ok=True)
    write_icon_font(icon_dir(settings))
    out = out or settings.run_dir / "nginx.conf"
    out.write_text(render_config(settings), encoding="utf-8")
    return out


def tls_config(conf: str, cert: Path, key: Path, *, http_listen: str) -> str:
    """``conf`` (a rendered configuration) with its two plain servers replaced by the
    template's commented TLS servers, as deploy/README.md ("TLS") tells an operator to: the
    site's block gets everything of the plain one from ``limit_conn`` on, HTTPS (and
    HTTP/2) listens where the plain server did, the redirecting HTTP servers on
    ``http_listen``, the certificate is ``cert`` and ``key``.
    """
    listen = re.search(r"\n        listen (\S+) default_server;", conf).group(1)
    names = re.search(r"\n        server_name ((?!_;)[^;]+);", conf).group(1)
    app = conf[conf.index(f"server {{\n        listen {listen};") :]
    app = app[: app.index("\n    }\n") + 1]
    body = app[app.index("limit_conn gazamap_conns") :]
    lines = conf[conf.index("    # server {") :].splitlines()
    tls = "\n".join("    " + line[6:] for line in lines if line.startswith("    # "))
    tls = tls[: tls.rindex("}")] + body + "    }\n"
    tls = tls.replace("listen 443", f"listen {listen}").replace(
        "listen 80", f"listen {http_listen}"
    )
    tls = tls.replace("server_name map.example.org;", f"server_name {names};")
    tls = tls.replace("/etc/letsencrypt/live/map.example.org/fullchain.pem", str(cert))
    tls = tls.replace("/etc/letsencrypt/live/map.example.org/privkey.pem", str(key))
    return conf[: conf.index("    # Requests whose Host is none")] + tls + "}\n"


def nginx_executable() -> str:
    """The nginx program (Debian puts it in /usr/sbin, often not on a user's PATH).

    Raises
    ------
    RuntimeError
        If nginx is not installed, with the command that installs it.
    """
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        raise RuntimeError(
            "nginx is not installed: run `apt-get install -y nginx-light` "
            "(scripts/test.sh and scripts/serve-multi.sh do)."
        )
    return found


def _nginx_args(conf: Path, run_dir: Path) -> list[str]:
    # -p and -e keep nginx away from the system's /etc/nginx and /var/log/nginx.
    error_log = str(run_dir / "nginx-error.log")
    return [nginx_executable(), "-p", f"{run_dir}/", "-e", error_log, "-c", str(conf)]


def check_config(conf: Path, run_dir: Path) -> None:
    """Run ``nginx -t`` on ``conf``.

    Raises
    ------
    RuntimeError
        If nginx rejects it, with nginx's own explanation.
    """
    result = subprocess.run(
        [*_nginx_args(conf, run_dir), "-t", "-q"], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"nginx rejected {conf}:\n{result.stderr.strip()}")


def start_proxy(
    settings: ProxySettings, edit: Callable[[str], str] | None = None
) -> subprocess.Popen:
    """Render, check and run nginx in the foreground as a child of this process.

    ``edit``, if given, changes the rendered text first (:func:`tls_config`). Returns once
    the proxy accepts connections on ``settings.listen``; stop it with :func:`stop_proxy`.

    Raises
    ------
    RuntimeError
        If nginx rejects the configuration, exits, or does not listen in time.
    """
    conf = write_config(settings)
    if edit is not None:
        conf.write_text(edit(conf.read_text(encoding="utf-8")), encoding="utf-8")
    check_config(conf, settings.run_dir)
    proc = subprocess.Popen(
        [*_nginx_args(conf, settings.run_dir), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    host, _, port = settings.listen.rpartition(":")
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited; see {settings.run_dir / 'nginx-error.log'}")
        try:
            socket.create_connection((host, int(port)), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.1)
    stop_proxy(proc)
    raise RuntimeError(f"nginx did not listen on {settings.listen} within {STARTUP_SECONDS} s")


def stop_proxy(proc: subprocess.Popen) -> None:
    """Stop a proxy started by :func:`start_proxy` (fast shutdown; kill after 10 s)."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render deploy/nginx.conf.template.")
    commands = parser.add_subparsers(dest="command", required=True)
    cmd = commands.add_parser("render", help="write the configuration and check it (nginx -t)")
    cmd.add_argument("--run-dir", type=Path, required=True, help="pid, logs and temp files")
    cmd.add_argument("--listen", required=True, help="address:port of the proxy")
    cmd.add_argument("--upstream", action="append", required=True, help="host:port, repeated")
    cmd.add_argument("--server-name", default=" ".join(LOOPBACK_NAMES), help="space-separated")
    cmd.add_argument("--max-body-mb", type=int, default=default_max_body_mb())
    cmd.add_argument("--workers", type=int, default=1)
    cmd.add_argument("--user", default=None, help="user of nginx's workers (when root)")
    cmd.add_argument(
        "--unlimited",
        default=" ".join(LOOPBACK_ADDRESSES),
        help="space-separated addresses or networks the limits do not count ('' for none)",
    )
    cmd.add_argument("--out", type=Path, default=None, help="default: RUN_DIR/nginx.conf")
    cmd.add_argument("--temp-dir", type=Path, default=None, help="default: RUN_DIR/tmp")
    cmd.add_argument("--light-dir", type=Path, default=LIGHT_DIR, help="the published light page")
    cmd.add_argument(
        "--icon-dir", type=Path, default=None, help="the icon font's subset; default RUN_DIR/icons"
    )
    args = parser.parse_args(argv)
    settings = ProxySettings(
        run_dir=args.run_dir.resolve(),
        listen=args.listen,
        upstreams=tuple(args.upstream),
        server_names=tuple(args.server_name.split()),
        max_body_mb=args.max_body_mb,
        workers=args.workers,
        user=args.user or None,
        unlimited=tuple(args.unlimited.split()),
        light_dir=args.light_dir.resolve(),
        icon_dir=args.icon_dir.resolve() if args.icon_dir else None,
    )
    settings = replace(
        settings,
        temp_dir=args.temp_dir or reachable_temp_dir(settings),
        icon_dir=settings.icon_dir or reachable_icon_dir(settings),
    )
    try:
        conf = write_config(settings, args.out)
        check_config(conf, settings.run_dir)
    except (RuntimeError, ValueError, KeyError) as error:  # IconFontError is a RuntimeError
        print(error, file=sys.stderr)
        return 1
    print(conf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
