#!/usr/bin/python3
"""Turns a training run into the demo model package: chooses the cam threshold on the dataset's
TRAIN split (held-out items, never the test split), exports with tools/export.py, keeps the
torch checkpoint and config beside the ONNX graph, and writes the test-split reference
evaluation.

    /usr/bin/python3 tools/demo/package_demo.py --run ../data/v3 \\
        --dataset ../data/fmnist-wsol --shifted ../data/fmnist-wsol-shifted --out models/demo
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from canvas import CLASS_NAMES
from evaluate_reference import CubDataset, ReferenceLocalizer, evaluate, thresholds_from

TOOLS = Path(__file__).resolve().parents[1]
REPORT = "reference_evaluation.json"


def choose_threshold(
    localizer: ReferenceLocalizer, dataset: CubDataset, sweep: str
) -> tuple[float, dict]:
    """The threshold with the best GT-known Loc on the train split (ties: the lower one)."""
    result = evaluate(
        localizer, dataset.samples("train", localizer.input_size), thresholds_from(sweep)
    )
    best = max(
        result["by_threshold"].items(), key=lambda kv: (kv[1]["gt_known_loc"], -float(kv[0]))
    )
    return float(best[0]), result


def export(run: Path, out: Path, threshold: float, description: str, version: str) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as labels:
        labels.write("\n".join(CLASS_NAMES) + "\n")
        labels.flush()
        subprocess.run(
            [
                sys.executable,
                str(TOOLS / "export.py"),
                "--config",
                str(run / "config.json"),
                "--checkpoint",
                str(run / "checkpoint.pt"),
                "--labels",
                labels.name,
                "--cam-threshold",
                str(threshold),
                "--name",
                "fashion-mnist-demo",
                "--version",
                version,
                "--description",
                description,
                "--out",
                str(out),
            ],
            check=True,
        )
    for name in ("checkpoint.pt", "config.json"):
        shutil.copyfile(run / name, out / name)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--run", type=Path, required=True, help="train.py output: checkpoint.pt, config.json"
    )
    parser.add_argument("--dataset", type=Path, required=True)
    parser.add_argument(
        "--shifted",
        type=Path,
        default=None,
        help="the shifted generator setting's dataset: its test split is evaluated too",
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--sweep", default="0.05:0.8:0.05")
    parser.add_argument(
        "--version",
        default="3",
        help="package version; 1 was the 7x7-grid model, 2 the densified one",
    )
    args = parser.parse_args()
    dataset = CubDataset(args.dataset)
    threshold, selection = choose_threshold(ReferenceLocalizer(args.run), dataset, args.sweep)
    description = (
        "TS-CAM demo (conv stem, 14x14 tokens, 2 blocks with windowed patch attention) trained "
        "from scratch with image labels only on Fashion-MNIST canvases (tools/demo); camThreshold "
        "chosen on held-out training items."
    )
    export(args.run, args.out, threshold, description, args.version)
    localizer = ReferenceLocalizer(args.out)
    test = evaluate(localizer, dataset.samples("test", localizer.input_size), [threshold])
    report = {
        "camThreshold": threshold,
        "dataset": os.path.relpath(args.dataset),
        "iou": "official inclusive-pixel IoU with the overlap clamped at zero",
        "test": test,
        "threshold_selection_train_split": selection,
    }
    if args.shifted:
        shifted = CubDataset(args.shifted).samples("test", localizer.input_size)
        report["shifted_dataset"] = os.path.relpath(args.shifted)
        report["shifted_test"] = evaluate(localizer, shifted, [threshold])
    (args.out / REPORT).write_text(json.dumps(report, indent=2) + "\n")
    print(
        json.dumps(
            {
                "camThreshold": threshold,
                **{k: v for k, v in test.items() if k != "by_threshold"},
                **test["by_threshold"][f"{threshold:.2f}"],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
