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
OUT="$ROOT/target/slow-clients"
# shellcheck source=bench/service.sh
source "$ROOT/bench/service.sh"

mkdir -p "$OUT"
[[ -f "$OUT/photo.jpg" ]] || /usr/bin/python3 "$ROOT/bench/overload/make_photo.py" "$OUT/photo.jpg" 1280 960

# shellcheck disable=SC2086 # APP_ARGS is a list of arguments
start_service --tscam.model.dir="$ROOT/models/demo" $APP_ARGS

echo "# $(basename "$JAR") $APP_ARGS"
/usr/bin/python3 "$ROOT/bench/slow-clients/drive.py" "http://127.0.0.1:$PORT" \
  "http://127.0.0.1:$MANAGEMENT_PORT" "$OUT/photo.jpg" "$SLOW" "$INTERVAL" "$DURATION"
echo "rss_mb=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$APP/status")"
