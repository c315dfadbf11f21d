"""tools/nginx_proxy.py: deploy/nginx.conf.template renders into a configuration nginx accepts,
with the limits, headers and host check the deployment relies on.

nginx must be installed (scripts/test.sh installs it): a missing nginx fails these tests.
"""

from __future__ import annotations

import gzip
import http.server
import os
import re
import shutil
import subprocess
import tempfile
import threading
import urllib.request
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dashboard.browser.map_builder import TILE_LAYERS
from dashboard.browser.offline_assets import LEAFLET_CSS, LEAFLET_JS
from dashboard.config import MAX_UPLOAD_MB
from tests.conftest import REPO
from tools import nginx_proxy
from tools.app_server import free_port
from tools.icon_font import icon_font, icon_url_path
from tools.nginx_proxy import (
    ProxySettings,
    check_config,
    reachable_temp_dir,
    render,
    render_config,
    write_config,
)

# The icon font's subset, written once for every test here (it takes seconds; a subset of
# the same icons is kept), where nginx's workers can read it (tmp_path is mode 700).
ICON_DIR = Path(tempfile.gettempdir()) / f"nginx-icons-test-{os.getuid()}"


def settings(tmp_path: Path, **changes) -> ProxySettings:
    values = {
        "run_dir": tmp_path,
        "listen": "127.0.0.1:18999",
        "upstreams": ("127.0.0.1:18601", "127.0.0.1:18602"),
        "icon_dir": ICON_DIR,
    }
    return ProxySettings(**{**values, **changes})


def block(conf: str, opening: str) -> str:
    """The text of the ``{ … }`` block that starts at ``opening`` (nested blocks included)."""
    start = conf.index(opening)
    depth = 0
    for index in range(conf.index("{", start), len(conf)):
        depth += {"{": 1, "}": -1}.get(conf[index], 0)
        if depth == 0:
            return conf[start : index + 1]
    raise AssertionError(f"unclosed block {opening!r}")


def directives(text: str) -> list[str]:
    """The directives of ``text`` with comments dropped and whitespace normalised."""
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [re.sub(r"\s+", " ", line) for line in lines if line]


@pytest.mark.parametrize("user", [None, "nobody"])
def test_the_rendered_template_passes_nginx_t(tmp_path, user):
    if user and os.geteuid() != 0:
        user = None  # only root may name the workers' user
    conf = write_config(settings(tmp_path, user=user))
    check_config(conf, tmp_path)  # raises with nginx's own message if rejected


def test_serve_multi_renders_through_this_module_and_nginx_accepts_it(tmp_path):
    script = (REPO / "scripts" / "serve-multi.sh").read_text(encoding="utf-8")
    assert '"$PYTHON" -m tools.nginx_proxy render' in script
    assert "@UPSTREAMS@" not in script  # no second renderer in the shell
    out = tmp_path / "nginx.conf"
    argv = ["render", "--run-dir", str(tmp_path), "--listen", "127.0.0.1:18998"]
    argv += ["--upstream", "127.0.0.1:18601", "--server-name", "map.example.org"]
    argv += ["--temp-dir", str(tmp_path / "spool")]  # no fallback folder outside tmp_path
    assert nginx_proxy.main([*argv, "--out", str(out)]) == 0
    conf = directives(out.read_text(encoding="utf-8"))
    assert "server_name map.example.org;" in conf
    assert f"client_body_temp_path {tmp_path / 'spool'}/body;" in conf


def test_a_configuration_nginx_rejects_is_an_error_with_nginx_s_explanation(tmp_path):
    conf = write_config(settings(tmp_path))
    conf.write_text(conf.read_text(encoding="utf-8").replace("limit_req_status", "limit_req_stat"))
    with pytest.raises(RuntimeError, match="unknown directive"):
        check_config(conf, tmp_path)


def test_every_placeholder_is_filled_and_a_missing_value_is_an_error(tmp_path):
    conf = render_config(settings(tmp_path))
    assert not nginx_proxy.PLACEHOLDER.search(conf)
    with pytest.raises(KeyError, match="LISTEN"):
        render("listen @LISTEN@;", {})


def test_other_host_names_get_no_answer(tmp_path):
    conf = render_config(settings(tmp_path, server_names=("map.example.org",)))
    catch_all = directives(block(conf, "server {"))
    assert "listen 127.0.0.1:18999 default_server;" in catch_all
    assert "return 444;" in catch_all
    app = directives(block(conf, "server {\n        listen 127.0.0.1:18999;"))
    assert "server_name map.example.org;" in app


def test_security_headers_are_sent_on_every_answer(tmp_path):
    conf = render_config(settings(tmp_path))
    server = block(conf, "server {\n        listen 127.0.0.1:18999;")
    found = directives(server)
    for header in (
        "add_header Content-Security-Policy $content_security_policy always;",
        "add_header X-Frame-Options SAMEORIGIN always;",
        "add_header X-Content-Type-Options nosniff always;",
        "add_header Referrer-Policy strict-origin-when-cross-origin always;",
    ):
        assert header in found
    # A location with an add_header of its own would drop all of the server's.
    for location in re.findall(r"location [^{]+\{[^}]*\}", "\n".join(found)):
        assert "add_header" not in location, location
    policy = block(conf, "map $host $content_security_policy")
    assert "frame-ancestors 'self'" in policy and "default-src 'self'" in policy
    assert "object-src 'none'" in policy


def test_only_the_map_component_may_use_eval(tmp_path):
    sources = directives(block(render_config(settings(tmp_path)), "map $uri $script_sources"))
    assert "~^/component/ \"'self' 'unsafe-inline' 'unsafe-eval'\";" in sources
    assert "default \"'self' 'unsafe-inline'\";" in sources


def test_the_policy_allows_the_tiles_of_every_online_base_map(tmp_path):
    policy = block(render_config(settings(tmp_path)), "map $host $content_security_policy")
    img_src = re.search(r"img-src ([^;]+);", policy).group(1).split()
    for name, layer in TILE_LAYERS.items():
        host = urlsplit(layer["tiles"].replace("{s}", "a")).netloc
        allowed = [urlsplit(source).netloc for source in img_src if source.startswith("https:")]
        assert any(
            host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:]))
            for pattern in allowed
        ), name


def test_uploads_and_new_sessions_are_limited_per_client(tmp_path):
    conf = render_config(settings(tmp_path))
    upload = directives(block(conf, "location /_stcore/upload_file/"))
    assert any(d.startswith("limit_req zone=gazamap_uploads ") for d in upload)
    assert any(d.startswith("limit_conn gazamap_sending ") for d in upload)
    # The app's own upload limit plus the multipart framing; every other request stays small.
    assert f"client_max_body_size {MAX_UPLOAD_MB + 1}m;" in upload
    assert "proxy_request_buffering on;" in upload  # a dripped upload holds no app connection
    stream = directives(block(conf, "location /_stcore/stream"))
    assert any(d.startswith("limit_req zone=gazamap_sessions ") for d in stream)
    assert any(d.startswith("limit_conn gazamap_streams ") for d in stream)
    assert "proxy_read_timeout 1d;" in stream  # only the websocket stays open for long
    server = directives(block(conf, "server {\n        listen 127.0.0.1:18999;"))
    assert "client_max_body_size 1m;" in server
    assert "proxy_read_timeout 60s;" in server
    assert "client_body_timeout 20s;" in directives(conf)


def test_loopback_is_left_out_of_the_limits_unless_told_otherwise(tmp_path):
    default = directives(block(render_config(settings(tmp_path)), "geo $limited"))
    assert "127.0.0.0/8 0;" in default and "::1 0;" in default
    none = directives(block(render_config(settings(tmp_path, unlimited=())), "geo $limited"))
    assert none == ["geo $limited {", "default 1;", "}"]


def test_text_is_compressed_and_hashed_files_are_cached_for_a_year(tmp_path):
    conf = render_config(settings(tmp_path))
    http = directives(conf)
    assert "gzip on;" in http and "gzip_proxied any;" in http
    types = block(conf, "gzip_types").split(";")[0].split()
    for kind in ("application/javascript", "text/css", "application/json", "image/svg+xml"):
        assert kind in types
    lifetimes = directives(block(conf, "map $uri $cache_control"))
    year = '"public, max-age=31536000, immutable";'
    assert f"~^/static/ {year}" in lifetimes
    assert 'default "";' in lifetimes  # the app's own Cache-Control everywhere else
    assert '~^/media/ "no-store";' in lifetimes  # served layers: a session's upload
    static = block(conf, "location ~ ^/(static|")
    assert "proxy_hide_header Cache-Control;" in directives(static)
    # The app's Cache-Control is dropped exactly where the map above gives one.
    prefixes = re.search(r"location ~ \^/\(([^)]+)\)/", static).group(1).split("|")
    for prefix in prefixes:
        assert any(line.startswith(f"~^/{prefix}/ ") for line in lifetimes), prefix
    assert "location ~ ^/media" not in conf  # so the server's add_header reaches /media/
    server = directives(block(conf, "server {\n        listen 127.0.0.1:18999;"))
    assert "add_header Cache-Control $cache_control;" in server


# What the stand-in app answers for Streamlit's page and stylesheet (abridged from 1.67).
STAND_IN_PAGES = {
    "/": (
        "text/html",
        b'<link\n  rel="preload"\n  href="./static/media/SourceSansVF-Upright.ttf.B.woff2"\n/>',
    ),
    "/static/css/index.C1.css": (
        "text/css",
        b"@font-face{font-family:Source Sans;src:url(../media/SourceSansVF-Upright.B.woff2)}"
        b"@font-face{font-family:Source Sans;src:url(../media/SourceSansVF-Italic.C.woff2)}"
        b"@font-face{font-family:Source Code;src:url(../media/SourceCodeVF-Upright.D.woff2)}",
    ),
}


@pytest.fixture
def light_proxy(tmp_path):
    """nginx in front of a stand-in app that names each path it is asked for, with a light
    page folder of two files; yields (proxy URL, that folder, the paths the app was asked for)."""
    asked: list[str] = []

    class App(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            kind, body = STAND_IN_PAGES.get(self.path, ("text/plain", b"the app"))
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), App)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    # Not under tmp_path (mode 700): nginx's workers must read the folder.
    light = Path(tempfile.mkdtemp(prefix="nginx-light-test-"))
    light.chmod(0o755)
    (light / "index.html").write_text("<!doctype html><title>light</title>" + " " * 2000)
    (light / "light.js").write_text("const zones = [];\n" * 200)
    # Its gzip copy as the app publishes it, told apart from nginx's own compression.
    (light / "light.js.gz").write_bytes(gzip.compress(b"the published copy", mtime=0))
    port = free_port()
    config = settings(
        tmp_path,
        listen=f"127.0.0.1:{port}",
        upstreams=(f"127.0.0.1:{upstream.server_port}",),
        light_dir=light,
    )
    proxy = nginx_proxy.start_proxy(replace(config, temp_dir=reachable_temp_dir(config)))
    try:
        yield f"http://127.0.0.1:{port}", light, asked
    finally:
        nginx_proxy.stop_proxy(proxy)
        upstream.shutdown()
        shutil.rmtree(light)


def test_nginx_serves_the_light_page_itself_compressed_and_asks_the_app_for_the_rest(light_proxy):
    url, light, asked = light_proxy
    for name, kind in (("index.html", "text/html"), ("light.js", "application/javascript")):
        request = urllib.request.Request(
            f"{url}/app/static/light/{name}", headers={"Accept-Encoding": "gzip"}
        )
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Type"] == kind  # nosniff refuses a wrong one
            assert response.headers["Content-Encoding"] == "gzip"
            assert response.headers["Cache-Control"] == "public, max-age=300"
            body = gzip.decompress(response.read())
            # The published gzip copy as it is (gzip_static), else nginx compresses the file.
            copy = light / f"{name}.gz"
            assert body == (
                gzip.decompress(copy.read_bytes()) if copy.exists() else (light / name).read_bytes()
            )
    assert asked == []  # no Python for a reader of the light page
    # Not published there (yet): the app, which serves the same folder, answers.
    with urllib.request.urlopen(f"{url}/app/static/light/data.js") as response:
        assert response.read() == b"the app"
    assert asked == ["/app/static/light/data.js"]


def test_streamlit_s_bundled_source_sans_is_neither_preloaded_nor_defined(light_proxy):
    # The theme uses the system's fonts: the browser must not fetch Source Sans (303 KB).
    url, _, _ = light_proxy
    with urllib.request.urlopen(f"{url}/") as response:
        page = response.read().decode()
    assert 'data-unused-href="./static/media/SourceSansVF-Upright' in page
    assert ' href="./static/media/SourceSans' not in page.replace("\n", " ")
    with urllib.request.urlopen(f"{url}/static/css/index.C1.css") as response:
        css = response.read().decode()
    assert css.count("font-family:Source Sans unused;") == 2
    assert "font-family:Source Code;" in css  # the code font is left alone


def test_nginx_serves_the_icon_font_s_subset_at_the_font_s_address(light_proxy):
    url, _, asked = light_proxy
    address = icon_url_path(icon_font())
    with urllib.request.urlopen(f"{url}{address}") as response:
        assert response.headers["Content-Type"] == "font/woff2"
        # A day, not a year: the subset follows the app's icons under the font's own name.
        assert response.headers["Cache-Control"] == "public, max-age=86400"
        assert response.read() == (ICON_DIR / address.lstrip("/")).read_bytes()
    assert address not in asked
    # Any other file of Streamlit's is still the app's.
    with urllib.request.urlopen(f"{url}/static/media/KaTeX_Main-Regular.woff2") as response:
        assert response.read() == b"the app"


def test_the_map_component_s_page_names_leaflet_for_the_browser_to_fetch_at_once(light_proxy):
    url, _, _ = light_proxy
    page = f"{url}/component/streamlit_folium.st_folium/index.html?streamlitUrl=x"
    with urllib.request.urlopen(page) as response:
        links = response.headers["Link"]
    assert f"<{LEAFLET_JS}>; rel=preload; as=script" in links
    assert f"<{LEAFLET_CSS}>; rel=preload; as=style" in links
    with urllib.request.urlopen(f"{url}/") as response:
        assert response.headers["Link"] is None  # nothing else gets the hint


def test_a_folder_the_workers_cannot_enter_is_found_out():
    # Not under pytest's tmp_path, which is closed to other users (mode 700) itself.
    base = Path(tempfile.mkdtemp(prefix="nginx-spool-test-"))
    try:
        base.chmod(0o711)
        (base / "private").mkdir(mode=0o700)
        (base / "private" / "tmp").mkdir(mode=0o777)  # open itself, but not its parent
        (base / "open").mkdir(mode=0o711)
        assert not nginx_proxy.reachable_by(base / "private" / "tmp", "nobody")
        assert nginx_proxy.reachable_by(base / "open", "nobody")
    finally:
        shutil.rmtree(base)


def test_upload_bodies_go_where_the_workers_can_write(tmp_path, monkeypatch):
    owners = []
    monkeypatch.setattr(nginx_proxy, "SPOOL_ROOT", tmp_path / "spool")
    (tmp_path / "spool").mkdir()
    monkeypatch.setattr(nginx_proxy.os, "chown", lambda path, uid, gid: owners.append(uid))
    monkeypatch.setattr(nginx_proxy, "worker_user", lambda settings: "nobody")
    run = settings(tmp_path / "run")
    monkeypatch.setattr(nginx_proxy, "reachable_by", lambda path, user: True)
    assert nginx_proxy.reachable_temp_dir(run) == tmp_path / "run" / "tmp"
    monkeypatch.setattr(nginx_proxy, "reachable_by", lambda path, user: False)
    outside = nginx_proxy.reachable_temp_dir(run)
    assert outside.parent == tmp_path / "spool" and outside.name.startswith("nginx-spool-")
    assert nginx_proxy.reachable_temp_dir(run) == outside  # the same folder at every start
    assert owners and owners[0] == nginx_proxy.pwd.getpwnam("nobody").pw_uid
    conf = render_config(replace(run, temp_dir=outside))
    assert f"client_body_temp_path {outside}/body;" in directives(conf)


def test_the_documented_tls_servers_pass_nginx_t(tmp_path):
    openssl = shutil.which("openssl")  # installed by scripts/test.sh, as nginx is
    assert openssl is not None, "openssl is needed for a certificate: run scripts/test.sh"
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=map.example.org"],
        check=True,
        capture_output=True,
    )
    conf = render_config(settings(tmp_path, server_names=("map.example.org",)))
    # The commented servers, uncommented as deploy/README.md says, the plain ones out.
    tls = nginx_proxy.tls_config(conf, cert, key, http_listen="127.0.0.1:18080")
    out = tmp_path / "tls.conf"
    (tmp_path / "tmp").mkdir()
    out.write_text(tls)
    assert "listen 127.0.0.1:18999 ssl http2;" in directives(tls)
    assert "server_name map.example.org;" in directives(tls)
    assert "return 444;" not in directives(
        block(tls, "server {\n        listen 127.0.0.1:18999 ssl")
    )
    assert "ssl_reject_handshake on;" in directives(tls)
    assert "location ^~ /app/static/light/ {" in directives(tls)
    assert "add_header X-Frame-Options SAMEORIGIN always;" in directives(tls)
    check_config(out, tmp_path)


def test_the_icon_font_s_subset_goes_where_the_workers_can_read_it(tmp_path, monkeypatch):
    monkeypatch.setattr(nginx_proxy, "SPOOL_ROOT", tmp_path / "spool")
    (tmp_path / "spool").mkdir()
    monkeypatch.setattr(nginx_proxy, "worker_user", lambda settings: "nobody")
    run = settings(tmp_path / "run", icon_dir=None)
    monkeypatch.setattr(nginx_proxy, "reachable_by", lambda path, user: True)
    assert nginx_proxy.reachable_icon_dir(run) == tmp_path / "run" / "icons"
    monkeypatch.setattr(nginx_proxy, "reachable_by", lambda path, user: False)
    outside = nginx_proxy.reachable_icon_dir(run)
    assert outside.parent == tmp_path / "spool" and outside.name.startswith("nginx-icons-")
    assert outside.stat().st_mode & 0o777 == 0o755  # readable by the workers
    conf = render_config(replace(run, icon_dir=outside))
    location = block(conf, f"location = {icon_url_path(icon_font())}")
    assert f"root {outside};" in directives(location)
