#!/usr/bin/python3
"""Export a TS-CAM model to the package the service loads (model.onnx + model.json).

Examples:
  tools/export.py --arch deit_small --checkpoint ts-cam-deit-small/ckpt/model_best.pth \\
      --labels cub200 --cam-threshold 0.1 --name ts-cam-deit-small-cub --out models/cub
  tools/export.py --method scm --arch deit_small --checkpoint scm-cub/model_best.pth \\
      --labels cub200 --cam-threshold 0.1 --name scm-deit-small-cub --out models/scm-cub
  tools/export.py --arch deit_tiny --random --seed 0 --num-classes 10 --out /tmp/untrained
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import fields
from pathlib import Path

import torch

from tscam.model import ARCHS, METHODS, TSCAM, TSCAMConfig, load_checkpoint
from tscam.package import ATTENTION_FORMS, PackageInfo, summary, write_package


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    model = parser.add_argument_group("architecture (at least one)")
    model.add_argument("--arch", choices=sorted(ARCHS), help="a DeiT backbone size")
    model.add_argument(
        "--config",
        help="TSCAMConfig fields as a JSON object or a JSON file path; "
        "applied over --arch when both are given",
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
    overrides = json.loads(text if text.lstrip().startswith("{") else Path(text).read_text())
    unknown = sorted(set(overrides) - {f.name for f in fields(TSCAMConfig)})
    if unknown:
        raise ValueError(f"unknown TSCAMConfig fields in --config: {', '.join(unknown)}")
    return overrides


def build_config(args: argparse.Namespace, num_classes: int) -> TSCAMConfig:
    overrides = read_config_overrides(args.config)
    if overrides.get("num_classes", num_classes) != num_classes:
        raise ValueError(
            f"--config says {overrides['num_classes']} classes but there are {num_classes} labels"
        )
    overrides["num_classes"] = num_classes
    return TSCAMConfig.for_arch(args.arch, **overrides) if args.arch else TSCAMConfig(**overrides)


def build_model(args: argparse.Namespace, cfg: TSCAMConfig) -> TSCAM:
    torch.manual_seed(args.seed)
    model = TSCAM(cfg)
    if args.checkpoint is not None:
        ignored = load_checkpoint(model, str(args.checkpoint), args.method)
        if args.method == "scm":
            names = ", ".join(ignored)
            print(f"ignored {len(ignored)} SCM training-only parameters (layers.*): {names}")
    return model.eval()


def default_description(args: argparse.Namespace, cfg: TSCAMConfig) -> str:
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
    cfg = build_config(args, len(labels))
    model = build_model(args, cfg)
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
