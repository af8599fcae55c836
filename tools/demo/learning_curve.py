#!/usr/bin/python3
"""Prints a training run's learning curve (the probe rows of train.py's log.jsonl) as the model
card's Markdown table.

    /usr/bin/python3 tools/demo/learning_curve.py ../data/v3/log.jsonl [--every 2]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

COLUMNS = (
    ("step", "step", "{}"),
    ("minutes", "minutes", "{:.1f}"),
    ("clutter", "clutter", "{:.2f}"),
    ("lr", "LR", "{:.1e}"),
    ("train_acc", "train acc (batch)", "{:.2f}"),
    ("cls1", "probe Cls@1", "{:.2f}"),
    ("gt_known", "probe GT-known@0.1", "{:.2f}"),
    ("shifted_cls1", "shifted Cls@1", "{:.2f}"),
    ("shifted_gt_known", "shifted GT-known@0.1", "{:.2f}"),
)


def table(records: list[dict], every: int) -> str:
    probed = [r for r in records if "cls1" in r]
    rows = [r for i, r in enumerate(probed) if i % every == every - 1 or r is probed[-1]]
    lines = [
        "| " + " | ".join(title for _, title, _ in COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for r in rows:
        lines.append("| " + " | ".join(fmt.format(r[key]) for key, _, fmt in COLUMNS) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("log", type=Path)
    parser.add_argument("--every", type=int, default=1, help="print every n-th probe row")
    args = parser.parse_args()
    records = [json.loads(line) for line in args.log.read_text().splitlines() if line.strip()]
    print(table(records, args.every))


if __name__ == "__main__":
    main()
