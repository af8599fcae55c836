#!/usr/bin/env bash
# What the pipeline's spans cost: three copies of the packaged service side by side, loaded in
# turn (A, B, C, A, B, C, ...) so that a noisy machine weighs on each alike:
#   A  spans off         --management.observations.enable.tscam.span=false (no pipeline observation)
#   B  as shipped        the observations are made, tracing samples nothing (probability 0.0)
#   C  every request     --management.tracing.sampling.probability=1.0 (spans made and ended; no
#                        OTLP endpoint, so none leaves the process)
# Per window: requests/s (hey) and service CPU per answered request (process CPU from /proc, so
# the load generator's CPU does not count); at the end B and C against A, round by round.
#
#   bench/tracing_overhead.sh            # needs target/tscam-server-*.jar (mvn package) and hey
#   ROUNDS=5 SECONDS_PER_WINDOW=15 CONCURRENCY=16 IMAGE=photo.jpg bench/tracing_overhead.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS="${ROUNDS:-3}"
WINDOW="${SECONDS_PER_WINDOW:-10}"
CONCURRENCY="${CONCURRENCY:-8}"
IMAGE="${IMAGE:-$ROOT/src/main/resources/static/samples/sneaker.png}"
MODEL_DIR="${MODEL_DIR:-$ROOT/models/demo}"
JAVA_OPTS="${JAVA_OPTS:--XX:MaxRAM=2g -XX:MaxRAMPercentage=40.0 -XX:InitialRAMPercentage=15.0}"
OUT="$ROOT/target/tracing-overhead"
JAR="$(ls "$ROOT"/target/tscam-server-*.jar | head -n 1)"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

command -v hey >/dev/null || { echo "hey is missing: apt-get install -y hey" >&2; exit 2; }
mkdir -p "$OUT"
BOUNDARY="tscam-tracing-boundary"
{
  printf -- '--%s\r\nContent-Disposition: form-data; name="image"; filename="upload"\r\n' "$BOUNDARY"
  printf 'Content-Type: application/octet-stream\r\n\r\n'
  cat "$IMAGE"
  printf '\r\n--%s--\r\n' "$BOUNDARY"
} > "$OUT/body.bin"

free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])'; }
declare -A ARGS=(
  [A]="--management.observations.enable.tscam.span=false"
  [B]=""
  [C]="--management.tracing.sampling.probability=1.0"
)
declare -A PID PORT
stop_all() { for v in "${!PID[@]}"; do kill "${PID[$v]}" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_all EXIT
for v in A B C; do
  PORT[$v]="$(free_port)"
  management="$(free_port)"
  # shellcheck disable=SC2086 # JAVA_OPTS and the variant's arguments are lists
  java $JAVA_OPTS -jar "$JAR" --server.port="${PORT[$v]}" --management.server.port="$management" \
    --tscam.model.dir="$MODEL_DIR" ${ARGS[$v]} > "$OUT/app-$v.log" 2>&1 &
  PID[$v]=$!
  for _ in $(seq 1 180); do
    curl -sf "http://127.0.0.1:$management/actuator/health/readiness" >/dev/null && break
    kill -0 "${PID[$v]}" 2>/dev/null || { echo "variant $v died at startup, see $OUT/app-$v.log" >&2; exit 1; }
    sleep 1
  done
done

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
load() { # load VARIANT SECONDS -> "req_per_s answered"
  hey -z "${2}s" -c "$CONCURRENCY" -m POST -T "multipart/form-data; boundary=$BOUNDARY" \
    -D "$OUT/body.bin" "http://127.0.0.1:${PORT[$1]}/localize" > "$OUT/hey.txt"
  awk '/Requests\/sec/ { rps = $2 } /\[200\]/ { ok = $2 } END { print rps, ok }' "$OUT/hey.txt"
}

for v in A B C; do load "$v" 5 >/dev/null; done # JIT and ONNX Runtime arenas settle first
TICKS="$(getconf CLK_TCK)"
: > "$OUT/windows.txt"
for round in $(seq 1 "$ROUNDS"); do
  for v in A B C; do
    before="$(cpu_ticks "${PID[$v]}")"
    read -r rps ok <<< "$(load "$v" "$WINDOW")"
    after="$(cpu_ticks "${PID[$v]}")"
    cpu_ms=$(/usr/bin/python3 -c "print(round(($after - $before) * 1000 / $TICKS / max($ok, 1), 2))")
    echo "round $round $v req/s=$rps cpu_ms_per_req=$cpu_ms" | tee -a "$OUT/windows.txt"
  done
done

/usr/bin/python3 - "$OUT/windows.txt" <<'PY'
import statistics
import sys

# Each round's B and C against the same round's A: the machine's drift between rounds cancels.
rounds = {}
for _, number, variant, rps, cpu in (line.split() for line in open(sys.argv[1])):
    rounds.setdefault(number, {})[variant] = (
        float(rps.split("=")[1]),
        float(cpu.split("=")[1]),
    )
for variant in ("B", "C"):
    rps = [r[variant][0] / r["A"][0] for r in rounds.values()]
    cpu = [r[variant][1] / r["A"][1] for r in rounds.values()]
    print(
        f"{variant} / A over {len(rounds)} rounds: req/s median {statistics.median(rps):.3f}"
        f" (range {min(rps):.2f}-{max(rps):.2f}), CPU ms/req median {statistics.median(cpu):.3f}"
        f" (range {min(cpu):.2f}-{max(cpu):.2f})"
    )
PY
