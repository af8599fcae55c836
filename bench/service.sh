# Sourced by the benchmark scripts: starts the packaged service as the container runs it and waits
# until it is ready. Needs ROOT, JAR, OUT; honours JAVA_OPTS, PORT, MANAGEMENT_PORT. Sets APP (its
# pid), PORT and MANAGEMENT_PORT; the service is stopped when the script exits.
#
#   start_service --tscam.model.dir="$ROOT/models/demo" [more --key=value arguments]

export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
JAVA_OPTS="${JAVA_OPTS:--XX:MaxRAM=2g -XX:MaxRAMPercentage=40.0 -XX:InitialRAMPercentage=15.0}"

free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])'; }

start_service() {
  PORT="${PORT:-$(free_port)}"
  MANAGEMENT_PORT="${MANAGEMENT_PORT:-$(free_port)}"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  java $JAVA_OPTS -jar "$JAR" --server.port="$PORT" --management.server.port="$MANAGEMENT_PORT" \
    "$@" > "$OUT/app.log" 2>&1 &
  APP=$!
  trap 'kill "$APP" 2>/dev/null || true; wait "$APP" 2>/dev/null || true' EXIT
  for _ in $(seq 1 180); do
    curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness" >/dev/null && return
    kill -0 "$APP" 2>/dev/null || { echo "the app died at startup, see $OUT/app.log" >&2; exit 1; }
    sleep 1
  done
  echo "the app was not ready within 180 s, see $OUT/app.log" >&2
  exit 1
}
