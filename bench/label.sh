#!/usr/bin/env bash
# `label` throughput against the raw ONNX Runtime ceiling of the same model, on 500x375 JPEGs.
#
#   bench/label.sh                 # DeiT-Small (random weights, 200 classes), 400 images
#   BENCH_LABEL_IMAGES=100 BENCH_SWEEP_SECONDS=1 BENCH_CEILING_SECONDS=2 bench/label.sh  # a smoke run
#
# The ceiling is bench/run.sh's: OrtCeiling's best raw configuration (callers x intra-op threads x
# batch 1/4/8, with and without spin-waiting, each after warm-up runs), chosen once by a sweep
# and then measured again, alone, in every ceiling window. Windows alternate, ceiling (A) and label
# (B): A B A B A B A with three label windows, so that a machine whose speed drifts (other work,
# thermal) lowers both sides of a ratio; each label window is compared with the mean of the
# ceilings on either side of it, and the verdict is on the mean of the windows' ratios, as
# bench/run.sh reports its targets; on a shared host the model's own speed drifts between minutes,
# and a third label window narrows the mean. (Taking each window's best of twelve short
# configurations as the ceiling would compare a mean with a maximum of noisy samples, which on a
# shared host reads several percent high.) The label
# figures: the command's own "images/s" over the whole labelling loop (read, decode, preprocess,
# batched inference, maps and boxes, journal; the JVM's startup and the listing left out), and the
# steady rate: the images between its 30 % and 100 % progress lines over the time between them
# (each line timestamped as it is printed), which leaves out the JIT's warm-up (a one-off few
# core-seconds that a real dataset amortises). The verdict is on the steady rate. Results:
# target/bench/label.json.
#
# Settings (environment):
#   BENCH_LABEL_MODEL       model package (default: target/bench-models/deit-small, exported once)
#   BENCH_LABEL_IMAGES      images per label window (default 1000)
#   BENCH_LABEL_ARGS        extra label options (default none: predicted top-1, official box)
#   BENCH_LABEL_WINDOWS     label windows, each between two ceiling windows (default 3)
#   BENCH_LABEL_SWEEP       a sweep already measured for this model (bench/run.sh's sweep-*.json) to take
#                           the best configuration from; default: sweep here first
#   BENCH_SWEEP_SECONDS     seconds per configuration of that sweep (default 5; bench/ceiling_grid.sh
#                           lists them)
#   BENCH_CEILING_SECONDS   seconds of the best configuration in each ceiling window (default 10)
#   BENCH_JAVA_OPTS         JVM options of the label runs (default: as deployed, see bench/run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=/usr/bin/python3
RESULTS=target/bench
MODEL=${BENCH_LABEL_MODEL:-target/bench-models/deit-small}
IMAGES=${BENCH_LABEL_IMAGES:-1000}
WINDOWS=${BENCH_LABEL_WINDOWS:-3}
SWEEP=${BENCH_LABEL_SWEEP:-}
SWEEP_SECONDS=${BENCH_SWEEP_SECONDS:-5}
CEILING_SECONDS=${BENCH_CEILING_SECONDS:-10}
JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:MaxRAM=2g -XX:MaxRAMPercentage=40.0 -XX:InitialRAMPercentage=15.0}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
INPUTS=$RESULTS/label-inputs-$IMAGES
OUT=$RESULTS/label-out
mkdir -p "$RESULTS"

# shellcheck source=bench/ceiling_grid.sh
source bench/ceiling_grid.sh

step() { printf '\n== %s (%s)\n' "$1" "$(date +%T)"; }

step "build"
mvn -q -B -ntp -Pjmh package -DskipTests -DskipPythonTests=true \
  dependency:build-classpath -Dmdep.outputFile="$RESULTS/classpath.txt" -Dmdep.includeScope=test
JAR=target/tscam-server-0.1.0.jar
CLASSPATH="target/test-classes:target/classes:$(cat "$RESULTS/classpath.txt")"

step "model and inputs"
if [[ ! -f $MODEL/model.onnx ]]; then
  $PYTHON tools/export.py --arch deit_small --random --seed 0 --num-classes 200 --out "$MODEL"
fi
(cd bench && $PYTHON label_inputs.py "../$INPUTS" "$IMAGES")

ceiling() { # window number: the best configuration of the sweep, alone
  java -cp "$CLASSPATH" io.tscam.server.bench.OrtCeiling \
    "$MODEL" "$CEILING_SECONDS" "$RESULTS/label-ceiling-$1.json" "$BEST" cpu
}

label() { # window number
  # shellcheck disable=SC2086 # JAVA_OPTS and BENCH_LABEL_ARGS are lists
  java $JAVA_OPTS -jar "$JAR" label --images "$INPUTS" --out "$OUT" --model "$MODEL" --force \
    ${BENCH_LABEL_ARGS:-} | stamp | tee "$RESULTS/label-run-$1.log"
}

stamp() { # prefixes each line with the seconds since the first one, as it arrives
  $PYTHON -u -c '
import sys, time
start = time.monotonic()
for line in sys.stdin:
    print(f"{time.monotonic() - start:9.3f} {line}", end="", flush=True)
'
}

if [[ -z $SWEEP ]]; then
  step "sweep of the raw configurations"
  SWEEP=$RESULTS/label-sweep.json
  java -cp "$CLASSPATH" io.tscam.server.bench.OrtCeiling \
    "$MODEL" "$SWEEP_SECONDS" "$SWEEP" "$(sweep_grid)" cpu
fi
BEST=$($PYTHON -c '
import json, sys
configs = json.load(open(sys.argv[1]))["configs"]
print(max(configs, key=lambda c: c["imagesPerSecond"])["config"])' "$SWEEP")
echo "the ceiling's configuration: $BEST (best of $SWEEP)"

# The load average before each window: on a shared machine, read the ratios with it.
for window in $(seq $((WINDOWS + 1))); do
  step "ceiling, window $window (load $(cut -d' ' -f1-3 /proc/loadavg))"
  ceiling "$window"
  if [[ $window -le $WINDOWS ]]; then
    step "label, window $window (load $(cut -d' ' -f1-3 /proc/loadavg))"
    label "$window"
  fi
done

step "result"
$PYTHON - "$RESULTS" "$IMAGES" "$WINDOWS" <<'PY'
import json, re, sys
from pathlib import Path

results, images, label_windows = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])


def ceiling(window):
    report = json.loads((results / f"label-ceiling-{window}.json").read_text())
    (config,) = report["configs"]
    return config["imagesPerSecond"], config["config"]


def label(log):
    return float(re.search(r"labelled \d+ images in [\d.]+ s \(([\d.]+) images/s\)", log).group(1))


def steady(log):
    """Images per second between the 30 % and the last progress line, by their timestamps."""
    lines = [(float(t), int(n), int(p)) for t, n, p in
             re.findall(r"^\s*([\d.]+) labelled (\d+)/\d+ images \((\d+)%\)", log, re.M)]
    start = next(line for line in lines if line[2] >= 30)
    end = lines[-1]
    return (end[1] - start[1]) / (end[0] - start[0])


measured = [ceiling(w) for w in range(1, label_windows + 2)]
ceilings = [rate for rate, _ in measured]
windows = []
for w in range(1, label_windows + 1):
    around = (ceilings[w - 1] + ceilings[w]) / 2
    log = (results / f"label-run-{w}.log").read_text()
    whole, rate = label(log), steady(log)
    windows.append({"label": whole, "steady": rate, "ceiling": around,
                    "whole_run_ratio": whole / around, "ratio": rate / around})
summary = {"images": images, "ceiling_config": measured[0][1], "ceilings": ceilings,
           "windows": windows,
           "ratio": sum(x["ratio"] for x in windows) / len(windows),
           "worse_ratio": min(x["ratio"] for x in windows),
           "whole_run_ratio": sum(x["whole_run_ratio"] for x in windows) / len(windows)}
(results / "label.json").write_text(json.dumps(summary, indent=2))
print(f"ceilings (A, {summary['ceiling_config']}) {', '.join(f'{c:.1f}' for c in ceilings)} images/s")
for i, x in enumerate(windows, 1):
    print(f"label (B{i}) steady {x['steady']:.1f} images/s = {x['ratio']:.3f} x the ceiling around "
          f"it; whole run {x['label']:.1f} images/s = {x['whole_run_ratio']:.3f}")
print(f"label / ceiling, mean of the windows: steady {summary['ratio']:.3f} (target >= 0.95; "
      f"worse window {summary['worse_ratio']:.3f}), whole run {summary['whole_run_ratio']:.3f}")
PY
