#!/usr/bin/python3
"""Trains the demo TS-CAM model from scratch on Fashion-MNIST canvases composed on the fly (image
labels only).

Recipe: conv stem with BatchNorm (first conv started as colour-contrast filters, the third at
stride 1) reaching a 14x14 token grid at 56 px, two transformer blocks whose patch tokens attend
to a 5x5 window (the class token sees everything), AdamW with linear warmup and cosine decay,
label smoothing, and a curriculum: plain bright-on-dark canvases giving way to random colours,
then clutter ramped in. At full clutter a share of the canvases are the classic ones the test
split is drawn from and the rest come from the varied generator setting (canvas.VARIED: more
backgrounds, larger and more distractors, more colour rules, JPEG re-encoding). An auxiliary
linear classifier on the final class token is trained alongside the conv head, like the DeiT
pre-training TS-CAM starts from, so the class token's attention learns to look at the object; it
is not part of the saved model.

With --minutes the cosine decay runs over wall time, so a run ends annealed whatever the
machine's speed; the batches are still a pure function of (seed, step).
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

from canvas import VARIED, StyledComposer, load_fashion_mnist  # noqa: E402
from generate_dataset import HOLDOUT, canvas_rng, composer_for  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tscam import reference  # noqa: E402
from tscam.model import TSCAM, TSCAMConfig  # noqa: E402

TRAIN_ITEMS = 60000 - HOLDOUT


class CanvasBatches(torch.utils.data.IterableDataset):
    """Deterministic batches: batch `step` is a pure function of (seed, step) and its clutter
    follows the curriculum, so a DataLoader worker can compose them while the model trains."""

    def __init__(self, seed: int, batch_size: int, input_size: int, curriculum, varied_share):
        super().__init__()
        self.images, self.labels = load_fashion_mnist("train")
        self.composer = StyledComposer(self.images[:TRAIN_ITEMS], VARIED)
        self.seed, self.batch_size, self.input_size = seed, batch_size, input_size
        self.curriculum, self.varied_share = curriculum, varied_share

    def __iter__(self):
        step = 0
        while True:
            variation, clutter = self.curriculum(step)
            yield self.batch(step, clutter, variation)
            step += 1

    def batch(
        self, step: int, clutter: float, variation: float
    ) -> tuple[torch.Tensor, torch.Tensor]:
        rng = np.random.default_rng([self.seed, 7, step])
        indices = rng.integers(0, TRAIN_ITEMS, size=self.batch_size)
        x = np.stack([self._input(self._canvas(rng, i, clutter, variation).rgb) for i in indices])
        return torch.from_numpy(x), torch.from_numpy(self.labels[indices].astype(np.int64))

    def _canvas(self, rng: np.random.Generator, index: int, clutter: float, variation: float):
        """A varied canvas with probability varied_share x clutter (none while the curriculum
        still shows clean canvases), else a classic one at the curriculum's clutter."""
        if rng.random() < self.varied_share * clutter:
            return self.composer.compose_styled(rng, self.images[index])
        return self.composer.compose(rng, self.images[index], clutter, variation)

    def _input(self, rgb: np.ndarray) -> np.ndarray:
        return reference.preprocess(Image.fromarray(rgb), (self.input_size, self.input_size))


class ProbeSet:
    """Canvases of held-out training items, for the learning curve (Cls@1 and GT-known Loc at a
    fixed cam threshold, measured with the reference math): classic full-clutter ones like the
    test split's, or shifted ones like the shifted split's (style "shifted")."""

    def __init__(self, count: int, input_size: int, seed: int, style: str = "classic"):
        images, labels = load_fashion_mnist("train")
        compose = composer_for(style, images, clutter=1.0)
        self.x, self.labels, self.boxes = [], [], []
        scale = input_size / 224.0
        for index in range(60000 - count, 60000):
            canvas = compose(canvas_rng(seed + 1000, "train", index), images[index])
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


def learning_rate(progress: float, step: int, peak: float, warmup: int) -> float:
    """Linear warmup over the first `warmup` steps, then cosine decay over progress in [0, 1]."""
    if step < warmup:
        return peak * (step + 1) / warmup
    return peak * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))


class Curriculum:
    """(variation, clutter) at a step: plain canvases giving way to clean random ones over the
    first vary_steps, then clutter ramped in linearly over the next ramp_steps, then full
    clutter."""

    def __init__(self, vary_steps: int, ramp_steps: int):
        self.vary_steps, self.ramp_steps = vary_steps, ramp_steps

    def __call__(self, step: int) -> tuple[float, float]:
        variation = min(1.0, step / max(self.vary_steps, 1e-9))
        clutter = min(1.0, max(0.0, (step - self.vary_steps) / max(self.ramp_steps, 1e-9)))
        return variation, clutter


class Budget:
    """Training progress in [0, 1]: by steps, or by wall time when a minute budget is set (the
    cosine then ends at the budget whatever the machine's speed); done at 1."""

    def __init__(self, steps: int, minutes: float):
        self.steps, self.seconds, self.started = steps, minutes * 60, time.time()

    def progress(self, step: int) -> float:
        if self.seconds:
            return (time.time() - self.started) / self.seconds
        return step / self.steps

    def minutes(self) -> float:
        return (time.time() - self.started) / 60


def build_model(args: argparse.Namespace) -> TSCAM:
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
    if args.stem_prior:
        init_stem_with_contrast_filters(model)
    return model


def train(args: argparse.Namespace) -> None:
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    model = build_model(args)
    probe = ClassTokenProbe(model)
    params = list(model.parameters()) + list(probe.parameters())
    optimizer = torch.optim.AdamW(params, lr=args.lr, weight_decay=args.weight_decay)
    criterion = nn.CrossEntropyLoss(label_smoothing=args.label_smoothing)
    schedule = Curriculum(args.vary_steps, args.ramp_steps)
    batches = torch.utils.data.DataLoader(
        CanvasBatches(args.seed, args.batch_size, args.img_size, schedule, args.varied_share),
        batch_size=None,
        num_workers=1,
        prefetch_factor=4,
    )
    probes = {
        "": ProbeSet(args.probe_count, args.img_size, args.seed),
        "shifted_": ProbeSet(args.probe_count, args.img_size, args.seed, "shifted"),
    }
    (args.out / "config.json").write_text(json.dumps(model.cfg.to_dict(), indent=2) + "\n")
    (args.out / "train_args.json").write_text(
        json.dumps({k: str(v) for k, v in vars(args).items()}, indent=2) + "\n"
    )
    log = (args.out / "log.jsonl").open("a")
    budget = Budget(args.steps, args.minutes)
    running_loss, running_acc, window = 0.0, 0.0, 0
    model.train()
    for step, (x, y) in enumerate(batches):
        progress = budget.progress(step)
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(progress, step, args.lr, args.warmup)
        logits, _, _ = model(x)
        loss = criterion(logits, y) + args.aux_weight * criterion(probe.logits(), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        running_loss += float(loss)
        running_acc += float((logits.argmax(1) == y).float().mean())
        window += 1
        last = budget.progress(step + 1) >= 1
        if (step + 1) % args.log_every == 0 or last:
            variation, clutter = schedule(step)
            record = {
                "step": step + 1,
                "minutes": round(budget.minutes(), 2),
                "variation": round(variation, 3),
                "clutter": round(clutter, 3),
                "lr": optimizer.param_groups[0]["lr"],
                "loss": running_loss / window,
                "train_acc": running_acc / window,
            }
            running_loss, running_acc, window = 0.0, 0.0, 0
            if (step + 1) % args.eval_every == 0 or last:
                for prefix, probe_set in probes.items():
                    record.update({prefix + k: v for k, v in probe_set.measure(model).items()})
                torch.save(model.state_dict(), args.out / "checkpoint.pt")
            print(json.dumps(record), flush=True)
            log.write(json.dumps(record) + "\n")
            log.flush()
        if last:
            break


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", type=int, default=12000, help="length of the schedule")
    parser.add_argument(
        "--minutes",
        type=float,
        default=0,
        help="> 0: a wall-time budget; the cosine decay runs over it instead of --steps",
    )
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=8e-4)
    parser.add_argument("--weight-decay", type=float, default=0.05)
    parser.add_argument("--warmup", type=int, default=150)
    parser.add_argument("--label-smoothing", type=float, default=0.1)
    parser.add_argument("--aux-weight", type=float, default=0.5)
    parser.add_argument("--vary-steps", type=int, default=700)
    parser.add_argument("--ramp-steps", type=int, default=1600)
    parser.add_argument(
        "--varied-share",
        type=float,
        default=0.6,
        help="share of full-clutter canvases drawn from the varied generator setting",
    )
    parser.add_argument("--img-size", type=int, default=56)
    parser.add_argument("--patch", type=int, default=4)
    parser.add_argument("--embed-dim", type=int, default=128)
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--heads", type=int, default=2)
    parser.add_argument("--mlp-ratio", type=float, default=2.0)
    parser.add_argument("--stem-channels", type=int, default=32)
    parser.add_argument(
        "--stem-convs",
        type=int,
        default=3,
        help="conv-stem depth; convs beyond log2(patch) keep stride 1 (0: log2(patch))",
    )
    parser.add_argument(
        "--attention-window",
        type=int,
        default=5,
        help="k > 0: patch tokens attend to the class token and a k x k window only",
    )
    parser.add_argument(
        "--stem-prior", type=int, default=1, help="1: contrast-filter init of the first conv"
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--probe-count", type=int, default=300)
    parser.add_argument("--log-every", type=int, default=25)
    parser.add_argument("--eval-every", type=int, default=400)
    args = parser.parse_args()
    train(args)


if __name__ == "__main__":
    main()
