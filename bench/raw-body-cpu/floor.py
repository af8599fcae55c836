"""The floor for bench/raw-body-cpu.sh: decoding a photo at the service's scale, outside it.

Usage: floor.py PHOTO.jpg TINY.jpg SCALE INPUT_SIDE [RUNS]

libjpeg-turbo's own djpeg at SCALE (e.g. 1/8) on PHOTO, CPU time per run (user + system of the
child processes), less the same for TINY (a 16x16 JPEG: process start and library setup, which the
service does not pay per request); then Pillow's bilinear resize of that read to INPUT_SIDE square,
as the service's preprocessing does it. Prints milliseconds of CPU per image.
"""

import io
import os
import resource
import subprocess
import sys
import time

from PIL import Image


def djpeg_ms(path, scale, runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(runs):
        subprocess.run(["djpeg", "-scale", scale, "-ppm", "-outfile", os.devnull, path], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return used / runs * 1000


def resize_ms(path, scale, side, runs):
    read = subprocess.run(
        ["djpeg", "-scale", scale, "-ppm", path], check=True, capture_output=True
    ).stdout
    image = Image.open(io.BytesIO(read)).convert("RGB")
    image.load()
    start = time.process_time()
    for _ in range(runs):
        image.resize((side, side), Image.BILINEAR)
    return (time.process_time() - start) / runs * 1000, image.size


def main():
    photo, tiny, scale, side = sys.argv[1:5]
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 100
    decode = djpeg_ms(photo, scale, runs) - djpeg_ms(tiny, scale, runs)
    resize, read_size = resize_ms(photo, scale, int(side), runs * 10)
    print(f"djpeg_scale={scale} read={read_size[0]}x{read_size[1]}")
    print(f"djpeg_ms={decode:.2f} pillow_resize_ms={resize:.3f} floor_ms={decode + resize:.2f}")


if __name__ == "__main__":
    main()
