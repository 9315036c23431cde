#!/usr/bin/env bash
# Webhook inbox load: starts the packaged hub on loopback (H2, or PostgreSQL when SPRING_DATASOURCE_URL
# is set) with its sandboxes and seed, so the webhooks name SKUs the hub knows and processing maps and
# publishes them into the stock core and outbound delivery, as in production; then runs
# io.omnihub.bench.WebhookLoadHarness against it: 200 signed webhooks/s, then as fast as 8 connections go, then the baseline (wrong signature). Bounded in time; the hub is stopped
# afterwards. Prints a Markdown table. Further arguments go to the hub, e.g. to pause processing and
# measure the acknowledgement path alone:
#   --camel.main.routes-exclude-pattern=file:routes/webhook-inbox-process.camel.yaml,file:routes/webhook-inbox-sweep.camel.yaml
# or the inbox with its processing but without the consumers behind it (stock core, event store, outbound):
#   --camel.main.routes-exclude-pattern=file:routes/stock-core.camel.yaml,file:routes/ingest-store.camel.yaml,file:routes/outbound-shopify.camel.yaml,file:routes/outbound-bol.camel.yaml,file:routes/outbound-square.camel.yaml
#   usage: src/bench/webhook-load.sh [seconds=20] [connections=8] [hub arguments...]
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/hub.sh
seconds=${1:-20}; connections=${2:-8}
shift $(( $# < 2 ? $# : 2 ))
port=18090 key=bench-square-signature-key
url=http://127.0.0.1:$port/webhooks/square/outdoor-nl
OMNIHUB_SQUARE_WEBHOOK_SIGNATURE_KEY=$key OMNIHUB_SQUARE_NOTIFICATION_URL=$url \
    start_hub $port 19192 --omnihub.sandbox.enabled=true "$@"
# the webhooks name SKUs the seed links; wait for it, and for its opening counts to reach the stock core
for _ in $(seq 1 120); do grep -q "Seeded the hub" "$hub_work/hub.log" && break; sleep 1; done
grep -q "Seeded the hub" "$hub_work/hub.log" || { echo "the hub did not seed" >&2; exit 1; }
sleep 10
# with the processing flows left out, the harness does not wait for processing to catch up
processing=running
case " $* " in *webhook-inbox-process*) processing=paused ;; esac
./mvnw -q -Pjmh test-compile exec:exec -Dbench.main=io.omnihub.bench.WebhookLoadHarness \
    -Djmh.args="http://127.0.0.1:$port $key $url $seconds $connections 200 $processing"
