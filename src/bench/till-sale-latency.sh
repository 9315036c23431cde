#!/usr/bin/env bash
# Till sale to channels: starts the packaged hub on its default embedded run (H2, in-process Kafka,
# sandboxes and seeding on, every sandbox at its published limits) on ports clear of a dev hub, then
# runs io.omnihub.bench.TillSaleLatencyHarness against it: sales rung up at the Square sandbox's till,
# timed until the Shopify and bol.com sandboxes hold values that include them (their own stock history).
# Loopback only; bounded in time; the hub is stopped afterwards. Prints the machine, then Markdown.
#   usage: src/bench/till-sale-latency.sh [sales=2000] [skus=100] [seconds=120] [graceSeconds=60]
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/hub.sh
sales=${1:-2000}; skus=${2:-100}; seconds=${3:-120}; grace=${4:-60}
port=18092 kafka=19196 shopify=18181 bol=18182 square=18183 erp=18184
hub=http://127.0.0.1:$port
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load $(cut -d' ' -f1-3 /proc/loadavg)"
# the default run with the hub and its sandboxes on other ports, wired to each other as the defaults
# are; the simulated ERP's own random bookings paused, as they would move the figures meanwhile
OMNIHUB_SQUARE_NOTIFICATION_URL=$hub/webhooks/square/outdoor-nl start_hub $port $kafka \
    --omnihub.sandbox.enabled=true --omnihub.sandbox.erp.job-interval=0 --omnihub.sandbox.call-log-capacity=100000 \
    --omnihub.sandbox.shopify.port=$shopify --omnihub.sandbox.bol.port=$bol \
    --omnihub.sandbox.square.port=$square --omnihub.sandbox.erp.port=$erp \
    --omnihub.sandbox.square.notification-url=$hub/webhooks/square/outdoor-nl \
    --omnihub.sandbox.shopify.webhook-url=$hub/webhooks/shopify/omnihub-outdoor \
    --omnihub.outbound.shopify.base-url=http://127.0.0.1:$shopify \
    --omnihub.outbound.bol.base-url=http://127.0.0.1:$bol --omnihub.outbound.bol.token-url=http://127.0.0.1:$bol/token
./mvnw -q -Pjmh test-compile exec:exec -Dbench.main=io.omnihub.bench.TillSaleLatencyHarness \
    -Djmh.args="$hub http://127.0.0.1:$square http://127.0.0.1:$shopify http://127.0.0.1:$bol $sales $skus $seconds $grace"
