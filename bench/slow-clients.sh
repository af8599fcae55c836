#!/usr/bin/env bash
# The slow-client experiment of issue 23, against the packaged service with the bundled demo model
# and its default settings: 80 connections each send the headers and the first bytes of a multipart
# POST /localize, then one byte every 3 s, while one client keeps sending ordinary uploads (a
# 1280x960 camera-like JPEG) for 45 s. Prints the ordinary answers per 5 s window, what the slow
# connections got, and the service's counters. Results: docs/reliability.md, "Slow clients".
#
#   mvn -q package -DskipTests -DskipPythonTests && bench/slow-clients.sh
#   JAR=/path/to/other.jar bench/slow-clients.sh      # e.g. a build of an earlier commit
#   SLOW=200 INTERVAL=1 DURATION=60 APP_ARGS=--tscam.upload.body-timeout=10s bench/slow-clients.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="${JAR:-$(ls "$ROOT"/target/tscam-server-*.jar | head -n 1)}"
SLOW="${SLOW:-80}"
INTERVAL="${INTERVAL:-3}"
DURATION="${DURATION:-45}"
APP_ARGS="${APP_ARGS:-}"
JAVA_OPTS="${JAVA_OPTS:--XX:MaxRAM=2g -XX:MaxRAMPercentage=60.0 -XX:InitialRAMPercentage=30.0}"
OUT="$ROOT/target/slow-clients"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])'; }
PORT="${PORT:-$(free_port)}"
MANAGEMENT_PORT="${MANAGEMENT_PORT:-$(free_port)}"

mkdir -p "$OUT"
[[ -f "$OUT/photo.jpg" ]] || /usr/bin/python3 "$ROOT/bench/overload/make_photo.py" "$OUT/photo.jpg" 1280 960

# shellcheck disable=SC2086 # JAVA_OPTS and APP_ARGS are lists
java $JAVA_OPTS -jar "$JAR" --server.port="$PORT" --management.server.port="$MANAGEMENT_PORT" \
  --tscam.model.dir="$ROOT/models/demo" $APP_ARGS > "$OUT/app.log" 2>&1 &
APP=$!
trap 'kill "$APP" 2>/dev/null || true; wait "$APP" 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness" >/dev/null && break
  kill -0 "$APP" 2>/dev/null || { echo "the app died at startup, see $OUT/app.log" >&2; exit 1; }
  sleep 1
done

echo "# $(basename "$JAR") $APP_ARGS"
/usr/bin/python3 "$ROOT/bench/slow-clients/drive.py" "http://127.0.0.1:$PORT" \
  "http://127.0.0.1:$MANAGEMENT_PORT" "$OUT/photo.jpg" "$SLOW" "$INTERVAL" "$DURATION"
echo "rss_mb=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$APP/status")"
