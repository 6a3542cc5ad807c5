#!/usr/bin/env bash
# Runs a command with Kafka and Redis available to it:
#   scripts/with-infra.sh npm run test:infra
# With KAFKA_BROKERS and REDIS_URL both set, it uses those. Otherwise it starts the local
# Kafka and Redis (scripts/infra), exports both variables for the command, and stops
# whatever it started when the command ends, fails or is interrupted. A broker it starts
# keeps its storage in the run's scratch directory, removed at the end: every test stack
# creates topics of its own, and in a storage kept between runs they pile up (11,000
# partitions after a day of runs), until the broker's controller stalls for seconds.
set -euo pipefail

(($#)) || { echo "usage: $0 <command...>" >&2; exit 2; }
if [[ -n ${KAFKA_BROKERS:-} && -n ${REDIS_URL:-} ]]; then exec "$@"; fi

infra=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/infra
out=$(mktemp -d)
started=()
kafka_job=
# shellcheck disable=SC2317 # only called from the EXIT trap
cleanup() {
  [[ -n $kafka_job ]] && kill "$kafka_job" 2>/dev/null
  local s
  for s in "${started[@]}"; do
    if [[ $s == kafka ]]; then scratch_kafka stop >/dev/null || true; else "$infra/$s.sh" stop >/dev/null || true; fi
  done
  rm -rf "$out"
}
scratch_kafka() { JOBTRACK_INFRA_DIR=$out/infra "$infra/kafka.sh" "$@"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Only what this run starts is stopped again; an instance already running is left alone (the
# local one, or another run's, found listening on the port).
# Kafka (which may first have to fetch its jars) starts in the background meanwhile Redis
# starts in the foreground: together they take as long as Kafka alone.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
kafka_note="already running"
if ! "$infra/kafka.sh" status && ! listening "${KAFKA_PORT:-19092}"; then
  started+=(kafka)
  scratch_kafka start >"$out/kafka" 2>&1 &
  kafka_job=$!
fi
redis_note="already running"
if ! "$infra/redis.sh" status; then
  started+=(redis)
  "$infra/redis.sh" start >"$out/redis" 2>&1 || { cat "$out/redis" >&2; exit 1; }
  redis_note=started
fi
if [[ -n $kafka_job ]]; then
  wait "$kafka_job" || { cat "$out/kafka" >&2; exit 1; }
  kafka_job=
  grep -v ' ready on ' "$out/kafka" >&2 || true # e.g. a first-time jar download
  kafka_note="started in $(sed -n 's/.* in \([0-9.]*s\)$/\1/p' "$out/kafka")"
fi

export KAFKA_BROKERS=127.0.0.1:${KAFKA_PORT:-19092}
export REDIS_URL=redis://127.0.0.1:${REDIS_PORT:-16379}
echo "with-infra: Kafka $("$infra/kafka.sh" version) at $KAFKA_BROKERS ($kafka_note)," \
  "Redis $("$infra/redis.sh" version) at $REDIS_URL ($redis_note)" >&2

# Run the command as a child we wait for, so a TERM/INT sent to this script is passed on
# at once instead of after the command ends. (A background job would read /dev/null; give
# it our stdin when we have one.)
if [[ -e /proc/self/fd/0 ]]; then "$@" <&0 & else "$@" & fi
child=$!
trap 'kill -TERM "$child" 2>/dev/null' INT TERM
status=0
wait "$child" || status=$?
# A signal interrupts wait; wait again for the command's own exit status.
while kill -0 "$child" 2>/dev/null; do
  status=0
  wait "$child" || status=$?
done
exit "$status"
