#!/usr/bin/env bash
# Run several processes of the app behind nginx (Debian's), with sticky sessions.
#
#   scripts/serve-multi.sh [start] [--apps K] [--port P] [--first-app-port Q] [--workers W]
#   scripts/serve-multi.sh status
#   scripts/serve-multi.sh stop
#
# start: K app processes (default 2) on 127.0.0.1:Q, Q+1, … (default 8601), then nginx on
# 127.0.0.1:P (default 8500) with deploy/nginx.conf.template rendered into deploy/run/.
# Everything it starts writes its PID, log and temp files to deploy/run/ (git-ignored);
# stop ends exactly those processes. The same settings can come from the environment:
# APPS, PORT, FIRST_APP_PORT, NGINX_WORKERS, LISTEN_ADDRESS (default 127.0.0.1), PYTHON.
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
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

# Wait until URL answers /_stcore/health (and PID, if given, is still alive).
wait_healthy() {
  local url="$1" pid="${2:-}" deadline=$((SECONDS + STARTUP_SECONDS))
  while [ $SECONDS -lt $deadline ]; do
    if [ "$(curl -s --max-time 2 "$url/_stcore/health" 2>/dev/null)" = "ok" ]; then
      return 0
    fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    sleep 0.5
  done
  return 1
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
  rm -f "$RUN_DIR"/app-*.pid

  local upstreams=""
  for i in $(seq 0 $((APPS - 1))); do
    port=$((FIRST_APP_PORT + i))
    # setsid: the process outlives this script and a Ctrl-C in its terminal.
    setsid "$PYTHON" -m streamlit run dashboard/app.py \
      --server.port "$port" --server.address 127.0.0.1 --server.headless true \
      --browser.gatherUsageStats false --server.fileWatcherType none \
      </dev/null >"$RUN_DIR/app-$port.log" 2>&1 &
    pid=$!
    echo "$pid" >"$RUN_DIR/app-$port.pid"
    upstreams+="        server 127.0.0.1:$port max_fails=3 fail_timeout=10s;"$'\n'
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

  local max_body_mb=$(("${GAZA_MAP_MAX_UPLOAD_MB:-50}" + 1))
  local user_line=""
  if [ "$(id -u)" -eq 0 ]; then
    # nginx's workers drop root; they need no file under the repository (no temp files).
    user_line="user $(id -un www-data >/dev/null 2>&1 && echo www-data || echo nobody);"
  fi
  local conf
  conf="$(cat "$TEMPLATE")"
  conf="${conf//@USER_LINE@/$user_line}"
  conf="${conf//@WORKERS@/$NGINX_WORKERS}"
  conf="${conf//@RUN_DIR@/$RUN_DIR}"
  conf="${conf//@LISTEN@/$LISTEN_ADDRESS:$PORT}"
  conf="${conf//@UPSTREAMS@/${upstreams%$'\n'}}"
  conf="${conf//@MAX_BODY_MB@/$max_body_mb}"
  printf '# Generated by scripts/serve-multi.sh from deploy/nginx.conf.template: edit that.\n%s\n' \
    "$conf" >"$CONF"

  if ! "$NGINX" -t -q -p "$RUN_DIR/" -e "$RUN_DIR/nginx-error.log" -c "$CONF"; then
    echo "nginx rejected $CONF" >&2
    stop_all
    exit 1
  fi
  "$NGINX" -p "$RUN_DIR/" -e "$RUN_DIR/nginx-error.log" -c "$CONF"
  if ! wait_healthy "http://$LISTEN_ADDRESS:$PORT"; then
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
