#!/usr/bin/env bash
# Service CPU per request for a 12 MP photo (4032x3024 JPEG, bench/make_inputs.py) sent as the raw
# body (Content-Type: image/jpeg) and as multipart, beside a 224 px PNG sent raw, against the
# packaged service with the bundled demo model; and the floor: libjpeg-turbo's djpeg at the scale
# the service reads that photo for the model (1/8 for the demo model's 56 px input), plus Pillow's
# bilinear resize of that read (bench/raw-body-cpu/floor.py). Issue 20's target for raw bodies:
# (12 MP cost - 224 px PNG cost) <= 1.1 x floor.
#
# CPU per request = the service process's CPU time (utime + stime from /proc/PID/stat) over a
# window / the requests it answered in it (its tscam_requests_total), so the load generator's CPU
# does not count. Windows alternate (png, raw, multipart) ROUNDS times; the median is reported.
#
#   mvn -q package -DskipTests -DskipPythonTests && bench/raw-body-cpu.sh
#   N=300 C=4 ROUNDS=5 bench/raw-body-cpu.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="${JAR:-$(ls "$ROOT"/target/tscam-server-*.jar | head -n 1)}"
N="${N:-200}"          # requests per window
C="${C:-4}"            # concurrent clients
ROUNDS="${ROUNDS:-3}"
SCALE="${SCALE:-1/8}"  # the service's read of a 4032x3024 JPEG for a 56 px model input
INPUT_SIDE="${INPUT_SIDE:-56}"
OUT="$ROOT/target/raw-body-cpu"
# shellcheck source=bench/service.sh
source "$ROOT/bench/service.sh"

need() { # need COMMAND DEBIAN_PACKAGE
  command -v "$1" >/dev/null && return
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y "$2" >/dev/null; else sudo apt-get install -y "$2" >/dev/null; fi
}
need djpeg libjpeg-turbo-progs
need hey hey

mkdir -p "$OUT"
[[ -f "$OUT/inputs/jpeg-4032x3024.jpg" ]] || /usr/bin/python3 "$ROOT/bench/make_inputs.py" "$OUT/inputs" >/dev/null
PHOTO="$OUT/inputs/jpeg-4032x3024.jpg"
PNG="$OUT/inputs/png-224.png"
/usr/bin/python3 -c 'import sys; from PIL import Image; Image.new("RGB", (16, 16), (90, 120, 200)).save(sys.argv[1], quality=90)' "$OUT/tiny.jpg"

start_service --tscam.model.dir="$ROOT/models/demo"

TICKS="$(getconf CLK_TCK)"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$APP/stat"; }
answered() {
  curl -s "http://127.0.0.1:$MANAGEMENT_PORT/actuator/prometheus" |
    awk -F'[{}]' '/^tscam_requests_total\{/ { n += $3 } END { printf "%.0f", n }'
}
succeeded() {
  curl -s "http://127.0.0.1:$MANAGEMENT_PORT/actuator/prometheus" |
    awk -F'[{}]' '/^tscam_requests_total\{/ && /outcome="success"/ { n += $3 } END { printf "%.0f", n }'
}
send() { # send FILE CONTENT_TYPE REQUESTS
  hey -n "$3" -c "$C" -m POST -T "$2" -D "$1" "http://127.0.0.1:$PORT/localize?topk=1" >/dev/null
}
window() { # window NAME FILE CONTENT_TYPE -> ms of service CPU per answered request
  local ticks answers ok
  ticks="$(cpu_ticks)"; answers="$(answered)"; ok="$(succeeded)"
  send "$2" "$3" "$N"
  ticks=$(($(cpu_ticks) - ticks)); answers=$(($(answered) - answers)); ok=$(($(succeeded) - ok))
  [[ $ok -eq $answers ]] || echo "warning: $1: $((answers - ok)) of $answers answers were not 200" >&2
  awk -v t="$ticks" -v hz="$TICKS" -v n="$answers" 'BEGIN { printf "%.2f", t / hz * 1000 / n }'
}

# One multipart body of the photo, as a client library sends it.
BOUNDARY="tscam-raw-body-cpu"
{
  printf -- '--%s\r\nContent-Disposition: form-data; name="image"; filename="photo.jpg"\r\n' "$BOUNDARY"
  printf 'Content-Type: image/jpeg\r\n\r\n'
  cat "$PHOTO"
  printf '\r\n--%s--\r\n' "$BOUNDARY"
} > "$OUT/photo.body"
MULTIPART="multipart/form-data; boundary=$BOUNDARY"

# Warm-up: JIT, ONNX Runtime arenas, the TurboJPEG library, on every path measured.
send "$PNG" image/png 100; send "$PHOTO" image/jpeg 50; send "$OUT/photo.body" "$MULTIPART" 50

echo "# $(basename "$JAR"), demo model, $N requests per window at c=$C, $ROUNDS rounds; $(nproc) cores"
echo "round png224_raw_ms photo_raw_ms photo_multipart_ms"
: > "$OUT/windows.txt"
for round in $(seq 1 "$ROUNDS"); do
  png="$(window png "$PNG" image/png)"
  raw="$(window raw "$PHOTO" image/jpeg)"
  multipart="$(window multipart "$OUT/photo.body" "$MULTIPART")"
  echo "$round $png $raw $multipart" | tee -a "$OUT/windows.txt"
done
/usr/bin/python3 "$ROOT/bench/raw-body-cpu/floor.py" "$PHOTO" "$OUT/tiny.jpg" "$SCALE" "$INPUT_SIDE" | tee "$OUT/floor.txt"
awk -v floor="$(sed -n 's/.*floor_ms=\([0-9.]*\).*/\1/p' "$OUT/floor.txt")" '
  { png[NR] = $2; raw[NR] = $3; mp[NR] = $4 }
  function median(a, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    p = median(png, NR); r = median(raw, NR); m = median(mp, NR)
    printf "median: png224 %.2f ms, 12 MP raw %.2f ms, 12 MP multipart %.2f ms\n", p, r, m
    printf "12 MP beyond 224 px PNG: raw %.2f ms = %.2f x floor, multipart %.2f ms = %.2f x floor (floor %.2f ms; target raw <= 1.1)\n",
      r - p, (r - p) / floor, m - p, (m - p) / floor, floor
  }' "$OUT/windows.txt"
