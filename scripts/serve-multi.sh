#!/usr/bin/env bash
# Run several processes of the app behind nginx (Debian's), with sticky sessions.
#
#   scripts/serve-multi.sh [start] [--apps K] [--port P] [--first-app-port Q] [--workers W]
#                          [--server-name "NAME ..."]
#   scripts/serve-multi.sh status
#   scripts/serve-multi.sh stop
#
# start: K app processes (default 2) on 127.0.0.1:Q, Q+1, … (default 8601), then nginx on
# 127.0.0.1:P (default 8500) with deploy/nginx.conf.template rendered into deploy/run/.
# Everything it starts writes its PID, log and temp files to deploy/run/ (git-ignored);
# stop ends exactly those processes. The same settings can come from the environment:
# APPS, PORT, FIRST_APP_PORT, NGINX_WORKERS, LISTEN_ADDRESS (default 127.0.0.1), PYTHON,
# SERVER_NAME (host names the proxy answers to; default "localhost 127.0.0.1"), UNLIMITED
# (addresses the per-client limits leave alone; default loopback), APP_USER (started as root,
# the app processes run as this user, created if missing; default gazamap).
# The app's own variables (GAZA_MAP_MAX_UPLOAD_MB, …) are passed on to every process.
# See deploy/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$(pwd)"
RUN_DIR="$REPO/deploy/run"
TEMPLATE="$REPO/deploy/nginx.conf.template"
CONF="$RUN_DIR/nginx.conf"
PYTHON="${PYTHON:-python3}"
APPS="${APPS:-2}"
PORT="${PORT:-8500}"
FIRST_APP_PORT="${FIRST_APP_PORT:-8601}"
NGINX_WORKERS="${NGINX_WORKERS:-1}"
LISTEN_ADDRESS="${LISTEN_ADDRESS:-127.0.0.1}"
SERVER_NAME="${SERVER_NAME:-localhost 127.0.0.1}"
UNLIMITED="${UNLIMITED-127.0.0.0/8 ::1}"
APP_USER="${APP_USER:-gazamap}"
STARTUP_SECONDS=90

command="start"
if [ $# -gt 0 ] && [[ "$1" != --* ]]; then
  command="$1"
  shift
fi
while [ $# -gt 0 ]; do
  case "$1" in
    --apps) APPS="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --first-app-port) FIRST_APP_PORT="$2"; shift 2 ;;
    --workers) NGINX_WORKERS="$2"; shift 2 ;;
    --server-name) SERVER_NAME="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

find_nginx() {
  command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true
}

ensure_nginx() {
  NGINX="$(find_nginx)"
  if [ -z "$NGINX" ]; then
    echo "Installing Debian's nginx…"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx-light >/dev/null \
      || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx >/dev/null
    NGINX="$(find_nginx)"
    [ -n "$NGINX" ] || { echo "nginx could not be installed" >&2; exit 1; }
  fi
}

# Is PID alive and one of ours (its command line contains WORD)?
alive() {
  local pid="$1" word="$2"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$word"
}

# Does something accept connections on 127.0.0.1:PORT?
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Wait until URL answers /_stcore/health (and PID, if given, is still alive); HOST, if given,
# is the Host header to send (the proxy answers only to SERVER_NAME).
wait_healthy() {
  local url="$1" pid="${2:-}" host="${3:-}" deadline=$((SECONDS + STARTUP_SECONDS))
  local header=()
  [ -n "$host" ] && header=(-H "Host: $host")
  while [ $SECONDS -lt $deadline ]; do
    if [ "$(curl -s --max-time 2 "${header[@]}" "$url/_stcore/health" 2>/dev/null)" = "ok" ]; then
      return 0
    fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    sleep 0.5
  done
  return 1
}

# Started as root, the app processes (which parse untrusted GDAL, Arrow and GEOS input) run
# as APP_USER, with a HOME and TMPDIR of their own under deploy/run/home/; RUN_AS is the
# command prefix that drops root. Not root: RUN_AS is empty (the processes run as the caller).
RUN_AS=()
prepare_app_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  if [ "$APP_USER" = root ]; then
    echo "APP_USER=root: the app processes run as root (not recommended)" >&2
    return 0
  fi
  if ! id -u "$APP_USER" >/dev/null 2>&1; then
    echo "Creating the system user $APP_USER for the app processes…"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
      "$APP_USER" || { echo "could not create the user $APP_USER" >&2; exit 1; }
  fi
  local uid gid home="$RUN_DIR/home"
  uid="$(id -u "$APP_USER")"
  gid="$(id -g "$APP_USER")"
  mkdir -p "$home/tmp"
  chown -R "$uid:$gid" "$home"
  chmod 700 "$home"
  # The app copies Leaflet into dashboard/static/vendor/ at start-up; the app user cannot
  # write to the repository, so copy it now, as root (the app then finds it in place).
  "$PYTHON" -c "from dashboard.browser.offline_assets import install_leaflet; install_leaflet()"
  RUN_AS=(setpriv --reuid="$uid" --regid="$gid" --init-groups --no-new-privs
    env HOME="$home" TMPDIR="$home/tmp")
  if ! "${RUN_AS[@]}" "$PYTHON" -c "import streamlit, dashboard.browser.map_builder" >/dev/null 2>&1; then
    cat >&2 <<EOF
The user $APP_USER cannot run the app with $PYTHON (it cannot read that Python, its
packages or this repository: e.g. a Python installed under /root). Install the project
where $APP_USER can read it, e.g.
  python3 -m venv /opt/gazamap && /opt/gazamap/bin/pip install -e "$REPO"
  PYTHON=/opt/gazamap/bin/python scripts/serve-multi.sh
or choose another user (APP_USER=...), or run the apps as root knowingly (APP_USER=root).
EOF
    exit 1
  fi
  echo "app processes run as $APP_USER (uid $uid), HOME and TMPDIR in $home"
}

stop_all() {
  local stopped=0
  if [ -f "$RUN_DIR/nginx.pid" ]; then
    local pid
    pid="$(cat "$RUN_DIR/nginx.pid")"
    if alive "$pid" nginx; then
      kill -QUIT "$pid"
      for _ in $(seq 1 50); do alive "$pid" nginx || break; sleep 0.2; done
      alive "$pid" nginx && kill -TERM "$pid"
      echo "nginx ($pid) stopped"
      stopped=1
    fi
    rm -f "$RUN_DIR/nginx.pid"
  fi
  for file in "$RUN_DIR"/app-*.pid; do
    [ -e "$file" ] || continue
    local pid
    pid="$(cat "$file")"
    if alive "$pid" streamlit; then
      kill -TERM "$pid"
      for _ in $(seq 1 50); do alive "$pid" streamlit || break; sleep 0.2; done
      alive "$pid" streamlit && kill -KILL "$pid"
      echo "app $(basename "$file" .pid) ($pid) stopped"
      stopped=1
    fi
    rm -f "$file"
  done
  [ "$stopped" -eq 1 ] || echo "nothing was running"
}

status() {
  local any=0
  for file in "$RUN_DIR"/app-*.pid "$RUN_DIR/nginx.pid"; do
    [ -e "$file" ] || continue
    local pid word
    pid="$(cat "$file")"
    word=streamlit
    [[ "$file" == *nginx.pid ]] && word=nginx
    if alive "$pid" "$word"; then
      echo "$(basename "$file" .pid): running, pid $pid"
      any=1
    else
      echo "$(basename "$file" .pid): not running (stale pid file)"
    fi
  done
  [ "$any" -eq 1 ] || { echo "nothing is running"; return 1; }
}

start() {
  if [ -f "$RUN_DIR/nginx.pid" ] && alive "$(cat "$RUN_DIR/nginx.pid")" nginx; then
    echo "already running (scripts/serve-multi.sh stop first)" >&2
    exit 1
  fi
  local port pid
  for port in "$PORT" $(seq "$FIRST_APP_PORT" $((FIRST_APP_PORT + APPS - 1))); do
    if port_in_use "$port"; then
      echo "port $port is already in use: choose others (--port, --first-app-port)" >&2
      exit 1
    fi
  done
  ensure_nginx
  mkdir -p "$RUN_DIR/tmp"
  prepare_app_user
  rm -f "$RUN_DIR"/app-*.pid

  local upstreams=()
  for i in $(seq 0 $((APPS - 1))); do
    port=$((FIRST_APP_PORT + i))
    # setsid: the process outlives this script and a Ctrl-C in its terminal.
    setsid "${RUN_AS[@]}" "$PYTHON" -m streamlit run dashboard/app.py \
      --server.port "$port" --server.address 127.0.0.1 --server.headless true \
      --browser.gatherUsageStats false --server.fileWatcherType none \
      </dev/null >"$RUN_DIR/app-$port.log" 2>&1 &
    pid=$!
    echo "$pid" >"$RUN_DIR/app-$port.pid"
    upstreams+=(--upstream "127.0.0.1:$port")
  done
  for i in $(seq 0 $((APPS - 1))); do
    port=$((FIRST_APP_PORT + i))
    if ! wait_healthy "http://127.0.0.1:$port" "$(cat "$RUN_DIR/app-$port.pid")"; then
      echo "app on port $port did not become healthy; see $RUN_DIR/app-$port.log" >&2
      stop_all
      exit 1
    fi
    echo "app on 127.0.0.1:$port: pid $(cat "$RUN_DIR/app-$port.pid")"
  done

  local user=()
  if [ "$(id -u)" -eq 0 ]; then
    # nginx's workers drop root too; they write only under deploy/run/tmp/ (upload bodies).
    user=(--user "$(id -un www-data >/dev/null 2>&1 && echo www-data || echo nobody)")
  fi
  if [[ "$LISTEN_ADDRESS" != 127.* ]] && [ "$SERVER_NAME" = "localhost 127.0.0.1" ]; then
    echo "note: listening on $LISTEN_ADDRESS but answering only to the Host names localhost" \
      "and 127.0.0.1 (other names get no answer): set SERVER_NAME to the site's name" >&2
  fi
  # The one renderer of the template (tools/nginx_proxy.py); it also runs nginx -t. The
  # largest request body follows GAZA_MAP_MAX_UPLOAD_MB (+1 MB of multipart framing).
  if ! "$PYTHON" -m tools.nginx_proxy render --run-dir "$RUN_DIR" \
    --listen "$LISTEN_ADDRESS:$PORT" "${upstreams[@]}" --server-name "$SERVER_NAME" \
    --workers "$NGINX_WORKERS" --unlimited "$UNLIMITED" \
    "${user[@]}" --out "$CONF" >/dev/null; then
    echo "nginx rejected $CONF" >&2
    stop_all
    exit 1
  fi
  "$NGINX" -p "$RUN_DIR/" -e "$RUN_DIR/nginx-error.log" -c "$CONF"
  local probe="$LISTEN_ADDRESS"
  [ "$probe" = 0.0.0.0 ] && probe=127.0.0.1
  if ! wait_healthy "http://$probe:$PORT" "" "${SERVER_NAME%% *}"; then
    echo "the proxy does not answer; see $RUN_DIR/nginx-error.log" >&2
    stop_all
    exit 1
  fi
  echo "nginx on http://$LISTEN_ADDRESS:$PORT: pid $(cat "$RUN_DIR/nginx.pid") (config $CONF)"
  echo "stop with: scripts/serve-multi.sh stop"
}

case "$command" in
  start) start ;;
  stop) stop_all ;;
  status) status ;;
  *) echo "usage: $0 [start|status|stop] [--apps K] [--port P] [--first-app-port Q]" >&2; exit 2 ;;
esac
