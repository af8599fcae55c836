#!/usr/bin/python3
"""Trains the demo TS-CAM model on Fashion-MNIST canvases composed on the fly (image labels only).

Recipe: conv stem with BatchNorm (first conv started as colour-contrast filters) reaching a 7x7
token grid at 56 px, two transformer blocks, AdamW with linear warmup and cosine decay, label
smoothing, and a curriculum (plain bright-on-dark canvases giving way to random colours, then
noise and distractor fragments ramped in). An auxiliary linear classifier on the final class
token is trained alongside the conv head, like the DeiT pre-training TS-CAM starts from, so the
class token's attention learns to look at the object; it is not part of the saved model.

The demo package (models/demo) is five stages of this script, run by tools/demo/build_demo.sh:
a 7x7-grid model (curriculum, then full clutter), densified to a 14x14 grid (--patch 4
--stem-convs 3: the last stem conv at stride 1, the position embeddings resized), then trained
with windowed attention (--attention-window 5), which keeps the conv-head maps local.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

# On a shared, oversubscribed CPU, OpenMP's spin-waiting threads make every step several times
# slower (measured 3-8 s against 0.1-0.5 s per batch); passive waiting must be set before torch
# (and OpenCV, through canvas) loads, hence the imports below it.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch  # noqa: E402
from torch import nn  # noqa: E402

from canvas import CanvasComposer, load_fashion_mnist  # noqa: E402
from generate_dataset import HOLDOUT, canvas_rng  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tscam import reference  # noqa: E402
from tscam.model import TSCAM, TSCAMConfig  # noqa: E402

TRAIN_ITEMS = 60000 - HOLDOUT


class CanvasBatches(torch.utils.data.IterableDataset):
    """Deterministic batches: batch `step` is a pure function of (seed, step) and its clutter
    follows the curriculum, so a DataLoader worker can compose them while the model trains."""

    def __init__(self, seed: int, batch_size: int, input_size: int, curriculum):
        super().__init__()
        self.images, self.labels = load_fashion_mnist("train")
        self.composer = CanvasComposer(self.images[:TRAIN_ITEMS])
        self.seed, self.batch_size, self.input_size = seed, batch_size, input_size
        self.curriculum = curriculum

    def __iter__(self):
        for step, (variation, clutter) in enumerate(self.curriculum):
            yield self.batch(step, clutter, variation)

    def batch(
        self, step: int, clutter: float, variation: float
    ) -> tuple[torch.Tensor, torch.Tensor]:
        rng = np.random.default_rng([self.seed, 7, step])
        indices = rng.integers(0, TRAIN_ITEMS, size=self.batch_size)
        x = np.stack(
            [
                self._input(self.composer.compose(rng, self.images[i], clutter, variation).rgb)
                for i in indices
            ]
        )
        return torch.from_numpy(x), torch.from_numpy(self.labels[indices].astype(np.int64))

    def _input(self, rgb: np.ndarray) -> np.ndarray:
        return reference.preprocess(Image.fromarray(rgb), (self.input_size, self.input_size))


class ProbeSet:
    """Full-clutter canvases of held-out training items, for the learning curve (Cls@1 and
    GT-known Loc at a fixed cam threshold, measured with the reference math)."""

    def __init__(self, count: int, input_size: int, seed: int):
        images, labels = load_fashion_mnist("train")
        composer = CanvasComposer(images)
        self.x, self.labels, self.boxes = [], [], []
        scale = input_size / 224.0
        for index in range(60000 - count, 60000):
            canvas = composer.compose(canvas_rng(seed + 1000, "train", index), images[index])
            self.x.append(
                reference.preprocess(Image.fromarray(canvas.rgb), (input_size, input_size))
            )
            self.labels.append(int(labels[index]))
            x, y, w, h = canvas.box
            self.boxes.append([x * scale, y * scale, (x + w - 1) * scale, (y + h - 1) * scale])
        self.x = torch.from_numpy(np.stack(self.x))
        self.input_size = input_size

    @torch.no_grad()
    def measure(self, model: TSCAM, cam_thr: float = 0.1) -> dict:
        model.eval()
        correct = located = 0
        for start in range(0, len(self.labels), 128):
            logits, maps, attn = model(self.x[start : start + 128])
            for j in range(len(logits)):
                label = self.labels[start + j]
                correct += int(logits[j].argmax()) == label
                a = reference.class_token_attention(attn[j].numpy(), maps.shape[-2:])
                cam = reference.coupled_map(maps[j, label].numpy(), a)
                size = (self.input_size, self.input_size)
                located += (
                    reference.iou(reference.box(cam, cam_thr, size), self.boxes[start + j]) >= 0.5
                )
        model.train()
        n = len(self.labels)
        return {"cls1": correct / n, "gt_known": located / n}


# Colour directions for the stem prior: each channel, luminance and the three opponent pairs.
COLOUR_DIRECTIONS = ((1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 1), (1, -1, 0), (0, 1, -1), (-1, 0, 1))
LAPLACIAN = ((0, -1, 0), (-1, 4, -1), (0, -1, 0))
SOBEL_X = ((-1, 0, 1), (-2, 0, 2), (-1, 0, 1))


@torch.no_grad()
def init_stem_with_contrast_filters(model: TSCAM) -> None:
    """Starts the first stem conv as centre-surround and edge filters along several colour
    directions, both signs. Items have a random colour on a random gradient; these filters ignore
    linear gradients and answer to an edge of any colour, which plain SGD takes a long time to
    discover (a randomly initialised stem stayed at chance for thousands of steps)."""
    conv = model.patch_embed.convs[0]
    kernels = []
    for direction in COLOUR_DIRECTIONS:
        colour = torch.tensor(direction, dtype=torch.float32).view(3, 1, 1)
        for spatial in (LAPLACIAN, SOBEL_X):
            k = torch.tensor(spatial, dtype=torch.float32)
            kernels += (
                [colour * k, -colour * k, colour * k.T, -colour * k.T]
                if spatial is SOBEL_X
                else [colour * k, -colour * k]
            )
    kernels = torch.stack(kernels)[: conv.out_channels]
    kernels = (
        kernels
        / kernels.flatten(1).norm(dim=1).view(-1, 1, 1, 1)
        * conv.weight.flatten(1).norm(dim=1).mean()
    )
    conv.weight[: len(kernels)] = kernels


class ClassTokenProbe(nn.Module):
    """The auxiliary class-token classifier, fed by a hook on the model's final norm."""

    def __init__(self, model: TSCAM):
        super().__init__()
        self.fc = nn.Linear(model.cfg.embed_dim, model.cfg.num_classes)
        self.tokens = None
        model.norm.register_forward_hook(lambda _m, _i, out: setattr(self, "tokens", out))

    def logits(self) -> torch.Tensor:
        return self.fc(self.tokens[:, 0])


def load_initial_weights(model: TSCAM, checkpoint: Path) -> None:
    """Loads a checkpoint, resizing its position embeddings when the token grid changed (a
    densified stem); the class token's embedding is kept as it is."""
    state = torch.load(checkpoint, map_location="cpu")
    old, new = state["pos_embed"], model.pos_embed
    if old.shape != new.shape:
        old_grid, new_grid = math.isqrt(old.shape[1] - 1), model.cfg.grid
        patches = old[:, 1:].reshape(1, old_grid, old_grid, -1).permute(0, 3, 1, 2)
        patches = nn.functional.interpolate(
            patches, size=(new_grid, new_grid), mode="bilinear", align_corners=False
        )
        state["pos_embed"] = torch.cat(
            (old[:, :1], patches.permute(0, 2, 3, 1).reshape(1, new_grid**2, -1)), dim=1
        )
    model.load_state_dict(state)


def learning_rate(step: int, total: int, peak: float, warmup: int) -> float:
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return peak * 0.5 * (1 + math.cos(math.pi * progress))


def curriculum(total: int, vary_frac: float, ramp_frac: float) -> list[tuple[float, float]]:
    """(variation, clutter) per step: plain canvases giving way to clean random ones over the
    first vary_frac of training, then clutter ramped in linearly over the next ramp_frac, then
    the test distribution."""
    progress = np.arange(total) / total
    variation = np.clip(progress / max(vary_frac, 1e-9), 0.0, 1.0)
    clutter = np.clip((progress - vary_frac) / max(ramp_frac, 1e-9), 0.0, 1.0)
    return list(zip(variation.tolist(), clutter.tolist()))


def train(args: argparse.Namespace) -> None:
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    cfg = TSCAMConfig(
        num_classes=10,
        img_size=args.img_size,
        patch_size=args.patch,
        embed_dim=args.embed_dim,
        depth=args.depth,
        num_heads=args.heads,
        mlp_ratio=args.mlp_ratio,
        stem="conv",
        stem_channels=args.stem_channels,
        stem_convs=args.stem_convs,
        attention_window=args.attention_window,
    )
    model = TSCAM(cfg)
    if args.init:
        load_initial_weights(model, args.init)
    elif args.stem_prior:
        init_stem_with_contrast_filters(model)
    probe = ClassTokenProbe(model)
    params = list(model.parameters()) + list(probe.parameters())
    optimizer = torch.optim.AdamW(params, lr=args.lr, weight_decay=args.weight_decay)
    criterion = nn.CrossEntropyLoss(label_smoothing=args.label_smoothing)
    schedule = curriculum(args.steps, args.vary_frac, args.ramp_frac)[
        : args.stop_after or args.steps
    ]
    batches = torch.utils.data.DataLoader(
        CanvasBatches(args.seed, args.batch_size, args.img_size, schedule),
        batch_size=None,
        num_workers=1,
        prefetch_factor=4,
    )
    probe_set = ProbeSet(args.probe_count, args.img_size, args.seed)
    (args.out / "config.json").write_text(json.dumps(cfg.to_dict(), indent=2) + "\n")
    (args.out / "train_args.json").write_text(
        json.dumps({k: str(v) for k, v in vars(args).items()}, indent=2) + "\n"
    )
    log = (args.out / "log.jsonl").open("a")
    started, running_loss, running_acc = time.time(), 0.0, 0.0
    model.train()
    last = len(schedule)
    for step, (x, y) in enumerate(batches):
        variation, clutter = schedule[step]
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, args.steps, args.lr, args.warmup)
        logits, _, _ = model(x)
        loss = criterion(logits, y) + args.aux_weight * criterion(probe.logits(), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        running_loss += float(loss)
        running_acc += float((logits.argmax(1) == y).float().mean())
        if (step + 1) % args.log_every == 0 or step + 1 == last:
            record = {
                "step": step + 1,
                "minutes": round((time.time() - started) / 60, 2),
                "variation": round(variation, 3),
                "clutter": round(clutter, 3),
                "lr": optimizer.param_groups[0]["lr"],
                "loss": running_loss / args.log_every,
                "train_acc": running_acc / args.log_every,
            }
            running_loss = running_acc = 0.0
            if (step + 1) % args.eval_every == 0 or step + 1 == last:
                record.update(probe_set.measure(model))
                torch.save(model.state_dict(), args.out / "checkpoint.pt")
            print(json.dumps(record), flush=True)
            log.write(json.dumps(record) + "\n")
            log.flush()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", type=int, default=4500)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=8e-4)
    parser.add_argument("--weight-decay", type=float, default=0.05)
    parser.add_argument("--warmup", type=int, default=150)
    parser.add_argument("--label-smoothing", type=float, default=0.1)
    parser.add_argument("--aux-weight", type=float, default=0.5)
    parser.add_argument("--vary-frac", type=float, default=0.15)
    parser.add_argument("--ramp-frac", type=float, default=0.35)
    parser.add_argument("--img-size", type=int, default=56)
    parser.add_argument("--patch", type=int, default=8)
    parser.add_argument("--embed-dim", type=int, default=128)
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--heads", type=int, default=2)
    parser.add_argument("--mlp-ratio", type=float, default=2.0)
    parser.add_argument("--stem-channels", type=int, default=32)
    parser.add_argument(
        "--stop-after",
        type=int,
        default=0,
        help="stop after this many steps of the --steps schedule (0: run it all)",
    )
    parser.add_argument(
        "--stem-convs",
        type=int,
        default=0,
        help="conv-stem depth; convs beyond log2(patch) keep stride 1 (0: log2(patch))",
    )
    parser.add_argument(
        "--attention-window",
        type=int,
        default=0,
        help="k > 0: patch tokens attend to the class token and a k x k window only",
    )
    parser.add_argument(
        "--stem-prior", type=int, default=1, help="1: contrast-filter init of the first conv"
    )
    parser.add_argument(
        "--init", type=Path, default=None, help="continue from a checkpoint.pt (a second stage)"
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--probe-count", type=int, default=300)
    parser.add_argument("--log-every", type=int, default=25)
    parser.add_argument("--eval-every", type=int, default=200)
    args = parser.parse_args()
    train(args)


if __name__ == "__main__":
    main()
