#!/usr/bin/env bash
# Flake hunt: runs the infra and e2e suites (./npmw run test:infra, real Kafka and Redis) while stress-ng keeps
# the CPUs busy, as a loaded CI machine would, and stops at the first failing run.
#
#   scripts/ci/stress.sh [runs]     default 3 runs; every one must pass
#
# STRESS_WORKERS (default 2) sets the stress-ng CPU workers. A run's full output is kept in
# test-output/stress/run-N.log; the summary prints the pass and fail counts of each run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

runs=${1:-3}
workers=${STRESS_WORKERS:-2}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [runs]" >&2; exit 2; }

if ! command -v stress-ng >/dev/null; then
  [[ $(id -u) == 0 ]] || { echo "stress: missing stress-ng, and not root to apt-get install it" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=600 update
  DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=600 install -y --no-install-recommends stress-ng >/dev/null
fi

out=test-output/stress
mkdir -p "$out"
stress_pid=
# shellcheck disable=SC2317 # only called from the EXIT trap
cleanup() { [[ -n $stress_pid ]] && kill "$stress_pid" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Bounded in time too: it stops by itself even if this script is killed without its trap running.
stress-ng --cpu "$workers" --timeout "$((runs * 45))m" --quiet &
stress_pid=$!
echo "stress: stress-ng with $workers CPU workers (pid $stress_pid); $runs runs of test:infra"

for ((run = 1; run <= runs; run++)); do
  log=$out/run-$run.log
  started=$SECONDS
  status=0
  scripts/with-infra.sh ./npmw run test:infra >"$log" 2>&1 || status=$?
  pass=$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$log" | tail -n1)
  fail=$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$log" | tail -n1)
  echo "stress: run $run: exit $status, ${pass:-?} passed, ${fail:-?} failed, $((SECONDS - started))s ($log)"
  if ((status != 0)); then
    grep -E '^\s*✖' "$log" | sort -u | head -n 20 >&2 || true
    exit 1
  fi
done
echo "stress: $runs of $runs runs passed under load"
