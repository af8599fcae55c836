#!/usr/bin/python3
"""A picture of demo predictions for the README: the first test-split canvases sent to a running
service as `POST /localize?format=png` (the service draws heatmap, box and label), tiled with the
ground-truth box drawn over each in white.

    java -jar target/tscam-server-0.1.0.jar &
    /usr/bin/python3 tools/demo/overlay_grid.py --dataset ../data/fmnist-wsol \\
        --out docs/images/demo-predictions.png
"""

from __future__ import annotations

import argparse
import io
import urllib.request
import uuid
from pathlib import Path

from PIL import Image, ImageDraw

from evaluate_reference import CubDataset


def overlay(url: str, image: Path) -> Image.Image:
    boundary = uuid.uuid4().hex
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="image"; filename="{image.name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + image.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"{url}/localize?format=png",
        data=body,
        method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return Image.open(io.BytesIO(response.read())).convert("RGB")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dataset", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--url", default="http://localhost:8080")
    parser.add_argument("--count", type=int, default=8)
    parser.add_argument("--columns", type=int, default=4)
    args = parser.parse_args()

    samples = CubDataset(args.dataset).samples("test", (224, 224))[: args.count]
    tiles = []
    for sample in samples:
        tile = overlay(args.url, sample.path)
        scale = tile.width / 224  # ground truth in 224 px canvas space, the overlay may be larger
        draw = ImageDraw.Draw(tile)
        for x1, y1, x2, y2 in sample.boxes:
            draw.rectangle(
                [x1 * scale, y1 * scale, x2 * scale, y2 * scale], outline=(255, 255, 255), width=2
            )
        tiles.append(tile)
    size = tiles[0].size
    rows = -(-len(tiles) // args.columns)
    grid = Image.new("RGB", (args.columns * size[0], rows * size[1]), "white")
    for index, tile in enumerate(tiles):
        grid.paste(
            tile.resize(size), ((index % args.columns) * size[0], (index // args.columns) * size[1])
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    grid.save(args.out, optimize=True)
    print(f"wrote {args.out} ({len(tiles)} predictions)")


if __name__ == "__main__":
    main()
