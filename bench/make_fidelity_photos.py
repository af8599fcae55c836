#!/usr/bin/python3
"""Writes the phone-sized photos of the fidelity check: hold-out-style demo canvases made large.

Each photo is a canvas of tools/demo (the held-out Fashion-MNIST training items that the demo
model never trained on, composed as tools/demo/generate_dataset.py composes its train split),
upscaled bicubically to 4032x3024, given mild sensor noise and saved as a quality-90 JPEG: what a
12 MP phone photo of the scene would decode to. Deterministic for a given count and seed.

    /usr/bin/python3 bench/make_fidelity_photos.py OUT_DIR [--count 100] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools" / "demo"))
from canvas import CanvasComposer, load_fashion_mnist  # noqa: E402
from generate_dataset import HOLDOUT, canvas_rng  # noqa: E402

PHOTO_SIZE = (4032, 3024)
NOISE_SIGMA = 3.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    images, _ = load_fashion_mnist("train")
    composer = CanvasComposer(images)
    for index in range(60000 - HOLDOUT, 60000 - HOLDOUT + args.count):
        target = args.out / f"holdout_{index:05d}.jpg"
        if target.exists():
            continue
        rng = canvas_rng(args.seed, "train", index)
        canvas = composer.compose(rng, images[index], 1.0)
        photo = np.asarray(
            Image.fromarray(canvas.rgb).resize(PHOTO_SIZE, Image.BICUBIC), np.float32
        )
        photo += rng.normal(0.0, NOISE_SIGMA, size=photo.shape).astype(np.float32)
        Image.fromarray(np.clip(photo, 0, 255).astype(np.uint8)).save(target, "JPEG", quality=90)
    print(f"{args.count} photos of {PHOTO_SIZE[0]}x{PHOTO_SIZE[1]} in {args.out}")


if __name__ == "__main__":
    main()
