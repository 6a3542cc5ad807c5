#!/usr/bin/env bash
# Fuzzes the REST API with schemathesis, driven by the gateway's own OpenAPI document, against the job
# service and gateway running as separate processes on real Kafka and Redis. Fails on any 5xx answer and on
# any answer that breaks the document (status code, content type, body schema, headers).
#   scripts/fuzz/fuzz-rest.sh                      # or: npm run test:fuzz
# Kafka and Redis come from scripts/with-infra.sh (KAFKA_BROKERS and REDIS_URL when set). Settings:
#   FUZZ_MAX_EXAMPLES  test cases per operation and phase (default 100)
#   FUZZ_MAX_TIME      time budget of the schemathesis run in seconds (default 300)
#   FUZZ_SEED          a seed to replay a run (default: random, printed by schemathesis)
#   FUZZ_WORKERS       concurrent schemathesis workers (default 1: see below)
#   FUZZ_REPORT_DIR    where to keep the JUnit and NDJSON reports (default: a temporary directory, removed)
#   FUZZ_EXCLUDE_CHECKS  schemathesis checks to leave out, comma-separated (default: none)
# Schemathesis lives in a virtualenv in the user cache, made once per version and reused.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [[ -z ${KAFKA_BROKERS:-} || -z ${REDIS_URL:-} ]]; then
  exec "$ROOT/scripts/with-infra.sh" "${BASH_SOURCE[0]}" "$@"
fi

SCHEMATHESIS_VERSION=4.32.5
VENV=${XDG_CACHE_HOME:-$HOME/.cache}/jobtrack/schemathesis-$SCHEMATHESIS_VERSION
MAX_EXAMPLES=${FUZZ_MAX_EXAMPLES:-100}
MAX_TIME=${FUZZ_MAX_TIME:-300}
# One worker: schemathesis' workers are threads, and on Python 3.11 (Debian 12's) Hypothesis parsing lambdas in
# several threads at once trips CPython's "AST constructor recursion depth mismatch" (gh-106905).
WORKERS=${FUZZ_WORKERS:-1}
# Every check schemathesis has (not_a_server_error, the status code, content type, header and body schema
# conformance, negative data rejection, auth, use after free...) but one: positive_data_acceptance cannot hold
# for this API by design. A schema-valid request is refused on purpose when its page_token is well-formed but was
# not issued by the service (400: tokens are opaque), when its Idempotency-Key was used with another body (422),
# and when the stateful phase derives a job id from a :cancel URL ("<id>:cancel" is not a job id, 400).
# FUZZ_EXCLUDE_CHECKS replaces the list (comma-separated check names).
EXCLUDED_CHECKS=${FUZZ_EXCLUDE_CHECKS:-positive_data_acceptance}

die() { echo "fuzz: $*" >&2; exit 1; }
log() { echo "fuzz: $*" >&2; }

apt_install() {
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
    die "missing $*; install it (Debian: apt-get install $*)"
  fi
  log "installing $* with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=600 update
  DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "$@" >/dev/null
}

# The venv is only trusted once the install inside it finished (the marker), so an interrupted install is redone.
ensure_schemathesis() {
  [[ -f $VENV/.installed ]] && return 0
  command -v python3 >/dev/null || apt_install python3 python3-venv
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    apt_install python3-venv
    python3 -m venv "$VENV"
  fi
  log "installing schemathesis $SCHEMATHESIS_VERSION into the user cache"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  touch "$VENV/.installed"
}

work=$(mktemp -d)
report_dir=${FUZZ_REPORT_DIR:-$work/report}
pids=()
# shellcheck disable=SC2317 # only called from the EXIT trap
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

py() { "$VENV/bin/python" - "$@"; }

free_port() {
  py <<'EOF'
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
EOF
}

# Waits until a URL answers 200, or fails with the process's log when it exits or takes too long.
wait_ready() {
  local url=$1 pid=$2 name=$3 deadline=$((SECONDS + 60))
  until py "$url" <<'EOF'
import sys, urllib.request
try:
    sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=2).status == 200 else 1)
except Exception:
    sys.exit(1)
EOF
  do
    kill -0 "$pid" 2>/dev/null || { cat "$work/$name.log" >&2; die "$name exited before it was ready"; }
    ((SECONDS < deadline)) || { cat "$work/$name.log" >&2; die "$name not ready at $url after 60 s"; }
    sleep 0.3
  done
}

mint_token() {
  py "$1" "$2" <<'EOF'
import json, sys, urllib.request
request = urllib.request.Request(
    sys.argv[1] + "/v1/dev/token",
    data=json.dumps({"sub": sys.argv[2]}).encode(),
    headers={"content-type": "application/json"},
)
print(json.load(urllib.request.urlopen(request, timeout=10))["token"])
EOF
}

ensure_schemathesis
"$VENV/bin/schemathesis" --version

grpc_port=$(free_port)
metrics_port=$(free_port)
http_port=$(free_port)
run=fuzz-$$-$(date +%s)
export KAFKA_TOPIC_PREFIX=$run. REDIS_KEY_PREFIX=$run: LOG_LEVEL=${LOG_LEVEL:-warn}
cd "$ROOT"
GRPC_PORT=$grpc_port METRICS_PORT=$metrics_port \
  node --conditions=source services/job-service/src/main.ts >"$work/job-service.log" 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$metrics_port/readyz" "${pids[-1]}" job-service
# The fuzzer sends far more than a user's fair share; the limiter must not turn its cases into 429s.
DEV_AUTH=true HTTP_PORT=$http_port JOB_SERVICE_ADDRESS=127.0.0.1:$grpc_port \
  RATE_LIMIT_WRITES_PER_SECOND=1000000 RATE_LIMIT_WRITES_BURST=1000000 \
  RATE_LIMIT_READS_PER_SECOND=1000000 RATE_LIMIT_READS_BURST=1000000 \
  node --conditions=source services/gateway/src/main.ts >"$work/gateway.log" 2>&1 &
pids+=($!)
base=http://127.0.0.1:$http_port
wait_ready "$base/readyz" "${pids[-1]}" gateway
token=$(mint_token "$base" fuzz-user)
log "job service and gateway up; fuzzing $base/v1/openapi.json for at most ${MAX_TIME}s"

# Run from the scratch directory: Hypothesis and schemathesis write their state into the working directory.
cd "$work"
status=0
"$VENV/bin/schemathesis" --no-color --config-file "$ROOT/scripts/fuzz/schemathesis.toml" \
  run "$base/v1/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks all ${EXCLUDED_CHECKS:+--exclude-checks "$EXCLUDED_CHECKS"} \
  --phases examples,coverage,fuzzing,stateful \
  --max-examples "$MAX_EXAMPLES" --max-time "$MAX_TIME" \
  --workers "$WORKERS" --request-timeout 10 \
  --generation-database none \
  --report junit,ndjson --report-junit-path "$report_dir/junit-$run.xml" \
  --report-ndjson-path "$report_dir/ndjson-$run.ndjson" \
  ${FUZZ_SEED:+--seed "$FUZZ_SEED"} || status=$?

# Schemathesis fails the run on any failed check; the count of requests and of 5xx comes from its report.
"$VENV/bin/python" "$ROOT/scripts/fuzz/summarize-report.py" "$report_dir/ndjson-$run.ndjson" || status=1
if grep -v '"logger":"kafkajs"' "$work/gateway.log" "$work/job-service.log" | grep -q '"level":"error"'; then
  log "errors the services logged (the first 20):"
  grep -hv '"logger":"kafkajs"' "$work/gateway.log" "$work/job-service.log" | grep '"level":"error"' | head -n 20 >&2
fi
if ((status == 0)); then
  log "passed: no 5xx, and every answer as the OpenAPI document says"
else
  log "FAILED (see above)"
fi
exit "$status"
