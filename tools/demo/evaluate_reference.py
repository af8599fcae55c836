#!/usr/bin/python3
"""Reference evaluation of a TS-CAM torch checkpoint over a CUB-layout dataset, with the math of
tools/tscam/reference.py (preprocess, class-token attention x feature map, official box, IoU with
the overlap clamped at zero). Prints and optionally writes Cls@1/5, Top-1/Top-5/GT-known Loc and
the trivial baselines (whole-image box, centred box of half the side).

    /usr/bin/python3 tools/demo/evaluate_reference.py --model models/demo \\
        --dataset ../data/fmnist-wsol --split test --report models/demo/reference_evaluation.json
    ... --split train --sweep 0.05:0.6:0.05   # choose the cam threshold on the held-out train split
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tscam import reference  # noqa: E402
from tscam.model import TSCAM, TSCAMConfig  # noqa: E402


@dataclass(frozen=True)
class Sample:
    path: Path
    label: int  # 0-based
    boxes: list  # [x1, y1, x2, y2] inclusive, in input space


class CubDataset:
    """Reads images.txt, image_class_labels.txt, bounding_boxes.txt and train_test_split.txt."""

    def __init__(self, root: Path):
        self.root = root

    def samples(self, split: str, input_size: tuple[int, int]) -> list[Sample]:
        paths = self._table("images.txt")
        labels = self._table("image_class_labels.txt")
        splits = self._table("train_test_split.txt")
        boxes: dict[str, list] = {}
        for line in (self.root / "bounding_boxes.txt").read_text().split("\n"):
            if line.strip():
                image_id, *xywh = line.split()
                boxes.setdefault(image_id, []).append([float(v) for v in xywh])
        wanted = "1" if split == "train" else "0"
        result = []
        for image_id, relative in paths.items():
            if splits[image_id] != wanted:
                continue
            path = self.root / "images" / relative
            with Image.open(path) as image:
                width, height = image.size
            scaled = reference.gt_boxes_in_input_space(boxes[image_id], (width, height), input_size)
            result.append(Sample(path, int(labels[image_id]) - 1, scaled))
        return result

    def _table(self, name: str) -> dict[str, str]:
        rows = (
            line.split(maxsplit=1)
            for line in (self.root / name).read_text().split("\n")
            if line.strip()
        )
        return {image_id: value.strip() for image_id, value in rows}


class ReferenceLocalizer:
    """The torch model plus the reference cam math: per image, the logits and the box of any
    class."""

    def __init__(self, model_dir: Path):
        config = json.loads((model_dir / "config.json").read_text())
        self.model = TSCAM(TSCAMConfig(**config))
        self.model.load_state_dict(torch.load(model_dir / "checkpoint.pt", map_location="cpu"))
        self.model.eval()
        self.input_size = (self.model.cfg.img_size, self.model.cfg.img_size)

    @torch.no_grad()
    def run(self, samples: list[Sample], batch: int = 64):
        """Yields (sample, logits [C], feature maps [C,h,w], class-token attention map [h,w])."""
        for start in range(0, len(samples), batch):
            chunk = samples[start : start + batch]
            x = np.stack([reference.preprocess(Image.open(s.path), self.input_size) for s in chunk])
            logits, maps, attentions = self.model(torch.from_numpy(x))
            for j, sample in enumerate(chunk):
                attention = reference.class_token_attention(attentions[j].numpy(), maps.shape[-2:])
                yield sample, logits[j].numpy(), maps[j].numpy(), attention

    def box(self, feature_maps, attention, cls: int, cam_thr: float) -> list[int]:
        cam = reference.coupled_map(feature_maps[cls], attention)
        x1, y1, x2, y2 = reference.box(cam, cam_thr, self.input_size)
        # reference.box is [x1, y1, x2, y2) exclusive; the official IoU takes the rect as given.
        return [x1, y1, x2, y2]


def best_iou(box, gt_boxes) -> float:
    return max(reference.iou(box, gt) for gt in gt_boxes)


def evaluate(localizer: ReferenceLocalizer, samples: list[Sample], thresholds: list[float]) -> dict:
    """Metrics per cam threshold, from one forward pass per image."""
    h, w = localizer.input_size
    whole, centre = [0, 0, w - 1, h - 1], [w // 4, h // 4, 3 * w // 4 - 1, 3 * h // 4 - 1]
    counts = {t: dict(top1_loc=0, top5_loc=0, gt_known_loc=0) for t in thresholds}
    cls1 = cls5 = whole_hits = centre_hits = 0
    for sample, logits, maps, attention in localizer.run(samples):
        top5 = list(np.argsort(-logits)[:5])
        cls1 += top5[0] == sample.label
        cls5 += sample.label in top5
        whole_hits += best_iou(whole, sample.boxes) >= 0.5
        centre_hits += best_iou(centre, sample.boxes) >= 0.5
        for t in thresholds:
            gt_iou = best_iou(localizer.box(maps, attention, sample.label, t), sample.boxes)
            counts[t]["gt_known_loc"] += gt_iou >= 0.5
            counts[t]["top1_loc"] += top5[0] == sample.label and gt_iou > 0.5
            counts[t]["top5_loc"] += sample.label in top5 and gt_iou > 0.5
    n = len(samples)
    return {
        "images": n,
        "cls1": cls1 / n,
        "cls5": cls5 / n,
        "baseline_gt_known_whole_image": whole_hits / n,
        "baseline_gt_known_centre_half": centre_hits / n,
        "by_threshold": {f"{t:.2f}": {k: v / n for k, v in c.items()} for t, c in counts.items()},
    }


def thresholds_from(spec: str) -> list[float]:
    if ":" not in spec:
        return [float(spec)]
    start, stop, step = (float(v) for v in spec.split(":"))
    return [round(v, 4) for v in np.arange(start, stop + 1e-9, step)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--model", type=Path, required=True, help="folder with checkpoint.pt and config.json"
    )
    parser.add_argument("--dataset", type=Path, required=True)
    parser.add_argument("--split", choices=("train", "test"), default="test")
    parser.add_argument(
        "--sweep", default=None, help="threshold or start:stop:step; default: the package's"
    )
    parser.add_argument("--limit", type=int, default=None, help="evaluate only the first N images")
    parser.add_argument("--report", type=Path, default=None)
    args = parser.parse_args()
    torch.set_num_threads(2)
    localizer = ReferenceLocalizer(args.model)
    spec = args.sweep or str(package_threshold(args.model))
    samples = CubDataset(args.dataset).samples(args.split, localizer.input_size)[: args.limit]
    result = {
        "dataset": os.path.relpath(args.dataset),
        "split": args.split,
        **evaluate(localizer, samples, thresholds_from(spec)),
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.report:
        args.report.write_text(text + "\n")


def package_threshold(model_dir: Path) -> float:
    manifest = model_dir / "model.json"
    return (
        float(json.loads(manifest.read_text()).get("camThreshold", 0.1))
        if manifest.exists()
        else 0.1
    )


if __name__ == "__main__":
    main()
