#!/usr/bin/python3
"""Write the small random-weight packages the Java tests load from src/test/resources.

  small-static    exported by tools/export.py's writer: every output dim declared
  small-symbolic  the same weights through a plain torch.onnx.export (batch axis dynamic, no
                  shape fixing): the tracer leaves the attention's head and token dims symbolic
  packages/small.zip  small-static zipped, for the jar: (classpath) package test

Run from the repository root: tools/small_packages.py
"""

from __future__ import annotations

import json
import shutil
import sys
import zipfile
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tscam.model import TSCAM, TSCAMConfig  # noqa: E402
from tscam.package import (  # noqa: E402
    GRAPH,
    INPUT_NAME,
    MANIFEST,
    OPSET,
    OUTPUT_NAMES,
    PackageInfo,
    ServingGraph,
    write_package,
)

RESOURCES = Path("src/test/resources")
CONFIG = TSCAMConfig(num_classes=3, img_size=64, patch_size=16, embed_dim=16, depth=2, num_heads=2)
SEED = 11


def small_model() -> TSCAM:
    torch.manual_seed(SEED)
    return TSCAM(CONFIG).eval()


def info(name: str, how: str) -> PackageInfo:
    return PackageInfo(
        name=name,
        version="1",
        labels=("cat", "dog", "bird"),
        trained=False,
        description=f"UNTRAINED small random TS-CAM (seed {SEED}) {how}, "
        "for tests: boxes are meaningless.",
    )


def export_plain(model: TSCAM, out_dir: Path) -> None:
    """What a user gets from torch.onnx.export with only the batch axis marked dynamic."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = [INPUT_NAME, *OUTPUT_NAMES.values()]
    with torch.no_grad():
        torch.onnx.export(
            ServingGraph(model).eval(),
            torch.zeros(2, 3, CONFIG.img_size, CONFIG.img_size),
            str(out_dir / GRAPH),
            input_names=[INPUT_NAME],
            output_names=list(OUTPUT_NAMES.values()),
            dynamic_axes={name: {0: "batch"} for name in names},
            opset_version=OPSET,
        )
    manifest = info(out_dir.name, "exported with a plain torch.onnx.export").manifest(CONFIG)
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")


def main() -> None:
    model = small_model()
    static = RESOURCES / "models/small-static"
    write_package(model, info(static.name, "with every output dim declared"), static)
    export_plain(model, RESOURCES / "models/small-symbolic")
    archive = RESOURCES / "packages/small.zip"
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name in (GRAPH, MANIFEST):
            # A fixed timestamp keeps the archive byte-identical from run to run.
            entry = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            zipped.writestr(entry, (static / name).read_bytes(), zipfile.ZIP_DEFLATED)
    for folder in (static, RESOURCES / "models/small-symbolic"):
        print(folder, sorted((p.name, p.stat().st_size) for p in folder.iterdir()))
    print(archive, archive.stat().st_size)


if __name__ == "__main__":
    shutil.rmtree(RESOURCES / "models/small-symbolic", ignore_errors=True)
    main()
