#!/usr/bin/python3
"""Writes the benchmark inputs, deterministically: three images and their multipart bodies.

Each image is a synthetic "photo" (a smooth random background, a textured elliptic object, sensor
noise) so that JPEG and PNG sizes and decode costs resemble real photos, unlike flat colour or
pure noise. Same seed, same bytes (given the same Pillow/libjpeg).

    /usr/bin/python3 bench/make_inputs.py OUT_DIR

writes, per input NAME: NAME.<ext> (the image) and NAME.body (a multipart/form-data body with the
image as part "image", for `hey -D`); the boundary is BOUNDARY below.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image

BOUNDARY = "tscam-bench-boundary-7d1f0c"
INPUTS = (
    # name, width, height, format, Pillow save options
    ("png-224", 224, 224, "PNG", {}),
    ("jpeg-500x375", 500, 375, "JPEG", {"quality": 90}),
    ("jpeg-4032x3024", 4032, 3024, "JPEG", {"quality": 90}),
)


def synthetic_photo(width: int, height: int, seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    # Low-frequency background: an 8x6 random colour grid upsampled smoothly.
    grid = Image.fromarray(rng.integers(40, 220, size=(6, 8, 3), dtype=np.uint8))
    background = np.asarray(grid.resize((width, height), Image.BICUBIC), dtype=np.float32)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    # The "object": an ellipse with its own colour and a fine texture, off centre.
    cx, cy = width * 0.45, height * 0.55
    inside = ((xs - cx) / (width * 0.22)) ** 2 + ((ys - cy) / (height * 0.28)) ** 2 <= 1.0
    texture = 30.0 * np.sin(xs / max(2.0, width / 300)) * np.cos(ys / max(2.0, height / 250))
    colour = np.array([180.0, 90.0, 40.0], dtype=np.float32)
    photo = np.where(inside[..., None], colour + texture[..., None], background)
    photo += rng.normal(0.0, 6.0, size=photo.shape).astype(np.float32)
    return Image.fromarray(np.clip(photo, 0, 255).astype(np.uint8))


def multipart_body(filename: str, content_type: str, data: bytes) -> bytes:
    head = (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="image"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode("ascii")
    return head + data + f"\r\n--{BOUNDARY}--\r\n".encode("ascii")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    manifest = []
    for seed, (name, width, height, fmt, options) in enumerate(INPUTS):
        encoded = io.BytesIO()
        synthetic_photo(width, height, seed).save(encoded, fmt, **options)
        data = encoded.getvalue()
        ext = fmt.lower().replace("jpeg", "jpg")
        (out / f"{name}.{ext}").write_bytes(data)
        content_type = f"image/{fmt.lower()}"
        (out / f"{name}.body").write_bytes(multipart_body(f"{name}.{ext}", content_type, data))
        manifest.append(
            {
                "name": name,
                "width": width,
                "height": height,
                "format": fmt,
                "bytes": len(data),
                "file": f"{name}.{ext}",
            }
        )
    (out / "inputs.json").write_text(
        json.dumps({"boundary": BOUNDARY, "inputs": manifest}, indent=2)
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
