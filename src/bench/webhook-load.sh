#!/usr/bin/env bash
# Webhook inbox load: starts the packaged hub on loopback (H2, or PostgreSQL when SPRING_DATASOURCE_URL
# is set), then runs io.omnihub.bench.WebhookLoadHarness against it: 200 signed webhooks/s, then as
# fast as 8 connections go. Bounded in time; the hub is stopped afterwards. Prints a Markdown table.
#   usage: src/bench/webhook-load.sh [seconds=20] [connections=8]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}; connections=${2:-8}
jar=$(ls target/omnihub-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
[ -n "$jar" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 1; }
work=$(mktemp -d)
port=18090 key=bench-square-signature-key url=http://127.0.0.1:18090/webhooks/square/outdoor-nl
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

OMNIHUB_SQUARE_WEBHOOK_SIGNATURE_KEY=$key OMNIHUB_SQUARE_NOTIFICATION_URL=$url \
  java -jar "$jar" --server.port=$port --omnihub.data-dir="$work" --omnihub.sandbox.enabled=false \
      --omnihub.kafka.embedded.port=19192 --omnihub.kafka.embedded.controller-port=19193 >"$work/hub.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null && break
  kill -0 $pid 2>/dev/null || { tail -n 30 "$work/hub.log" >&2; exit 1; }
  sleep 1
done
echo "hub ready on $port ($(grep -o 'jdbc:[a-z0-9]*' "$work/hub.log" | head -n 1 || echo h2))" >&2
./mvnw -q -Pjmh test-compile exec:exec -Dbench.main=io.omnihub.bench.WebhookLoadHarness \
    -Djmh.args="http://127.0.0.1:$port $key $url $seconds $connections"
