#!/usr/bin/env bash
# Jaeger and Prometheus on loopback, for watching a local run's traces and metrics without Docker.
#
#   scripts/observe/observe.sh start    install them (cached), start both in the background, print the addresses
#   scripts/observe/observe.sh stop     stop both (safe to call when they are not running)
#   scripts/observe/observe.sh status   exit 0 when both are running
#
# Prometheus scrapes PROMETHEUS_TARGETS ("job=host:port,…"; by default every service of the multi-process mode on
# its default port; for the embedded mode, whose 8080 covers the whole process, PROMETHEUS_TARGETS=embedded=
# 127.0.0.1:8080) every PROMETHEUS_SCRAPE_INTERVAL, and loads the chart's alert rules. Point the services at Jaeger with OTEL_EXPORTER_OTLP_ENDPOINT (printed on start).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
STATE=${JOBTRACK_INFRA_DIR:-$ROOT/.infra}/observe
JAEGER_OTLP_HTTP_PORT=${JAEGER_OTLP_HTTP_PORT:-14318}
JAEGER_OTLP_GRPC_PORT=${JAEGER_OTLP_GRPC_PORT:-14317}
JAEGER_UI_PORT=${JAEGER_UI_PORT:-16686}
JAEGER_QUERY_GRPC_PORT=${JAEGER_QUERY_GRPC_PORT:-16685}
PROMETHEUS_PORT=${PROMETHEUS_PORT:-19090}
PROMETHEUS_SCRAPE_INTERVAL=${PROMETHEUS_SCRAPE_INTERVAL:-5s}
PROMETHEUS_TARGETS=${PROMETHEUS_TARGETS:-gateway=127.0.0.1:8080,job-service=127.0.0.1:9102,order=127.0.0.1:9103,participants=127.0.0.1:9104,media=127.0.0.1:9105,ws-service=127.0.0.1:8081}
RULES=$ROOT/charts/jobtrack/alerts/jobtrack.rules.yaml
START_TIMEOUT=${OBSERVE_START_TIMEOUT:-60}

die() { echo "observe: $*" >&2; exit 1; }

alive() { [[ -r /proc/$1/status ]] && ! grep -q '^State:.*zombie' "/proc/$1/status"; }

# Running = the pidfile names a live process of that program (not a recycled pid).
running() {
  local pid
  pid=$(cat "$STATE/$1.pid" 2>/dev/null) && alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$1"
}

# Waits until the URL answers 200, or fails with the end of the program's log.
await_ready() {
  local name=$1 url=$2 pid
  pid=$(cat "$STATE/$name.pid")
  local deadline=$((SECONDS + START_TIMEOUT))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if ! alive "$pid" || ((SECONDS >= deadline)); then
      echo "observe: $name did not come up (gave it ${START_TIMEOUT}s); the end of its log:" >&2
      tail -n 20 "$STATE/$name.log" >&2 || true
      stop
      exit 1
    fi
    sleep 0.2
  done
}

write_prometheus_config() {
  {
    echo "# Written by scripts/observe/observe.sh; the job label is the service's name, as the dashboards expect."
    echo "global:"
    echo "  scrape_interval: $PROMETHEUS_SCRAPE_INTERVAL"
    echo "  evaluation_interval: $PROMETHEUS_SCRAPE_INTERVAL"
    echo "rule_files: ['$RULES']"
    echo "scrape_configs:"
    local target
    IFS=, read -ra targets <<<"$PROMETHEUS_TARGETS"
    for target in "${targets[@]}"; do
      [[ $target == *=*:* ]] || die "PROMETHEUS_TARGETS: '$target' is not job=host:port"
      echo "  - job_name: '${target%%=*}'"
      echo "    static_configs: [{ targets: ['${target#*=}'] }]"
    done
  } >"$STATE/prometheus.yml"
}

start() {
  if running jaeger && running prometheus; then echo "observe: already running"; return 0; fi
  stop >/dev/null
  command -v curl >/dev/null || die "curl is required"
  local jaeger_bin prometheus_bin
  jaeger_bin=$("$HERE/install-jaeger.sh")/jaeger
  prometheus_bin=$("$HERE/install-prometheus.sh")/prometheus
  mkdir -p "$STATE/prometheus-data"
  write_prometheus_config
  JAEGER_OTLP_HTTP_PORT=$JAEGER_OTLP_HTTP_PORT JAEGER_OTLP_GRPC_PORT=$JAEGER_OTLP_GRPC_PORT \
    JAEGER_UI_PORT=$JAEGER_UI_PORT JAEGER_QUERY_GRPC_PORT=$JAEGER_QUERY_GRPC_PORT \
    nohup "$jaeger_bin" --config "$HERE/jaeger.yaml" >"$STATE/jaeger.log" 2>&1 </dev/null &
  echo $! >"$STATE/jaeger.pid"
  nohup "$prometheus_bin" --config.file="$STATE/prometheus.yml" --storage.tsdb.path="$STATE/prometheus-data" \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" --web.enable-lifecycle \
    >"$STATE/prometheus.log" 2>&1 </dev/null &
  echo $! >"$STATE/prometheus.pid"
  await_ready jaeger "http://127.0.0.1:$JAEGER_UI_PORT/api/services"
  await_ready prometheus "http://127.0.0.1:$PROMETHEUS_PORT/-/ready"
  echo "observe: Jaeger UI       http://127.0.0.1:$JAEGER_UI_PORT"
  echo "observe: Prometheus      http://127.0.0.1:$PROMETHEUS_PORT (scraping ${PROMETHEUS_TARGETS//,/, })"
  echo "observe: for the services: OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$JAEGER_OTLP_HTTP_PORT"
}

stop() {
  local name pid i
  for name in prometheus jaeger; do
    if running "$name"; then
      pid=$(cat "$STATE/$name.pid")
      kill -TERM "$pid" 2>/dev/null || true
      for ((i = 0; i < 100; i++)); do alive "$pid" || break; sleep 0.1; done
      alive "$pid" && kill -KILL "$pid" 2>/dev/null
    fi
    rm -f "$STATE/$name.pid"
  done
  echo "observe: stopped"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) running jaeger && running prometheus ;;
  *) die "usage: $0 start|stop|status" ;;
esac
