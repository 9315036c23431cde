#!/usr/bin/env bash
# Stock core load: starts the packaged hub on loopback (H2, or PostgreSQL when SPRING_DATASOURCE_URL
# is set; sandboxes and seeding off), then runs io.omnihub.bench.StockCoreLoadHarness against it:
# writes N inventory adjustments onto Kafka and times the stock core applying them, `rounds` times
# against the same hub (the first warms it up), with a bare Kafka consumer on the same records as
# baseline. Bounded; the hub is stopped afterwards. Prints Markdown.
#   usage: src/bench/stock-core-load.sh [events=20000] [skus=100] [rounds=4] [eventIds=door|name]
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/hub.sh
events=${1:-20000}; skus=${2:-100}; rounds=${3:-4}; ids=${4:-door}
port=18091 kafka=19194
start_hub $port $kafka
./mvnw -q -Pjmh test-compile exec:exec -Dbench.main=io.omnihub.bench.StockCoreLoadHarness \
    -Djmh.args="127.0.0.1:$kafka http://127.0.0.1:$port $events $skus $rounds $ids"
