"""Writes a synthetic photo-like JPEG (gradient, shapes, sensor-like noise) for bench/overload.sh.

Usage: make_photo.py OUT.jpg [WIDTH HEIGHT]. Deterministic (fixed seed), so runs compare.
Noise keeps the file and its decoding cost close to a real camera photo of that size.
"""

import sys

import numpy as np
from PIL import Image, ImageDraw


def photo(width, height):
    rng = np.random.default_rng(1)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    base = np.stack(
        [x / width * 180 + 40, y / height * 120 + 60, (x + y) / (width + height) * 200], -1
    )
    image = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    draw.ellipse([width // 4, height // 4, width // 2, height * 3 // 4], fill=(230, 150, 40))
    draw.rectangle(
        [width * 3 // 5, height // 3, width * 4 // 5, height * 2 // 3], fill=(50, 90, 160)
    )
    noisy = np.asarray(image, np.float32) + rng.normal(0, 6, (height, width, 3))
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


if __name__ == "__main__":
    width, height = (int(v) for v in sys.argv[2:4]) if len(sys.argv) > 2 else (1280, 960)
    photo(width, height).save(sys.argv[1], quality=90)
