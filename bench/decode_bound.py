#!/usr/bin/python3
"""The bound a large JPEG's decode sets on throughput: libjpeg-turbo's own `djpeg` at the scale the
service reads the photo, and Pillow's bilinear resize of that read to the model input, both in
core-ms per image on this machine.

    /usr/bin/python3 bench/decode_bound.py IMAGE.jpg MODEL_DIR OUT.json [--repeat 20]

The scale is the service's (imaging/ReducedRead): from 2048 px on both sides, the smallest of 1/2,
1/4 and 1/8 that keeps at least two model inputs per side. djpeg's time is the CPU time of the
child process (user + system, so it includes starting djpeg, about a millisecond), the median over
the repeats; the resize's is this process's CPU time per resize, the median too. bench/report.py
sets model core-ms / (model + djpeg + resize) against the service's throughput on the photo.
Needs djpeg (Debian: libjpeg-turbo-progs).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

REDUCED_FROM = 2048  # imaging/ReducedRead: smaller sources are read exactly


def service_scale(width: int, height: int, input_width: int, input_height: int) -> int:
    if min(width, height) < REDUCED_FROM:
        return 1
    for n in (8, 4, 2):
        if -(-width // n) >= 2 * input_width and -(-height // n) >= 2 * input_height:
            return n
    return 1


def child_cpu_ms() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return 1000 * (usage.ru_utime + usage.ru_stime)


def djpeg_ms(image: Path, scale: int, out: Path, repeat: int) -> list[float]:
    command = ["djpeg", "-scale", f"1/{scale}", "-outfile", str(out), str(image)]
    times = []
    for _ in range(repeat + 1):
        before = child_cpu_ms()
        subprocess.run(command, check=True)
        times.append(child_cpu_ms() - before)
    return times[1:]  # the first run reads the file into the page cache


def resize_ms(read: Image.Image, size: tuple[int, int], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat + 1):
        before = time.process_time()
        read.resize(size, Image.BILINEAR)
        times.append(1000 * (time.process_time() - before))
    return times[1:]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("image", type=Path)
    parser.add_argument("model", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    input_height, input_width = json.loads((args.model / "model.json").read_text())["inputSize"]
    with Image.open(args.image) as photo:
        width, height = photo.size
    scale = service_scale(width, height, input_width, input_height)
    with tempfile.TemporaryDirectory() as folder:
        ppm = Path(folder) / "read.ppm"
        decode = djpeg_ms(args.image, scale, ppm, args.repeat)
        with Image.open(ppm) as read:
            read.load()
            read_size = read.size
            resize = resize_ms(read, (input_width, input_height), args.repeat)
    version = subprocess.run(["djpeg", "-version"], capture_output=True, text=True).stderr
    result = {
        "image": args.image.name,
        "size": [width, height],
        "scale": f"1/{scale}",
        "read_size": list(read_size),
        "input_size": [input_width, input_height],
        "djpeg_ms": statistics.median(decode),
        "resize_ms": statistics.median(resize),
        "repeat": args.repeat,
        "djpeg_version": version.strip().splitlines()[0] if version.strip() else "unknown",
    }
    print(
        f"{args.image.name}: djpeg 1/{scale} -> {read_size[0]}x{read_size[1]} "
        f"{result['djpeg_ms']:.1f} core-ms, resize {result['resize_ms']:.1f} core-ms"
    )
    args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
