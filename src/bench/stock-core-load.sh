#!/usr/bin/env bash
# Stock core load: starts the packaged hub on loopback (H2, or PostgreSQL when SPRING_DATASOURCE_URL
# is set; sandboxes and seeding off), then runs io.omnihub.bench.StockCoreLoadHarness against it:
# writes N inventory adjustments onto Kafka and times the stock core applying them, with a bare Kafka
# consumer on the same records as baseline. Bounded; the hub is stopped afterwards. Prints Markdown.
#   usage: src/bench/stock-core-load.sh [events=20000] [skus=100]
set -euo pipefail
cd "$(dirname "$0")/../.."
events=${1:-20000}; skus=${2:-100}
jar=$(ls target/omnihub-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
[ -n "$jar" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 1; }
work=$(mktemp -d)
port=18091 kafka=19194
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

java -jar "$jar" --server.port=$port --omnihub.data-dir="$work" --omnihub.sandbox.enabled=false \
    --omnihub.kafka.embedded.port=$kafka --omnihub.kafka.embedded.controller-port=$((kafka + 1)) >"$work/hub.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null && break
  kill -0 $pid 2>/dev/null || { tail -n 30 "$work/hub.log" >&2; exit 1; }
  sleep 1
done
echo "hub ready on $port ($(grep -o 'jdbc:[a-z0-9]*' "$work/hub.log" | head -n 1 || echo h2))" >&2
./mvnw -q -Pjmh test-compile exec:exec -Dbench.main=io.omnihub.bench.StockCoreLoadHarness \
    -Djmh.args="127.0.0.1:$kafka http://127.0.0.1:$port $events $skus"
