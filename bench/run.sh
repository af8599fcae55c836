#!/usr/bin/env bash
# Regenerates docs/benchmarks.md: one run, one machine, every number from this run.
#
#   bench/run.sh                               # the full run (about 35 minutes on 2 cores)
#   BENCH_BASELINE=723eea8 bench/run.sh        # ... with before/after: that commit's jar alternated
#   BENCH_SECONDS=2 BENCH_WARMUP=1 BENCH_SWEEP_SECONDS=1 BENCH_RAW_SECONDS=2 BENCH_ROUNDS=1 \
#     BENCH_JMH_ARGS="-f 1 -wi 1 -w 200ms -i 1 -r 300ms" bench/run.sh   # a smoke run
#
# Stages (BENCH_STAGES, in this order; each writes into target/bench, the report reads them all):
#   build     the jar and the benchmark classes (Maven profile jmh); with BENCH_BASELINE, that
#             commit's jar too (git archive into target/bench/baseline-src, built there)
#   models    the random DeiT-Small packages (exported once into target/bench-models)
#   inputs    the benchmark images, the machine's description and how busy it is
#   sweep     the raw ONNX Runtime ceiling over callers x intra-op threads x batch x spinning, per
#             model: the best configuration is what the raw windows measure
#   windows   raw and end-to-end windows alternated so that the host's drift cancels:
#             raw, e2e, raw, e2e, raw (BENCH_ROUNDS e2e windows; with a baseline each e2e window
#             runs both jars, in turn first); the services are stopped during raw windows
#   bound     libjpeg-turbo's djpeg and Pillow's resize on the 12 MP photo (the decode bound)
#   jmh       the JMH microbenchmarks
#   fidelity  reduced-scale JPEG reads against exact ones (100 12 MP photos, written once)
#   label     the `label` command against the same ceiling (bench/label.sh, DeiT-Small)
#   rawbody   service CPU per request, a 12 MP photo as the raw body and as multipart, beside the
#             djpeg + Pillow floor (bench/raw-body-cpu.sh, demo model)
#   report    renders docs/benchmarks.md (bench/report.py + bench/benchmarks.template.md)
# A new measurement is a stage_NAME function below, its name in STAGES, and a section in the
# report that reads its file.
#
# Settings (environment):
#   BENCH_STAGES           the stages to run (default: all of the above)
#   BENCH_SECONDS          seconds per load point (default 10)
#   BENCH_WARMUP           warm-up seconds per input before its load points (default 3)
#   BENCH_JIT_SETTLE_MAX   at most this many seconds of c=16 load before them, until the JIT
#                          compilers take under 1 % of the service's CPU (default 240; bench/e2e.py)
#   BENCH_CONCURRENCY      load points (default "1 4 16 64")
#   BENCH_ROUNDS           end-to-end windows per build (default 2: raw, e2e, raw, e2e, raw)
#   BENCH_SWEEP_SECONDS    seconds per configuration of the sweep (default 5)
#   BENCH_SWEEP_GRID       configurations, CALLERSxTHREADSxBATCH (default: callers x threads =
#                          the cores, batch 1, 4, 8); each with and without spinning
#   BENCH_RAW_SECONDS      seconds per configuration in a raw window (default 10)
#   BENCH_BASELINE         a commit to measure before/after against (default: none)
#   BENCH_JMH_ARGS         JMH run options (default "-f 1 -wi 3 -w 1s -i 5 -r 1s")
#   BENCH_E2E_MODELS       model packages driven end to end (default: deit-small and models/demo)
#   BENCH_JAVA_OPTS        JVM options of the service under test (default: as deployed, see below)
#   BENCH_SERVICE_ARGS     extra service arguments, e.g. --tscam.inference.workers=1
#   BENCH_PORT             the service's port (the actuator's is the next one; default 18080)
#   BENCH_DEVICE           cpu (default) or cuda: builds with -Pgpu, adds the CUDA provider to the
#                          raw runs and runs the service with --tscam.device=cuda
#   BENCH_NOTE             a line for the report (e.g. that the machine was shared)
#   BENCH_OUT              the report (default docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=/usr/bin/python3
RESULTS=target/bench
MODELS=target/bench-models
STAGES=${BENCH_STAGES:-build models inputs sweep windows bound jmh fidelity label rawbody report}
SECONDS_PER_POINT=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-3}
JIT_SETTLE_MAX=${BENCH_JIT_SETTLE_MAX:-240}
CONCURRENCY=${BENCH_CONCURRENCY:-1 4 16 64}
ROUNDS=${BENCH_ROUNDS:-2}
SWEEP_SECONDS=${BENCH_SWEEP_SECONDS:-5}
RAW_SECONDS=${BENCH_RAW_SECONDS:-10}
BASELINE=${BENCH_BASELINE:-}
JMH_ARGS=${BENCH_JMH_ARGS:--f 1 -wi 3 -w 1s -i 5 -r 1s}
E2E_MODELS=${BENCH_E2E_MODELS:-$MODELS/deit-small models/demo}
PORT=${BENCH_PORT:-18080}
CORES=$(nproc)
# Default: the JVM sized as in the container image (Dockerfile's JAVA_OPTS) under the Helm chart's
# 2 GiB memory limit (MaxRAM stands in for the cgroup limit), so peak RSS is the deployment's.
export BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:MaxRAM=2g -XX:MaxRAMPercentage=40.0 -XX:InitialRAMPercentage=15.0}
# The service runs as the container image runs it (see Dockerfile).
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
DEVICE=${BENCH_DEVICE:-cpu}
PROFILES=jmh
if [[ $DEVICE == cuda ]]; then
  PROFILES=jmh,gpu
  BENCH_SERVICE_ARGS="--tscam.device=cuda ${BENCH_SERVICE_ARGS:-}"
fi
export BENCH_SERVICE_ARGS=${BENCH_SERVICE_ARGS:-}
REPORT=${BENCH_OUT:-docs/benchmarks.md}
JAR=target/tscam-server-0.1.0.jar
BASELINE_JAR=$RESULTS/baseline-src/target/tscam-server-0.1.0.jar

# shellcheck source=bench/ceiling_grid.sh
source bench/ceiling_grid.sh

step() { printf '\n== %s (%s)\n' "$1" "$(date +%T)"; }
classpath() { echo "target/test-classes:target/classes:$(cat "$RESULTS/classpath.txt")"; }

stage_build() {
  mkdir -p "$RESULTS"
  mvn -q -B -ntp -P$PROFILES package -DskipTests -DskipPythonTests=true \
    dependency:build-classpath -Dmdep.outputFile="$RESULTS/classpath.txt" -Dmdep.includeScope=test
  # The baseline's jar is built once per commit.
  if [[ -n $BASELINE && ( ! -f $BASELINE_JAR ||
    $(cat "$RESULTS/baseline-commit.txt" 2>/dev/null) != $(git rev-parse --short "$BASELINE") ) ]]
  then
    rm -rf "$RESULTS/baseline-src" && mkdir -p "$RESULTS/baseline-src"
    git archive "$BASELINE" | tar -x -C "$RESULTS/baseline-src"
    (cd "$RESULTS/baseline-src" && mvn -q -B -ntp package -DskipTests -DskipPythonTests=true)
    git rev-parse --short "$BASELINE" >"$RESULTS/baseline-commit.txt"
  fi
}

stage_models() {
  export_model() { # folder, extra exporter arguments
    if [[ ! -f $MODELS/$1/model.onnx ]]; then
      $PYTHON tools/export.py --arch deit_small --random --seed 0 --num-classes 200 \
        --out "$MODELS/$1" "${@:2}"
    fi
  }
  export_model deit-small
  export_model deit-small-mean --attention mean
}

stage_inputs() {
  $PYTHON bench/make_inputs.py "$RESULTS/inputs"
  rm -f "$RESULTS"/sweep-*.json "$RESULTS"/raw-*.json "$RESULTS"/e2e-*.json "$RESULTS"/jmh.json \
    "$RESULTS"/fidelity.json "$RESULTS"/decode-bound.json
  $PYTHON bench/machine.py "$RESULTS/machine.json"
}

stage_sweep() {
  local model
  for model in $MODELS/deit-small $MODELS/deit-small-mean models/demo; do
    java -cp "$(classpath)" io.tscam.server.bench.OrtCeiling \
      "$model" "$SWEEP_SECONDS" "$RESULTS/sweep-$(basename "$model").json" "$(sweep_grid)" "$DEVICE"
  done
}

raw_window() { # window number: the best configuration of the sweep (also with memory patterns
  # off: what ONNX Runtime's planning is worth to the service, which keeps it on) and batch 1 on
  # every core
  local model name configs
  for model in $E2E_MODELS; do
    name=$(basename "$model")
    configs=$($PYTHON -c '
import json, sys
configs = json.load(open(sys.argv[1]))["configs"]
best = max(configs, key=lambda c: c["imagesPerSecond"])["config"]
print(",".join(dict.fromkeys([best, best + "m"] + sys.argv[2:])))' \
      "$RESULTS/sweep-$name.json" "1x${CORES}x1s" "1x${CORES}x1n")
    java -cp "$(classpath)" io.tscam.server.bench.OrtCeiling "$model" "$RAW_SECONDS" \
      "$RESULTS/raw-$name-w$1.json" "$configs" "$DEVICE"
  done
}

e2e_window() { # label, jar, window number
  local model
  for model in $E2E_MODELS; do
    # shellcheck disable=SC2086 # CONCURRENCY is a list
    $PYTHON bench/e2e.py --jar "$2" --model "$model" --inputs "$RESULTS/inputs" --label "$1" \
      --out "$RESULTS/e2e-$1-$(basename "$model")-w$3.json" --port "$PORT" \
      --seconds "$SECONDS_PER_POINT" --warmup "$WARMUP" --jit-settle-max "$JIT_SETTLE_MAX" \
      --concurrency $CONCURRENCY
  done
}

stage_windows() {
  local round
  for ((round = 1; round <= ROUNDS; round++)); do
    step "raw window $round"
    raw_window "$round"
    # With a baseline, the builds take turns at going first, so neither always meets the same
    # point of the host's drift.
    if [[ -n $BASELINE && $((round % 2)) == 0 ]]; then
      step "e2e window $round: baseline, then new" && e2e_window baseline "$BASELINE_JAR" "$round"
      e2e_window new "$JAR" "$round"
    else
      step "e2e window $round: new" && e2e_window new "$JAR" "$round"
      [[ -z $BASELINE ]] || e2e_window baseline "$BASELINE_JAR" "$round"
    fi
  done
  step "raw window $((ROUNDS + 1))"
  raw_window $((ROUNDS + 1))
}

stage_bound() {
  $PYTHON bench/decode_bound.py "$RESULTS/inputs/jpeg-4032x3024.jpg" "$MODELS/deit-small" \
    "$RESULTS/decode-bound.json"
}

stage_jmh() {
  # shellcheck disable=SC2086 # JMH_ARGS is a list of options
  java -cp "$(classpath)" org.openjdk.jmh.Main $JMH_ARGS \
    -p modelDir=$MODELS/deit-small -rf json -rff "$RESULTS/jmh.json" \
    'PostprocessingBenchmark|ResponseJsonBenchmark|OverlayBenchmark|DecodeBenchmark|PngEncoderBenchmark' \
    >"$RESULTS/jmh.log"
  sed -n '/^Benchmark /,$p' "$RESULTS/jmh.log"
}

stage_fidelity() {
  $PYTHON bench/make_fidelity_photos.py "$RESULTS/fidelity-photos" --count 100
  java -cp "$(classpath)" io.tscam.server.bench.FidelityCheck \
    models/demo "$RESULTS/fidelity-photos" "$RESULTS/fidelity.json"
}

stage_label() { # the ceiling's configuration from this run's sweep, when it has one
  local sweep=$RESULTS/sweep-deit-small.json
  [[ -f $sweep ]] || sweep=""
  BENCH_LABEL_MODEL=$MODELS/deit-small BENCH_LABEL_SWEEP=$sweep BENCH_SWEEP_SECONDS=$SWEEP_SECONDS \
    BENCH_CEILING_SECONDS=$RAW_SECONDS bench/label.sh
}

stage_rawbody() {
  JAR=$JAR bench/raw-body-cpu.sh | tee "$RESULTS/raw-body-cpu.txt"
}

stage_report() {
  $PYTHON bench/machine.py --busy "$RESULTS/busy-after.json"
  BENCH_SECONDS=$SECONDS_PER_POINT BENCH_WARMUP=$WARMUP BENCH_SWEEP_SECONDS=$SWEEP_SECONDS \
    BENCH_RAW_SECONDS=$RAW_SECONDS BENCH_ROUNDS=$ROUNDS BENCH_JMH_ARGS=$JMH_ARGS \
    BENCH_BASELINE=$BASELINE BENCH_NOTE=${BENCH_NOTE:-} $PYTHON -c '
import json, os, sys
names = ("seconds", "warmup", "sweep_seconds", "raw_seconds", "rounds", "jmh_args", "java_opts",
         "service_args", "baseline", "note")
json.dump({n: os.environ["BENCH_" + n.upper()] for n in names}, open(sys.argv[1], "w"), indent=2)
' "$RESULTS/settings.json"
  $PYTHON bench/report.py "$RESULTS" bench/benchmarks.template.md "$REPORT"
  echo "wrote $REPORT"
}

# The load generator and libjpeg-turbo's own decoder (the decode bound), from Debian's packages.
for tool in hey:hey djpeg:libjpeg-turbo-progs; do
  if ! command -v "${tool%%:*}" >/dev/null; then
    sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool#*:}" >/dev/null
  fi
done

mkdir -p "$RESULTS"
for stage in $STAGES; do
  step "$stage"
  "stage_$stage"
done
