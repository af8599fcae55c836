#!/usr/bin/env bash
# Rebuilds the bundled demo model (models/demo) from nothing but Debian's dataset-fashion-mnist:
# the WSOL dataset, the five training stages, then the package (threshold chosen on the train
# split, ONNX export, reference evaluation). About 95 minutes of training on 2 CPU cores.
#
#   tools/demo/build_demo.sh [WORK_DIR]      # default WORK_DIR: /work/data
#
# Stages (see models/demo/MODEL_CARD.md): 1-2 a 7x7-grid model with a curriculum, then full
# clutter; 3 "densify": the last stem conv at stride 1 gives a 14x14 grid with the same weights;
# 4-5 windowed attention (patch tokens see a 5x5 window), which keeps the conv-head maps local.
# Stages 3 and 4 stop early in a longer schedule (--stop-after): that is how the model was made.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${1:-/work/data}
PYTHON=/usr/bin/python3
TRAIN="$PYTHON tools/demo/train.py"
FULL_CLUTTER="--vary-frac 0 --ramp-frac 0"
DENSE="--patch 4 --stem-convs 3 $FULL_CLUTTER"

$PYTHON tools/demo/generate_dataset.py --seed 0 --out "$WORK/fmnist-wsol"
$TRAIN --seed 0 --out "$WORK/run2"
$TRAIN --seed 1 --init "$WORK/run2/checkpoint.pt" --steps 4000 --lr 5e-4 --warmup 100 $FULL_CLUTTER \
  --out "$WORK/run3"
$TRAIN --seed 2 --init "$WORK/run3/checkpoint.pt" $DENSE --steps 6000 --stop-after 300 --lr 4e-4 \
  --warmup 100 --eval-every 300 --out "$WORK/run4"
$TRAIN --seed 3 --init "$WORK/run4/checkpoint.pt" $DENSE --attention-window 5 --steps 6000 \
  --stop-after 600 --lr 5e-4 --warmup 100 --eval-every 300 --out "$WORK/run5"
$TRAIN --seed 4 --init "$WORK/run5/checkpoint.pt" $DENSE --attention-window 5 --steps 3600 --lr 4e-4 \
  --warmup 50 --eval-every 400 --out "$WORK/run6"
$PYTHON tools/demo/package_demo.py --run "$WORK/run6" --dataset "$WORK/fmnist-wsol" \
  --sweep 0.02:0.6:0.02 --out models/demo
