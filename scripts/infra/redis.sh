#!/usr/bin/env bash
# Local Redis for development and tests: loopback only, nothing persisted.
#
#   scripts/infra/redis.sh start    start it daemonized and wait until it answers PING
#   scripts/infra/redis.sh stop     stop it (safe to call when it is not running)
#   scripts/infra/redis.sh status   exit 0 when it is running
#   scripts/infra/redis.sh version  print the redis-server version
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=${JOBTRACK_INFRA_DIR:-$ROOT/.infra}/redis
PORT=${REDIS_PORT:-16379}
PIDFILE=$STATE/redis.pid

die() { echo "redis: $*" >&2; exit 1; }

ensure_installed() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
    die "redis-server is missing; install it (Debian: apt-get install redis-server)"
  fi
  echo "redis: installing redis-server with apt-get" >&2
  # Where services can start, Debian's package also starts a system Redis on 6379; it does
  # not matter to us, we only ever talk to our own instance on $PORT.
  # The lock timeout lets this wait for a parallel apt-get (e.g. kafka.sh) instead of failing.
  DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=600 update
  DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=600 \
    install -y --no-install-recommends redis-server >/dev/null
}

alive() { [[ -r /proc/$1/status ]] && ! grep -q '^State:.*zombie' "/proc/$1/status"; }

# Running = the pidfile names a live redis-server (not a recycled pid).
running() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) && alive "$pid" &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'redis-server'
}

ping() { [[ $(redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null) == PONG ]]; }

start() {
  if running; then echo "redis: already running (pid $(cat "$PIDFILE"))"; return 0; fi
  ensure_installed
  # Someone else's server on our port would answer our PINGs and fool the tests.
  ping && die "port $PORT is already in use by another Redis"
  mkdir -p "$STATE"
  rm -f "$PIDFILE"
  redis-server --bind 127.0.0.1 --port "$PORT" --save '' --appendonly no \
    --daemonize yes --pidfile "$PIDFILE" --logfile "$STATE/redis.log" --dir "$STATE"
  # It daemonizes before binding the port, so a start-up failure shows only in the log.
  local i
  for ((i = 0; i < 100; i++)); do
    if ping; then echo "redis: Redis $(version) ready on 127.0.0.1:$PORT"; return 0; fi
    sleep 0.1
  done
  echo "redis: no PING answer on 127.0.0.1:$PORT within 10s; last log lines:" >&2
  tail -n 20 "$STATE/redis.log" >&2 2>/dev/null || true
  stop >/dev/null
  exit 1
}

stop() {
  if ! running; then rm -f "$PIDFILE"; echo "redis: not running"; return 0; fi
  local pid i
  pid=$(cat "$PIDFILE")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do alive "$pid" || break; sleep 0.1; done
  if alive "$pid"; then
    echo "redis: no exit within 10s of SIGTERM, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
  echo "redis: stopped"
}

version() { redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p'; }

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) running ;;
  version) version ;;
  *) die "usage: $0 start|stop|status|version" ;;
esac
