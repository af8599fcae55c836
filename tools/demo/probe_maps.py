#!/usr/bin/python3
"""Which part of a training run's TS-CAM map localizes: GT-known Loc and the median predicted /
true box area of the coupled map, of the conv-head (semantic) map alone and of the class-token
attention alone, on the full-clutter probe canvases train.py logs its learning curve with.

    /usr/bin/python3 tools/demo/probe_maps.py --run ../data/run4 --seed 2

The model card's decomposition (stage 3 at step 300, stage 4 at step 300) was measured this way.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

from train import ProbeSet

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tscam import reference  # noqa: E402
from tscam.model import TSCAM, TSCAMConfig  # noqa: E402

MAPS = ("coupled", "head map", "attention")


def maps_of(kind: str, head_map: np.ndarray, attention: np.ndarray) -> np.ndarray:
    if kind == "coupled":
        return reference.coupled_map(head_map, attention)
    if kind == "head map":  # a trace of attention breaks ties where the head map is flat
        return np.maximum(head_map, 0) + 1e-9 * attention
    return attention


def area(box) -> float:
    return (box[2] - box[0] + 1) * (box[3] - box[1] + 1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--run", type=Path, required=True, help="train.py output: checkpoint.pt, config.json"
    )
    parser.add_argument(
        "--seed", type=int, default=2, help="probe canvases (train.py uses its own --seed)"
    )
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--thresholds", default="0.1,0.2,0.3,0.4,0.5")
    args = parser.parse_args()

    cfg = TSCAMConfig(**json.loads((args.run / "config.json").read_text()))
    model = TSCAM(cfg)
    model.load_state_dict(torch.load(args.run / "checkpoint.pt", map_location="cpu"))
    model.eval()
    probe = ProbeSet(args.count, cfg.img_size, args.seed)
    size = (cfg.img_size, cfg.img_size)
    with torch.no_grad():
        _, head_maps, attentions = model(probe.x)
    for kind in MAPS:
        for threshold in (float(t) for t in args.thresholds.split(",")):
            located, ratios = 0, []
            for j, label in enumerate(probe.labels):
                attention = reference.class_token_attention(
                    attentions[j].numpy(), head_maps.shape[-2:]
                )
                box = reference.box(
                    maps_of(kind, head_maps[j, label].numpy(), attention), threshold, size
                )
                located += reference.iou(box, probe.boxes[j]) >= 0.5
                ratios.append(area(box) / area(probe.boxes[j]))
            print(
                f"{kind:9s} threshold {threshold:.2f}: GT-known {located / len(probe.labels):.2f}, "
                f"median box area / true {np.median(ratios):.2f}"
            )


if __name__ == "__main__":
    main()
