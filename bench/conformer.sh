#!/usr/bin/env bash
# Conformer-S beside DeiT-S on this machine: the raw ONNX Runtime ceiling, POST /localize
# throughput at concurrency 16 on CUB-sized JPEGs (500x375) and the service's peak RSS.
#
#   bench/conformer.sh              # about 12 minutes on 2 cores
#   BENCH_WINDOWS=3 BENCH_SECONDS=5 bench/conformer.sh   # shorter
#
# Both packages are exported with random weights (200 CUB classes), the Conformer from a
# checkpoint in the official format (tools/random_checkpoint.py), so the export path is the one
# an official download takes. The models are measured in alternating windows (DeiT-S, Conformer-S,
# DeiT-S, ...) so that a noisy neighbour slows both; the summary gives each model's median over its
# windows and the ratios. Results: target/bench-conformer/*.json and summary.json.
#
# Settings (environment):
#   BENCH_WINDOWS          windows in all, alternating, starting with DeiT-S (default 5)
#   BENCH_SECONDS          seconds of the c=16 load point (default 10)
#   BENCH_WARMUP           warm-up seconds before it (default 3)
#   BENCH_CEILING_SECONDS  seconds per configuration of the raw ceiling (default 5; bench/ceiling_grid.sh)
#   BENCH_JAVA_OPTS        JVM options of the service (default: as bench/run.sh, the container's)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=/usr/bin/python3
RESULTS=target/bench-conformer
MODELS=target/bench-models
WINDOWS=${BENCH_WINDOWS:-5}
SECONDS_PER_POINT=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-3}
CEILING_SECONDS=${BENCH_CEILING_SECONDS:-5}
export BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:MaxRAM=2g -XX:MaxRAMPercentage=40.0 -XX:InitialRAMPercentage=15.0}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

# shellcheck source=bench/ceiling_grid.sh
source bench/ceiling_grid.sh

step() { printf '\n== %s (%s)\n' "$1" "$(date +%T)"; }

step "build"
mkdir -p "$RESULTS"
mvn -q -B -ntp -Pjmh package -DskipTests -DskipPythonTests=true \
  dependency:build-classpath -Dmdep.outputFile="$RESULTS/classpath.txt" -Dmdep.includeScope=test
JAR=target/tscam-server-0.1.0.jar
CLASSPATH="target/test-classes:target/classes:$(cat "$RESULTS/classpath.txt")"

step "models"
if [[ ! -f $MODELS/deit-small/model.onnx ]]; then
  $PYTHON tools/export.py --arch deit_small --random --seed 0 --num-classes 200 \
    --out "$MODELS/deit-small"
fi
if [[ ! -f $MODELS/conformer-small/model.onnx ]]; then
  $PYTHON tools/random_checkpoint.py --arch conformer_small --num-classes 200 \
    --out "$MODELS/conformer_small_random.pth"
  $PYTHON tools/export.py --arch conformer_small --checkpoint "$MODELS/conformer_small_random.pth" \
    --num-classes 200 --name conformer-small-random --out "$MODELS/conformer-small"
fi

step "inputs"
$PYTHON bench/make_inputs.py "$RESULTS/all-inputs"
# Only the CUB-sized JPEG: e2e.py drives every input its folder's inputs.json lists.
mkdir -p "$RESULTS/inputs"
cp "$RESULTS"/all-inputs/jpeg-500x375.* "$RESULTS/inputs/"
$PYTHON -c '
import json, sys
manifest = json.load(open(sys.argv[1]))
manifest["inputs"] = [i for i in manifest["inputs"] if i["name"] == "jpeg-500x375"]
json.dump(manifest, open(sys.argv[2], "w"), indent=2)
' "$RESULTS/all-inputs/inputs.json" "$RESULTS/inputs/inputs.json"
rm -f "$RESULTS"/ceiling-*.json "$RESULTS"/e2e-*.json

for ((window = 1; window <= WINDOWS; window++)); do
  if ((window % 2)); then model=deit-small; else model=conformer-small; fi
  step "window $window: $model"
  java -cp "$CLASSPATH" io.tscam.server.bench.OrtCeiling \
    "$MODELS/$model" "$CEILING_SECONDS" "$RESULTS/ceiling-$model-$window.json" "$(sweep_grid)" cpu
  $PYTHON bench/e2e.py --jar "$JAR" --model "$MODELS/$model" --inputs "$RESULTS/inputs" \
    --out "$RESULTS/e2e-$model-$window.json" --seconds "$SECONDS_PER_POINT" --warmup "$WARMUP" \
    --concurrency 16 --port 18220
done

step "summary"
$PYTHON bench/conformer_summary.py "$RESULTS"
