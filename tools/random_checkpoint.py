#!/usr/bin/python3
"""Write a random-weight checkpoint in the official TS-CAM format, standing in for a download.

    /usr/bin/python3 tools/random_checkpoint.py --arch conformer_small --num-classes 200 \\
        --out target/rehearsal/conformer_small_cub.pth

The layout is what the official tools_cam/train_cam.py saves: {'epoch', 'state_dict' with
DataParallel's 'module.' prefixes, 'best_map'}. Rehearse the export and serving steps of
docs/serving-checkpoints.md with it; its boxes are meaningless.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch

from tscam import conformer
from tscam.conformer import ConformerConfig, TSCAMConformer
from tscam.model import ARCHS, TSCAM, TSCAMConfig, save_official_checkpoint


def random_model(arch: str, num_classes: int, seed: int) -> torch.nn.Module:
    torch.manual_seed(seed)
    if arch in conformer.ARCHS:
        return TSCAMConformer(ConformerConfig.for_arch(arch, num_classes=num_classes))
    return TSCAM(TSCAMConfig.for_arch(arch, num_classes=num_classes))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--arch", required=True, choices=sorted({*ARCHS, *conformer.ARCHS}))
    parser.add_argument("--num-classes", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    model = random_model(args.arch, args.num_classes, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_official_checkpoint(model, args.out)
    tensors = len(model.state_dict())
    print(f"{args.out}: random {args.arch}, {args.num_classes} classes, {tensors} tensors")


if __name__ == "__main__":
    main()
