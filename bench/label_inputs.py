#!/usr/bin/python3
"""Writes the `label` benchmark's dataset, deterministically: COUNT synthetic 500x375 JPEG photos
(bench/make_inputs.py's generator, one seed each, quality 90), ten class folders.

    /usr/bin/python3 bench/label_inputs.py OUT_DIR COUNT
"""

from __future__ import annotations

import sys
from pathlib import Path

from make_inputs import synthetic_photo

WIDTH, HEIGHT = 500, 375


def main(out: Path, count: int) -> None:
    for i in range(count):
        folder = out / f"class-{i % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"photo-{i:05d}.jpg"
        if not target.exists():
            synthetic_photo(WIDTH, HEIGHT, 1000 + i).save(target, "JPEG", quality=90)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
