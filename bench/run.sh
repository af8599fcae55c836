#!/usr/bin/env bash
# Regenerates docs/benchmarks.md: one run, one machine, every number from this run.
#
#   bench/run.sh                  # the full run (about 10 minutes on 2 cores)
#   BENCH_SECONDS=2 BENCH_WARMUP=1 BENCH_CEILING_SECONDS=1 BENCH_JMH_ARGS="-f 1 -wi 1 -w 200ms -i 1 -r 300ms" \
#     bench/run.sh                # a smoke run (about 3 minutes)
#
# Steps: build the jar and the benchmark classes (Maven profile jmh), export the random
# DeiT-Small packages (once), write the inputs, then measure: the raw ONNX Runtime ceiling, POST
# /localize under load (hey), the JMH microbenchmarks, the fidelity of reduced-scale JPEG reads
# (100 12 MP photos, written once); finally render the report.
#
# Settings (environment):
#   BENCH_SECONDS          seconds per load point (default 10)
#   BENCH_WARMUP           warm-up seconds per input before its load points (default 3)
#   BENCH_CONCURRENCY      load points (default "1 4 16 64")
#   BENCH_CEILING_SECONDS  seconds per batch size of the raw ceiling (default 5)
#   BENCH_JMH_ARGS         JMH run options (default "-f 1 -wi 3 -w 1s -i 5 -r 1s")
#   BENCH_E2E_MODELS       model packages driven end to end (default: deit-small and models/demo)
#   BENCH_JAVA_OPTS        JVM options of the service under test (default: as deployed, see below)
#   BENCH_SERVICE_ARGS     extra service arguments, e.g. --tscam.batching.max-size=4
#   BENCH_DEVICE           cpu (default) or cuda: builds with -Pgpu, adds the CUDA provider to the
#                          ceiling and runs the service with --tscam.device=cuda
#   BENCH_OUT              the report (default docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=/usr/bin/python3
RESULTS=target/bench
MODELS=target/bench-models
SECONDS_PER_POINT=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-3}
CONCURRENCY=${BENCH_CONCURRENCY:-1 4 16 64}
CEILING_SECONDS=${BENCH_CEILING_SECONDS:-5}
JMH_ARGS=${BENCH_JMH_ARGS:--f 1 -wi 3 -w 1s -i 5 -r 1s}
E2E_MODELS=${BENCH_E2E_MODELS:-$MODELS/deit-small models/demo}
# Default: the JVM sized as in the container image (Dockerfile's JAVA_OPTS) under the Helm chart's
# 2 GiB memory limit (MaxRAM stands in for the cgroup limit), so peak RSS is the deployment's.
export BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:MaxRAM=2g -XX:MaxRAMPercentage=60.0 -XX:InitialRAMPercentage=30.0}
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

step() { printf '\n== %s (%s)\n' "$1" "$(date +%T)"; }

step "build"
mvn -q -B -ntp -P$PROFILES package -DskipTests -DskipPythonTests=true \
  dependency:build-classpath -Dmdep.outputFile="$RESULTS/classpath.txt" -Dmdep.includeScope=test
JAR=target/tscam-server-0.1.0.jar
CLASSPATH="target/test-classes:target/classes:$(cat "$RESULTS/classpath.txt")"

step "models"
export_model() { # folder, extra exporter arguments
  if [[ ! -f $MODELS/$1/model.onnx ]]; then
    $PYTHON tools/export.py --arch deit_small --random --seed 0 --num-classes 200 \
      --out "$MODELS/$1" "${@:2}"
  fi
}
export_model deit-small
export_model deit-small-mean --attention mean

step "inputs"
$PYTHON bench/make_inputs.py "$RESULTS/inputs"
rm -f "$RESULTS"/ceiling-*.json "$RESULTS"/e2e-*.json "$RESULTS"/jmh.json "$RESULTS"/fidelity.json
$PYTHON bench/machine.py "$RESULTS/machine.json"

step "raw ONNX Runtime ceiling"
for model in $MODELS/deit-small $MODELS/deit-small-mean models/demo; do
  java -cp "$CLASSPATH" io.tscam.server.bench.OrtCeiling \
    "$model" "$CEILING_SECONDS" "$RESULTS/ceiling-$(basename "$model").json" 1,4,8 "$DEVICE"
done

step "POST /localize under load"
for model in $E2E_MODELS; do
  # shellcheck disable=SC2086 # CONCURRENCY is a list
  $PYTHON bench/e2e.py --jar "$JAR" --model "$model" --inputs "$RESULTS/inputs" \
    --out "$RESULTS/e2e-$(basename "$model").json" \
    --seconds "$SECONDS_PER_POINT" --warmup "$WARMUP" --concurrency $CONCURRENCY
done

step "JMH microbenchmarks"
# shellcheck disable=SC2086 # JMH_ARGS is a list of options
java -cp "$CLASSPATH" org.openjdk.jmh.Main $JMH_ARGS \
  -p modelDir=$MODELS/deit-small -rf json -rff "$RESULTS/jmh.json" \
  'PostprocessingBenchmark|ResponseJsonBenchmark|OverlayBenchmark|DecodeBenchmark|PngEncoderBenchmark' \
  >"$RESULTS/jmh.log"
sed -n '/^Benchmark /,$p' "$RESULTS/jmh.log"

step "fidelity of reduced-scale JPEG reads"
$PYTHON bench/make_fidelity_photos.py "$RESULTS/fidelity-photos" --count 100
java -cp "$CLASSPATH" io.tscam.server.bench.FidelityCheck \
  models/demo "$RESULTS/fidelity-photos" "$RESULTS/fidelity.json"

step "report"
$PYTHON bench/machine.py --busy "$RESULTS/busy-after.json"
BENCH_SECONDS=$SECONDS_PER_POINT BENCH_WARMUP=$WARMUP BENCH_CEILING_SECONDS=$CEILING_SECONDS \
  BENCH_JMH_ARGS=$JMH_ARGS $PYTHON -c '
import json, os, sys
names = ("seconds", "warmup", "ceiling_seconds", "jmh_args", "java_opts", "service_args")
json.dump({n: os.environ["BENCH_" + n.upper()] for n in names}, open(sys.argv[1], "w"), indent=2)
' "$RESULTS/settings.json"
$PYTHON bench/report.py "$RESULTS" bench/benchmarks.template.md "$REPORT"
echo "wrote $REPORT"
