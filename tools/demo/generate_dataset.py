#!/usr/bin/python3
"""Writes the demo WSOL dataset (CUB-200-2011 layout) from Debian's Fashion-MNIST.

Train split: canvases of the LAST --train-count Fashion-MNIST training items, which train.py
never trains on (it draws from the first 60000 - HOLDOUT items), so this split is a held-out
set for choosing the cam threshold. Test split: canvases of the first --test-count t10k items.
Every canvas uses full clutter and its own generator seeded by (seed, split, index), so the
output is identical for a given --seed whatever the counts.

--style shifted writes the same items as canvases of the shifted generator setting
(canvas.SHIFTED: larger distractors, backgrounds training never samples), the robustness split.

    /usr/bin/python3 tools/demo/generate_dataset.py --seed 0 --out ../data/fmnist-wsol
    /usr/bin/python3 tools/demo/generate_dataset.py --seed 0 --style shifted \\
        --out ../data/fmnist-wsol-shifted
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from PIL import Image

from canvas import CLASS_NAMES, SHIFTED, CanvasComposer, StyledComposer, load_fashion_mnist

# Fashion-MNIST training items reserved for the dataset's train split (threshold selection).
HOLDOUT = 5000
SPLIT_IDS = {"train": 1, "test": 0}


def canvas_rng(seed: int, split: str, index: int) -> np.random.Generator:
    return np.random.default_rng([seed, SPLIT_IDS[split], index])


def generate(
    out: Path, seed: int, train_count: int, test_count: int, clutter: float, style: str
) -> None:
    if train_count > HOLDOUT:
        raise ValueError(f"--train-count may not exceed the {HOLDOUT} held-out training items")
    (out / "images").mkdir(parents=True, exist_ok=True)
    rows = {name: [] for name in ("images", "labels", "boxes", "split")}
    image_id = 0
    for split, source, indices in (
        ("train", "train", range(60000 - HOLDOUT, 60000 - HOLDOUT + train_count)),
        ("test", "t10k", range(test_count)),
    ):
        images, labels = load_fashion_mnist(source)
        compose = composer_for(style, images, clutter)
        for index in indices:
            image_id += 1
            canvas = compose(canvas_rng(seed, split, index), images[index])
            label = int(labels[index]) + 1
            class_folder = CLASS_NAMES[label - 1].replace("/", "-").replace(" ", "_")
            relative = f"{label:02d}.{class_folder}/{split}_{index:05d}.png"
            (out / "images" / relative).parent.mkdir(exist_ok=True)
            Image.fromarray(canvas.rgb).save(out / "images" / relative)
            rows["images"].append(f"{image_id} {relative}")
            rows["labels"].append(f"{image_id} {label}")
            rows["boxes"].append(f"{image_id} " + " ".join(str(v) for v in canvas.box))
            rows["split"].append(f"{image_id} {1 if split == 'train' else 0}")
    write_lines(out / "images.txt", rows["images"])
    write_lines(out / "image_class_labels.txt", rows["labels"])
    write_lines(out / "bounding_boxes.txt", rows["boxes"])
    write_lines(out / "train_test_split.txt", rows["split"])
    write_lines(out / "classes.txt", [f"{i + 1} {name}" for i, name in enumerate(CLASS_NAMES)])


def composer_for(style: str, images, clutter: float):
    """(rng, item) -> Canvas for the named generator setting."""
    if style == "shifted":
        return StyledComposer(images, SHIFTED).compose_styled
    composer = CanvasComposer(images)
    return lambda rng, item: composer.compose(rng, item, clutter)


def write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--train-count", type=int, default=2000)
    parser.add_argument("--test-count", type=int, default=3000)
    parser.add_argument(
        "--clutter", type=float, default=1.0, help="0 clean .. 1 full (the test distribution)"
    )
    parser.add_argument(
        "--style",
        choices=("classic", "shifted"),
        default="classic",
        help="classic: the test distribution; shifted: the robustness split's generator setting",
    )
    args = parser.parse_args()
    generate(args.out, args.seed, args.train_count, args.test_count, args.clutter, args.style)


if __name__ == "__main__":
    main()
