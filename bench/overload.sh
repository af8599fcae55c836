#!/usr/bin/env bash
# Overload test of the packaged service: a small inference queue, 4x more concurrent clients than
# it can hold, for a bounded time. Checks that the excess is refused with 503 + Retry-After (never
# another status, never a dropped request), measures p99 of the accepted requests, the process RSS,
# and that full throughput is back right after. Results: docs/reliability.md.
#
#   bench/overload.sh                      # defaults below; needs target/tscam-server-*.jar, hey
#   DURATION=60 BATCH=8 QUEUE=8 bench/overload.sh
#   APP_ARGS=--tscam.inference.intra-op-threads=1 bench/overload.sh
#
# Exit status 0 only when every check holds.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MODEL_DIR="${MODEL_DIR:-$ROOT/models/demo}"
IMAGE="${IMAGE:-}"            # default: a synthetic 1280x960 camera-like JPEG
BATCH="${BATCH:-4}"            # tscam.batching.max-size
QUEUE="${QUEUE:-4}"            # tscam.batching.queue-capacity
DURATION="${DURATION:-20}"     # seconds of overload
APP_ARGS="${APP_ARGS:-}"       # more --key=value arguments for the app
MIN_RECOVERY="${MIN_RECOVERY:-0.9}" # throughput after / before that counts as recovered
STEADY="${STEADY:-10}"         # seconds of each steady run (before and after), BATCH clients
CAPACITY=$((BATCH + QUEUE))    # requests the inference stage holds: one batch running + the queue
CLIENTS=$((4 * CAPACITY))
OUT="$ROOT/target/overload"
JAR="$(ls "$ROOT"/target/tscam-server-*.jar | head -n 1)"

# The service runs as the container image runs it (see Dockerfile), its JVM sized as under the
# Helm chart's 2 GiB memory limit.
# shellcheck source=bench/service.sh
source "$ROOT/bench/service.sh"

command -v hey >/dev/null || { echo "hey is missing: apt-get install -y hey" >&2; exit 2; }
mkdir -p "$OUT"
PORT="$(free_port)"
URL="http://127.0.0.1:$PORT/localize"
MANAGEMENT_PORT="$(free_port)"

if [[ -z "$IMAGE" ]]; then
  IMAGE="$OUT/photo.jpg"
  /usr/bin/python3 "$ROOT/bench/overload/make_photo.py" "$IMAGE" 1280 960
fi

# One multipart body, reused by every request.
BOUNDARY="tscam-overload-boundary"
{
  printf -- '--%s\r\nContent-Disposition: form-data; name="image"; filename="upload"\r\n' "$BOUNDARY"
  printf 'Content-Type: application/octet-stream\r\n\r\n'
  cat "$IMAGE"
  printf '\r\n--%s--\r\n' "$BOUNDARY"
} > "$OUT/body.bin"
CONTENT_TYPE="multipart/form-data; boundary=$BOUNDARY"

# shellcheck disable=SC2086 # APP_ARGS is a list of arguments
start_service --tscam.model.dir="$MODEL_DIR" \
  --tscam.batching.max-size="$BATCH" --tscam.batching.queue-capacity="$QUEUE" $APP_ARGS

rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$APP/status"; }
load() { # load NAME CONCURRENCY SECONDS
  hey -z "${3}s" -c "$2" -m POST -T "$CONTENT_TYPE" -D "$OUT/body.bin" -o csv "$URL" > "$OUT/$1.csv"
  /usr/bin/python3 "$ROOT/bench/overload/summarize.py" "$OUT/$1.csv" "$3"
}
served() { # requests the server counted, by outcome (its tscam.requests metric)
  curl -s "http://127.0.0.1:$MANAGEMENT_PORT/actuator/prometheus" |
    awk -F'[{}]' '/^tscam_requests_total\{/ { sum += $3 } END { printf "%.0f", sum }'
}

echo "# overload: batch $BATCH, queue $QUEUE, capacity $CAPACITY, $CLIENTS clients, ${DURATION}s"
echo "rss_idle_mb=$(rss_mb)"
load warmup "$BATCH" 5 >/dev/null # JIT and ONNX Runtime arenas settle before anything is measured
before="$(load before "$BATCH" "$STEADY")"
echo "before   $before"

# Counted before the probe starts, so every probe answer falls between the two readings.
counted_before="$(served)"
# During the overload: peak RSS, and a probe that keeps every 503's headers.
: > "$OUT/probe.headers"
: > "$OUT/rss.samples"
rm -f "$OUT/stop"
(
  while [[ ! -e "$OUT/stop" ]]; do
    rss_mb >> "$OUT/rss.samples"; echo >> "$OUT/rss.samples"
    curl -s -o /dev/null -D - -X POST -H "Content-Type: $CONTENT_TYPE" \
      --data-binary @"$OUT/body.bin" "$URL" >> "$OUT/probe.headers" || true
    sleep 0.2
  done
) &
PROBE=$!
overload="$(load overload "$CLIENTS" "$DURATION")"
touch "$OUT/stop"; wait "$PROBE"
sleep 1 # the server counts a request just after its answer is sent
counted_after="$(served)"
echo "overload $overload"
after="$(load after "$BATCH" "$STEADY")"
echo "after    $after"

probe_503="$(grep -c '^HTTP/1.1 503' "$OUT/probe.headers" || true)"
probe_retry="$(grep -ci '^Retry-After: 1' "$OUT/probe.headers" || true)"
probe_total="$(grep -c '^HTTP/1.1 ' "$OUT/probe.headers" || true)"
echo "rss_peak_mb=$(sort -n "$OUT/rss.samples" | tail -n 1) rss_after_mb=$(rss_mb)"
echo "probe: $probe_total requests, $probe_503 answered 503, $probe_retry with Retry-After: 1"

# The checks.
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<< "$2"; }
failures=0
statuses="$(field statuses "$overload")"
if ! [[ "$statuses" =~ ^200:[0-9]+,503:[0-9]+$ ]]; then
  echo "FAIL: statuses under overload were $statuses, expected only 200 and 503 (both)"; failures=1
fi
if [[ "$probe_503" != "$probe_retry" ]]; then
  echo "FAIL: a 503 without Retry-After"; failures=1
fi
completed=$(( $(field completed "$overload") + probe_total ))
counted=$((counted_after - counted_before))
if (( completed != counted )); then
  echo "FAIL: the server counted $counted requests, clients received $completed answers"; failures=1
fi
before_rate="$(field ok_per_s "$before")"
after_rate="$(field ok_per_s "$after")"
if ! /usr/bin/python3 -c "import sys; sys.exit(0 if $after_rate >= $MIN_RECOVERY * $before_rate else 1)"; then
  echo "FAIL: throughput after the overload ($after_rate/s) is under $MIN_RECOVERY x before ($before_rate/s)"
  failures=1
fi
(( failures == 0 )) && echo "PASS: only 200/503, Retry-After on every 503, nothing dropped, throughput back"
exit "$failures"
