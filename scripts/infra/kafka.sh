#!/usr/bin/env bash
# Local single-node Kafka for development and tests: one JVM that is both KRaft
# controller and broker, listening on loopback only.
#
#   scripts/infra/kafka.sh fetch    download the broker jars (once, cached)
#   scripts/infra/kafka.sh start    start the broker in the background, wait until it serves
#   scripts/infra/kafka.sh stop     stop it (safe to call when it is not running)
#   scripts/infra/kafka.sh status   exit 0 when it is running
#   scripts/infra/kafka.sh version  print the Kafka version used
set -euo pipefail

# Newest Kafka 4.x on Maven Central; checked against kafkajs 2.2.4 (topics, keyed
# produce with headers, consumer groups with commits and rebalances).
KAFKA_VERSION=4.4.0
# The log4j2 that Kafka $KAFKA_VERSION is built against. Kafka's pom brings log4j2 but not
# the slf4j bridge (its tarball adds that), and without the bridge the broker logs nothing.
LOG4J_VERSION=2.25.5
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/jobtrack/kafka-$KAFKA_VERSION
STATE=${JOBTRACK_INFRA_DIR:-$ROOT/.infra}/kafka
# Below the kernel's ephemeral range (32768+), so no client socket of a busy test run can hold the port.
PORT=${KAFKA_PORT:-19092}
CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19093}
START_TIMEOUT=${KAFKA_START_TIMEOUT:-90}
STOP_TIMEOUT=${KAFKA_STOP_TIMEOUT:-30}
PIDFILE=$STATE/kafka.pid
LOG=$STATE/logs/server.log

die() { echo "kafka: $*" >&2; exit 1; }

# A bare Debian machine lacks Java/Maven; as root we can install them ourselves.
apt_install() {
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
    die "missing $*; install it (Debian: apt-get install $*)"
  fi
  echo "kafka: installing $* with apt-get" >&2
  # The lock timeout lets this wait for a parallel apt-get (e.g. redis.sh) instead of failing.
  DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=600 update
  DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=600 \
    install -y --no-install-recommends "$@" >/dev/null
}

# Kafka 4 needs Java 17+. Take JAVA_HOME, then PATH, then Debian's JDK 17 location.
find_java() {
  local j v
  for j in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)" /usr/lib/jvm/java-17-openjdk-*/bin/java; do
    [[ -n $j && -x $j ]] || continue
    v=$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
    v=${v%%.*} # "1.8" -> 1, "17" -> 17
    if [[ $v =~ ^[0-9]+$ ]] && ((v >= 17)); then JAVA=$j; return; fi
  done
  [[ ${1:-} == retry ]] && die "no Java 17+ found even after installing openjdk-17-jre-headless"
  apt_install openjdk-17-jre-headless
  find_java retry
}

fetch() {
  [[ -d $CACHE/libs ]] && return 0
  command -v mvn >/dev/null || apt_install maven
  find_java
  mkdir -p "$(dirname "$CACHE")"
  # Download into a temp dir and rename it into place, so an interrupted fetch is never
  # mistaken for a complete one.
  tmp=$(mktemp -d "$CACHE.tmp.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  cat >"$tmp/pom.xml" <<EOF
<project>
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.jobtrack</groupId>
  <artifactId>kafka-broker-libs</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.apache.logging.log4j</groupId>
        <artifactId>log4j-bom</artifactId>
        <version>$LOG4J_VERSION</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>$KAFKA_VERSION</version>
      <exclusions>
        <!-- Declared by Kafka but not published for 4.4.0; only the CLI tools use it,
             no broker class refers to it. -->
        <exclusion>
          <groupId>org.apache.kafka</groupId>
          <artifactId>kafka-tools-api</artifactId>
        </exclusion>
      </exclusions>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j-impl</artifactId>
    </dependency>
  </dependencies>
</project>
EOF
  echo "kafka: fetching Kafka $KAFKA_VERSION jars with Maven" >&2
  local t0=$SECONDS
  # sed: Maven 3.8 prints stray colour-reset codes even in batch mode.
  (cd "$tmp" && JAVA_HOME=${JAVA%/bin/java} mvn -B -q "$DEPENDENCY_PLUGIN:copy-dependencies" \
    -DincludeScope=runtime -DoutputDirectory="$tmp/libs") 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
  rm -rf "$tmp/pom.xml" "$tmp/target"
  # If a parallel fetch won the race, its copy is just as good.
  mv -T "$tmp" "$CACHE" 2>/dev/null || rm -rf "$tmp"
  trap - EXIT
  echo "kafka: fetched $(du -sh "$CACHE/libs" | cut -f1) of jars in $((SECONDS - t0))s" >&2
}

alive() { [[ -r /proc/$1/status ]] && ! grep -q '^State:.*zombie' "/proc/$1/status"; }

# Running = the pidfile names a live Kafka JVM (not a recycled pid).
running() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) && alive "$pid" &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka '
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_config() {
  cat >"$STATE/server.properties" <<EOF
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
log.dirs=$STATE/data
# Tests create their topics explicitly; a typo must fail rather than make a topic.
auto.create.topics.enable=false
num.partitions=1
# One broker: every internal topic must fit on it.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Consumer groups should form at once, not after the default 3s grace period.
group.initial.rebalance.delay.ms=0
# The services' consumers use a 1.5 s session timeout so a killed member's partitions move within seconds;
# Kafka refuses sessions shorter than this (6 s by default).
group.min.session.timeout.ms=1000
EOF
  cat >"$STATE/log4j2.properties" <<EOF
appender.file.type=File
appender.file.name=file
appender.file.fileName=$LOG
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=INFO
rootLogger.appenderRef.file.ref=file
# Every request the tests make would otherwise be logged at INFO.
logger.request.name=kafka.request.logger
logger.request.level=WARN
EOF
}

start() {
  if running; then echo "kafka: already running (pid $(cat "$PIDFILE"))"; return 0; fi
  local p
  for p in "$PORT" "$CONTROLLER_PORT"; do
    port_open "$p" && die "port $p is already in use (another Kafka? set KAFKA_PORT/KAFKA_CONTROLLER_PORT)"
  done
  fetch
  find_java
  mkdir -p "$STATE/data" "$STATE/logs"
  write_config
  local t0 cp="$CACHE/libs/*" # the JVM expands this classpath wildcard itself
  t0=$(date +%s%N)
  if [[ ! -f $STATE/data/meta.properties ]]; then
    # Kafka 4 formats a dynamic-quorum controller with --standalone; the cluster id is
    # 16 random bytes, base64url without padding (one starting with '-' would read as a flag).
    local id=-
    while [[ $id == -* ]]; do id=$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='); done
    "$JAVA" -cp "$cp" kafka.tools.StorageTool \
      format --standalone --cluster-id "$id" --config "$STATE/server.properties" \
      >"$STATE/logs/format.log" 2>&1 || die "storage format failed: $(cat "$STATE/logs/format.log")"
  fi
  [[ -f $LOG ]] && mv "$LOG" "$LOG.prev"
  local jvm=(
    -Xms128m -Xmx512m # small heap: this broker only serves tests on a 2-core machine
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$STATE/log4j2.properties"
    -Dlog4j2.shutdownHookEnabled=false # else log4j closes before Kafka logs its shutdown
  )
  nohup "$JAVA" "${jvm[@]}" -cp "$cp" kafka.Kafka "$STATE/server.properties" \
    >"$STATE/logs/stdout.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$PIDFILE"
  # Ready means the broker port accepts connections AND the server finished start-up: in
  # KRaft it logs this only after it has registered with the controller and been unfenced,
  # so topics can be created right away.
  local deadline=$((SECONDS + START_TIMEOUT))
  until port_open "$PORT" && grep -q 'Kafka Server started' "$LOG" 2>/dev/null; do
    if ! alive "$pid" || ((SECONDS >= deadline)); then
      alive "$pid" && kill -KILL "$pid"
      rm -f "$PIDFILE"
      echo "kafka: broker did not come up (gave it ${START_TIMEOUT}s); first errors, then the log's end:" >&2
      grep -m 5 -E '^\[[^]]*\] (ERROR|FATAL) ' "$LOG" >&2 2>/dev/null || true
      tail -n 20 "$LOG" "$STATE/logs/stdout.log" >&2 2>/dev/null || true
      exit 1
    fi
    sleep 0.2
  done
  local ms=$((($(date +%s%N) - t0) / 1000000))
  printf 'kafka: Kafka %s ready on 127.0.0.1:%s (pid %s) in %d.%01ds\n' \
    "$KAFKA_VERSION" "$PORT" "$pid" $((ms / 1000)) $((ms % 1000 / 100))
}

stop() {
  if ! running; then rm -f "$PIDFILE"; echo "kafka: not running"; return 0; fi
  local pid i
  pid=$(cat "$PIDFILE")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do alive "$pid" || break; sleep 0.1; done
  if alive "$pid"; then
    echo "kafka: no exit within ${STOP_TIMEOUT}s of SIGTERM, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
  echo "kafka: stopped"
}

case ${1:-} in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) running ;;
  version) echo "$KAFKA_VERSION" ;;
  *) die "usage: $0 fetch|start|stop|status|version" ;;
esac
