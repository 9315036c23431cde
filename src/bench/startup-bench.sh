#!/usr/bin/env bash
# Start-up benchmark: time from `java -jar` to readiness UP, and resident memory once ready,
# over N runs each with the in-process Kafka broker on and off (off = a standalone broker in a
# separate JVM, started once before the "off" runs and not counted). Loopback only; each hub is
# stopped after it is measured. Prints a Markdown table of medians.
#   usage: src/bench/startup-bench.sh [runs=5] [extra JVM options...]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}; shift || true
jvm_opts=("$@")
jar=$(ls target/omnihub-*.jar | grep -v original | head -n 1)
[ -f "$jar" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 1; }
work=$(mktemp -d)
hub_port=18080 kafka_port=19092 controller_port=19093
broker_pid=""
cleanup() { [ -n "$broker_pid" ] && kill "$broker_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# one measured start; prints "<milliseconds> <rss MiB>"
measure() {
  local data=$1; shift
  local start end pid rss
  start=$(date +%s%N)
  java "${jvm_opts[@]}" -jar "$jar" --server.port=$hub_port --omnihub.data-dir="$data" \
      --omnihub.kafka.embedded.port=$kafka_port --omnihub.kafka.embedded.controller-port=$controller_port \
      "$@" >"$data.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do   # at most 120 s
    if curl -fsS -o /dev/null "http://127.0.0.1:$hub_port/actuator/health/readiness" 2>/dev/null; then break; fi
    kill -0 $pid 2>/dev/null || { echo "hub exited:" >&2; tail -n 30 "$data.log" >&2; exit 1; }
    sleep 0.1
  done
  end=$(date +%s%N)
  rss=$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  echo "$(( (end - start) / 1000000 )) $rss"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A ms rss
for i in $(seq 1 "$runs"); do
  read -r t m < <(measure "$work/on-$i")
  ms[on]+="$t "; rss[on]+="$m "
  echo "run $i broker on: ${t} ms, ${m} MiB" >&2
done

java -cp "$jar" -Dloader.main=io.omnihub.broker.EmbeddedKafkaBroker \
    org.springframework.boot.loader.launch.PropertiesLauncher "$work/standalone-kafka" $kafka_port $controller_port \
    >"$work/standalone-kafka.log" 2>&1 &
broker_pid=$!
for _ in $(seq 1 600); do (exec 3<>/dev/tcp/127.0.0.1/$kafka_port) 2>/dev/null && break; sleep 0.1; done
for i in $(seq 1 "$runs"); do
  read -r t m < <(measure "$work/off-$i" --omnihub.kafka.bootstrap-servers=127.0.0.1:$kafka_port \
      --omnihub.events.replication-factor=1)
  ms[off]+="$t "; rss[off]+="$m "
  echo "run $i broker off: ${t} ms, ${m} MiB" >&2
done

echo "| embedded broker | launch to readiness UP, median (ms) | resident memory when ready, median (MiB) | runs (ms) | runs (MiB) |"
echo "|---|---|---|---|---|"
for mode in on off; do
  echo "| $mode | $(echo ${ms[$mode]} | tr ' ' '\n' | median) | $(echo ${rss[$mode]} | tr ' ' '\n' | median) | ${ms[$mode]}| ${rss[$mode]}|"
done
