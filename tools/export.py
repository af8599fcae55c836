#!/usr/bin/python3
"""Export a TS-CAM model to the package the service loads (model.onnx + model.json).

Examples:
  tools/export.py --arch deit_small --checkpoint ts-cam-deit-small/ckpt/model_best.pth \\
      --labels cub200 --cam-threshold 0.1 --name ts-cam-deit-small-cub --out models/cub
  tools/export.py --method scm --arch deit_small --checkpoint scm-cub/model_best.pth \\
      --labels cub200 --cam-threshold 0.1 --name scm-deit-small-cub --out models/scm-cub
  tools/export.py --arch conformer_small --checkpoint conformer-cub/model_best.pth \\
      --labels cub200 --cam-threshold 0.1 --name ts-cam-conformer-small-cub --out models/conformer
  tools/export.py --arch deit_tiny --random --seed 0 --num-classes 10 --out /tmp/untrained

A DeiT checkpoint's input size is read from its position embeddings (DeiT-B-384 exports at 384
without flags).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import fields
from pathlib import Path

import torch

from tscam import conformer
from tscam.conformer import ConformerConfig, TSCAMConformer
from tscam.model import (
    ARCHS,
    METHODS,
    TSCAM,
    TSCAMConfig,
    input_size_of,
    load_state,
    read_checkpoint,
)
from tscam.package import ATTENTION_FORMS, PackageInfo, summary, write_package


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    model = parser.add_argument_group("architecture (at least one)")
    model.add_argument(
        "--arch",
        choices=sorted({*ARCHS, *conformer.ARCHS}),
        help="a DeiT backbone size, or conformer_small (the official Conformer-S TS-CAM)",
    )
    model.add_argument(
        "--config",
        help="TSCAMConfig fields (ConformerConfig fields with a conformer --arch or "
        '"backbone": "conformer") as a JSON object or a JSON file path; applied over --arch when '
        "both are given",
    )
    weights = parser.add_mutually_exclusive_group(required=True)
    weights.add_argument(
        "--checkpoint", type=Path, help="official TS-CAM or SCM checkpoint, or a plain state dict"
    )
    weights.add_argument(
        "--random", action="store_true", help="random initialisation (an UNTRAINED package)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for --random (default 0)")
    parser.add_argument(
        "--method",
        choices=METHODS,
        default="tscam",
        help="tscam (default) or scm: SCM checkpoints carry training-only layers.* parameters "
        "(ignored) and their map min-max normalises the class-token attention first "
        "(model.json coupling)",
    )
    classes = parser.add_mutually_exclusive_group(required=True)
    classes.add_argument(
        "--labels",
        help=f"class names: {' or '.join(LABEL_SETS)} (tools/labels/), "
        "or a file with one name per line, line i = class i ('#' lines are comments)",
    )
    classes.add_argument("--num-classes", type=int, help="number of classes, labelled class_0 ...")
    parser.add_argument("--out", type=Path, required=True, help="package folder to write")
    parser.add_argument("--name", help="package name (default: the --out folder name)")
    parser.add_argument("--version", default="1", help="package version (default 1)")
    parser.add_argument(
        "--cam-threshold", type=float, default=0.1, help="box threshold (default 0.1, CUB)"
    )
    parser.add_argument(
        "--attention",
        choices=ATTENTION_FORMS,
        default="heads",
        help="attentions per head (default) or head mean",
    )
    parser.add_argument(
        "--description", help="one sentence for model.json (default: where the weights came from)"
    )
    args = parser.parse_args(argv)
    if args.arch is None and args.config is None:
        parser.error("give --arch, --config or both")
    return args


LABELS_DIR = Path(__file__).resolve().parent / "labels"
LABEL_SETS = ("cub200", "imagenet1k")


def read_labels(args: argparse.Namespace) -> tuple[str, ...]:
    if args.labels is None:
        return tuple(f"class_{i}" for i in range(args.num_classes))
    path = LABELS_DIR / f"{args.labels}.txt" if args.labels in LABEL_SETS else Path(args.labels)
    lines = (line.strip() for line in path.read_text().splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


def read_config_overrides(text: str | None) -> dict:
    if text is None:
        return {}
    return json.loads(text if text.lstrip().startswith("{") else Path(text).read_text())


def config_type(args: argparse.Namespace, overrides: dict) -> type:
    """ConformerConfig for a conformer --arch or a --config that says so (model.json's
    architecture does), TSCAMConfig otherwise."""
    backbone = overrides.pop("backbone", None)
    if args.arch in conformer.ARCHS or backbone == "conformer":
        return ConformerConfig
    return TSCAMConfig


def build_config(
    args: argparse.Namespace, num_classes: int, state: dict | None = None
) -> TSCAMConfig | ConformerConfig:
    overrides = read_config_overrides(args.config)
    kind = config_type(args, overrides)
    unknown = sorted(set(overrides) - {f.name for f in fields(kind)})
    if unknown:
        raise ValueError(f"unknown {kind.__name__} fields in --config: {', '.join(unknown)}")
    if overrides.get("num_classes", num_classes) != num_classes:
        raise ValueError(
            f"--config says {overrides['num_classes']} classes but there are {num_classes} labels"
        )
    overrides["num_classes"] = num_classes
    if kind is TSCAMConfig and state is not None:
        overrides = with_checkpoint_input_size(args, overrides, state)
    return kind.for_arch(args.arch, **overrides) if args.arch else kind(**overrides)


def with_checkpoint_input_size(args: argparse.Namespace, overrides: dict, state: dict) -> dict:
    """A DeiT checkpoint's position embeddings fix its input size: take it, or refuse a --config
    that says otherwise."""
    patch_size = overrides.get("patch_size", TSCAMConfig.patch_size)
    size = input_size_of(state, patch_size, str(args.checkpoint))
    if size is None:
        return overrides
    if overrides.get("img_size", size) != size:
        raise ValueError(
            f"--config says img_size {overrides['img_size']} but the checkpoint's position "
            f"embeddings are for {size}x{size} inputs (patch {patch_size})"
        )
    return {**overrides, "img_size": size}


def build_model(
    args: argparse.Namespace, cfg: TSCAMConfig | ConformerConfig, state: dict | None
) -> TSCAM | TSCAMConformer:
    torch.manual_seed(args.seed)
    model = TSCAMConformer(cfg) if isinstance(cfg, ConformerConfig) else TSCAM(cfg)
    if state is not None:
        ignored = load_state(model, state, str(args.checkpoint), args.method)
        if args.method == "scm":
            names = ", ".join(ignored)
            print(f"ignored {len(ignored)} SCM training-only parameters (layers.*): {names}")
    return model.eval()


def default_description(args: argparse.Namespace, cfg: TSCAMConfig | ConformerConfig) -> str:
    if args.checkpoint is None:
        return (
            f"UNTRAINED random weights (seed {args.seed}): "
            "boxes are meaningless; for tests and plumbing only."
        )
    method = "SCM" if args.method == "scm" else "TS-CAM"
    arch = args.arch or "custom"
    return f"{method} {arch} with {cfg.num_classes} classes, exported from {args.checkpoint.name}."


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    labels = read_labels(args)
    state = read_checkpoint(str(args.checkpoint)) if args.checkpoint is not None else None
    cfg = build_config(args, len(labels), state)
    model = build_model(args, cfg, state)
    info = PackageInfo(
        name=args.name or args.out.resolve().name,
        version=args.version,
        labels=labels,
        trained=args.checkpoint is not None,
        description=args.description or default_description(args, cfg),
        cam_threshold=args.cam_threshold,
        coupling=args.method,
    )
    manifest = write_package(model, info, args.out, args.attention)
    print(summary(args.out, manifest, model, args.attention))


if __name__ == "__main__":
    try:
        main()
    except ValueError as error:
        sys.exit(f"export.py: error: {error}")
