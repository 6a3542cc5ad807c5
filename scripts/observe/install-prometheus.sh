#!/usr/bin/env bash
# Makes Prometheus's `prometheus` and `promtool` available and prints the directory holding both (the only line on
# stdout; progress goes to stderr). check-rules.sh needs promtool to check and unit-test the alert rules, and
# observe.sh runs its own loopback prometheus from that directory.
#
# Binaries already on PATH are used as they are. Otherwise, as root on Debian, it installs Debian's `prometheus`
# package, which ships both. We only want the binaries: a system Prometheus that the package may start (on :9090,
# scraping nothing of ours) is stopped again. Safe to run any number of times.
set -euo pipefail

die() { echo "install-prometheus: $*" >&2; exit 1; }

# The directory of promtool on PATH, if prometheus sits next to it (observe.sh takes both from one directory).
found_dir() {
  local promtool dir
  promtool=$(command -v promtool) || return 1
  dir=$(dirname "$(readlink -f "$promtool")")
  [[ -x $dir/prometheus ]] || return 1
  echo "$dir"
}

apt_install() {
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
    die "no promtool with prometheus next to it on PATH, and installing them needs root and apt-get;" \
      "install them yourself (Debian: apt-get install prometheus; or put a release's prometheus and promtool on PATH)"
  fi
  echo "install-prometheus: installing prometheus with apt-get" >&2
  local t0=$SECONDS
  # The lock timeout lets this wait for a parallel apt-get (e.g. kafka.sh or redis.sh) instead of failing.
  # No recommends: they would add node-exporter, another daemon we do not use.
  DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=600 update
  DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=600 \
    install -y --no-install-recommends prometheus >/dev/null
  echo "install-prometheus: installed in $((SECONDS - t0))s" >&2
}

# Pids of the packaged daemon: /usr/bin/prometheus run as the package's `prometheus` user. Someone's own instance
# (observe.sh runs one as the calling user) is never matched.
package_daemon_pids() {
  local uid
  uid=$(id -u prometheus 2>/dev/null) || return 0
  ps -o pid= -o uid= -C prometheus 2>/dev/null | awk -v uid="$uid" '$2 == uid { print $1 }'
}

# Debian's postinst starts the service where the init system allows it (a container's policy-rc.d usually does
# not). Stop it through the init system, so it also stays stopped for it, and say so.
stop_package_daemon() {
  [[ -n $(package_daemon_pids) ]] || return 0
  echo "install-prometheus: the package started a system Prometheus; stopping it (we only need the binaries)" >&2
  if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
    systemctl stop prometheus.service >&2 || true
    # Not started again at boot either: nothing of jobtrack uses it.
    systemctl disable prometheus.service >/dev/null 2>&1 || true
  elif command -v service >/dev/null; then
    service prometheus stop >&2 || true
  fi
  local i pid
  for ((i = 0; i < 50; i++)); do
    [[ -n $(package_daemon_pids) ]] || return 0
    sleep 0.2
  done
  # The init system did not stop it (or there is none to ask): the pids above are the package's own daemon.
  for pid in $(package_daemon_pids); do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 1
  [[ -z $(package_daemon_pids) ]] || die "a system Prometheus (user prometheus) is still running; stop it yourself"
}

if dir=$(found_dir); then
  echo "$dir"
  exit 0
fi
apt_install
stop_package_daemon
dir=$(found_dir) || die "apt-get installed prometheus, but promtool and prometheus are still not on PATH"
echo "install-prometheus: $("$dir/promtool" --version 2>&1 | head -n1)" >&2
echo "$dir"
