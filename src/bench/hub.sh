# Sourced by the load scripts: start_hub <http port> <kafka port> [hub arguments...] starts the
# packaged hub on loopback (H2, or PostgreSQL when SPRING_DATASOURCE_URL is set; sandboxes off unless
# the arguments say --omnihub.sandbox.enabled=true) in a throwaway data directory, waits until it is
# ready, and stops it when the calling script exits. Extra environment for the hub is passed through
# as usual (VAR=value start_hub ...).
start_hub() {
  local port=$1 kafka=$2 jar sandboxes=--omnihub.sandbox.enabled=false
  shift 2
  # a property given twice on the command line binds as a list, so the caller's choice replaces ours
  case " $* " in *" --omnihub.sandbox.enabled="*) sandboxes= ;; esac
  jar=$(ls target/omnihub-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
  [ -n "$jar" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 1; }
  hub_work=$(mktemp -d)
  # HUB_JAVA_OPTS: JVM options for the hub only, e.g. a JFR recording
  java ${HUB_JAVA_OPTS:-} -jar "$jar" --server.port="$port" --omnihub.data-dir="$hub_work" $sandboxes \
      --omnihub.kafka.embedded.port="$kafka" --omnihub.kafka.embedded.controller-port=$((kafka + 1)) "$@" \
      >"$hub_work/hub.log" 2>&1 &
  hub_pid=$!
  trap 'kill "$hub_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$hub_work"' EXIT
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null && break
    kill -0 "$hub_pid" 2>/dev/null || { tail -n 30 "$hub_work/hub.log" >&2; exit 1; }
    sleep 1
  done
  echo "hub ready on $port ($(grep -o 'jdbc:[a-z0-9]*' "$hub_work/hub.log" | head -n 1 || echo h2))" >&2
}
