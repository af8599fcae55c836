"""The model package the service loads: a folder with model.onnx and model.json (tools/README.md).

The ONNX graph has one float32 input `input` [N,3,H,W] (dynamic N) and three outputs: `logits`
[N,C], `feature_maps` [N,C,h,w] (the conv head before pooling) and `attentions`, either per head
[N,L,heads,T,T] or head-averaged [N,L,T,T] (T = 1 + h*w, token 0 the class token).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import onnx
import torch
from torch import nn

from .model import TSCAM, TSCAMConfig
from .reference import MEAN, STD

OPSET = 17
INPUT_NAME = "input"
BATCH_DIM = "N"
# model.json key -> output name in the ONNX graph
OUTPUT_NAMES = {"logits": "logits", "featureMaps": "feature_maps", "attentions": "attentions"}
ATTENTION_FORMS = ("heads", "mean")
MANIFEST = "model.json"
GRAPH = "model.onnx"


@dataclass(frozen=True)
class PackageInfo:
    """Everything in model.json that the weights do not determine."""

    name: str
    version: str
    labels: tuple[str, ...]
    trained: bool
    description: str
    cam_threshold: float = 0.1
    mean: tuple[float, float, float] = MEAN
    std: tuple[float, float, float] = STD
    # How the class-token attention meets the feature maps at inference: "tscam" (as is) or "scm"
    # (min-max normalised per image first). Absent from model.json means tscam, so it is written
    # only for scm and packages exported before it existed describe the same model in the same
    # words.
    coupling: str = "tscam"

    def manifest(self, cfg: TSCAMConfig) -> dict:
        if len(self.labels) != cfg.num_classes:
            raise ValueError(
                f"{len(self.labels)} labels for a model with {cfg.num_classes} classes"
            )
        if not 0.0 < self.cam_threshold < 1.0:
            raise ValueError(f"cam threshold {self.cam_threshold} outside (0, 1)")
        return {
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "trained": self.trained,
            "inputSize": [cfg.img_size, cfg.img_size],
            "mean": list(self.mean),
            "std": list(self.std),
            "labels": list(self.labels),
            "camThreshold": self.cam_threshold,
            "outputs": dict(OUTPUT_NAMES),
            "architecture": cfg.to_dict(),
        } | ({"coupling": self.coupling} if self.coupling != "tscam" else {})


class ServingGraph(nn.Module):
    """The computation the ONNX file holds: the model's three outputs, with the attentions
    optionally averaged over heads inside the graph (a heads-times smaller output to copy out)."""

    def __init__(self, model: TSCAM, attention: str = "heads"):
        super().__init__()
        if attention not in ATTENTION_FORMS:
            raise ValueError(f"attention form {attention!r}; expected one of {ATTENTION_FORMS}")
        self.model = model
        self.attention = attention

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        logits, feature_maps, attentions = self.model(x)
        if self.attention == "mean":
            attentions = attentions.mean(dim=2)
        return logits, feature_maps, attentions

    def output_shapes(self) -> dict[str, list]:
        cfg = self.model.cfg
        tokens = 1 + cfg.grid * cfg.grid
        heads = [cfg.num_heads] if self.attention == "heads" else []
        return {
            OUTPUT_NAMES["logits"]: [BATCH_DIM, cfg.num_classes],
            OUTPUT_NAMES["featureMaps"]: [BATCH_DIM, cfg.num_classes, cfg.grid, cfg.grid],
            OUTPUT_NAMES["attentions"]: [BATCH_DIM, cfg.depth, *heads, tokens, tokens],
        }


def export_onnx(model: TSCAM, path: Path, attention: str = "heads") -> onnx.ModelProto:
    """Trace the model into a single-file opset-17 ONNX graph, declare its output shapes and
    verify it with onnx.checker (full check: shape inference must agree with the declared shapes).
    """
    # The wrapper must be in eval mode too: the exporter restores the wrapper's mode recursively
    # afterwards, which would leave a BatchNorm stem training (and updating its statistics).
    graph = ServingGraph(model, attention).eval()
    cfg = model.cfg
    # Batch 2, not 1: a traced size of 1 can be mistaken for a broadcastable constant.
    dummy = torch.zeros(2, cfg.in_chans, cfg.img_size, cfg.img_size)
    names = [INPUT_NAME, *OUTPUT_NAMES.values()]
    buffer = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(
            graph,
            dummy,
            buffer,
            input_names=[INPUT_NAME],
            output_names=list(OUTPUT_NAMES.values()),
            dynamic_axes={name: {0: BATCH_DIM} for name in names},
            opset_version=OPSET,
            do_constant_folding=True,
        )
    proto = onnx.load_from_string(buffer.getvalue())
    _declare_output_shapes(proto, graph.output_shapes())
    onnx.checker.check_model(proto, full_check=True)
    onnx.save(proto, str(path))
    return proto


def _declare_output_shapes(proto: onnx.ModelProto, shapes: dict[str, list]) -> None:
    # The tracer leaves the attention dims symbolic (they pass through reshapes of traced sizes);
    # declaring them lets a loader validate the package from the session metadata alone.
    for output in proto.graph.output:
        dims = output.type.tensor_type.shape.dim
        for dim, size in zip(dims, shapes[output.name], strict=True):
            if isinstance(size, str):
                dim.dim_param = size
            else:
                dim.dim_value = size


def write_package(model: TSCAM, info: PackageInfo, out_dir: Path, attention: str = "heads") -> dict:
    """Write model.onnx and model.json to out_dir; returns the manifest."""
    manifest = info.manifest(model.cfg)
    out_dir.mkdir(parents=True, exist_ok=True)
    export_onnx(model, out_dir / GRAPH, attention)
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def mark_untrained(out_dir: Path) -> None:
    """Say in model.json that the weights are random, for a package exported from a checkpoint
    that a test or a rehearsal saved from random weights."""
    path = out_dir / MANIFEST
    manifest = json.loads(path.read_text())
    manifest["trained"] = False
    path.write_text(json.dumps(manifest, indent=2) + "\n")


def summary(out_dir: Path, manifest: dict, model: TSCAM, attention: str) -> str:
    """One line saying what was written."""
    cfg = model.cfg
    params = sum(p.numel() for p in model.parameters())
    megabytes = (out_dir / GRAPH).stat().st_size / 2**20
    shape = ServingGraph(model, attention).output_shapes()[OUTPUT_NAMES["attentions"]]
    state = "trained" if manifest["trained"] else "UNTRAINED"
    return (
        f"{out_dir}: {manifest['name']} {manifest['version']}, {state}, input "
        f"{cfg.img_size}x{cfg.img_size}, embed {cfg.embed_dim} depth {cfg.depth} heads "
        f"{cfg.num_heads} ({cfg.backbone}), {cfg.num_classes} classes, attentions {attention} "
        f"{shape}, {params / 1e6:.2f}M params, {megabytes:.1f} MiB, camThreshold "
        f"{manifest['camThreshold']}"
    )
