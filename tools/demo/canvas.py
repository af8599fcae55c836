"""Cheap numpy compositing of one WSOL canvas: a Fashion-MNIST item on a noisy background with
distractor fragments of other items. Shared by the dataset generator and the on-the-fly trainer,
so the training distribution is exactly the one the test split is drawn from."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

FASHION_MNIST_DIR = Path("/usr/share/datasets/fashion-mnist")
CLASS_NAMES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
# Item alpha above this counts as a visible pixel of the ground-truth box.
VISIBLE_ALPHA = 0.15


def load_fashion_mnist(split: str, root: Path = FASHION_MNIST_DIR) -> tuple[np.ndarray, np.ndarray]:
    """split 'train' or 't10k' -> (images uint8 [N,28,28], labels uint8 [N], 0-based)."""
    with gzip.open(root / f"{split}-images-idx3-ubyte.gz") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(root / f"{split}-labels-idx1-ubyte.gz") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    return images, labels


@dataclass(frozen=True)
class Canvas:
    rgb: np.ndarray  # uint8 [size,size,3]
    box: tuple[int, int, int, int]  # x, y, w, h of the item's visible pixels


class CanvasComposer:
    """Composes canvases from a pool of items. clutter in [0,1] scales background noise and the
    number of distractor fragments (0 = clean gradient, 1 = the test distribution). variation in
    [0,1] is the training curriculum's first knob: below 1, a share (1 - variation) of canvases
    are plain (bright item on a dark flat background) and items are larger, which is where a
    network from scratch first learns shapes; at 1 (the test distribution) the random draws are
    exactly those of the plain compose."""

    def __init__(self, images: np.ndarray, size: int = 224):
        self.images = images
        self.size = size
        yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size
        self._grid = (xx, yy)

    def compose(
        self,
        rng: np.random.Generator,
        item: np.ndarray,
        clutter: float = 1.0,
        variation: float = 1.0,
    ) -> Canvas:
        plain = variation < 1 and rng.random() >= variation
        canvas = self._flat_dark(rng) if plain else self._background(rng, clutter)
        side = int(round(rng.uniform(0.65 - 0.4 * variation, 0.65) * self.size))
        alpha = self._scaled_alpha(item, side, flip=rng.random() < 0.5)
        x0, y0 = rng.integers(0, self.size - side + 1, size=2)
        item_box = (x0, y0, side, side)
        for _ in range(self._fragment_count(rng, clutter)):
            self._paste_fragment(rng, canvas, item_box, side)
        if plain:
            colour = rng.uniform(170, 255, size=3).astype(np.float32)
        else:
            colour = self._contrasting_colour(rng, canvas[y0 : y0 + side, x0 : x0 + side])
        region = canvas[y0 : y0 + side, x0 : x0 + side]
        region += alpha[..., None] * (colour - region)
        ys, xs = np.nonzero(alpha > VISIBLE_ALPHA)
        box = (
            int(x0 + xs.min()),
            int(y0 + ys.min()),
            int(xs.max() - xs.min() + 1),
            int(ys.max() - ys.min() + 1),
        )
        return Canvas(np.clip(canvas, 0, 255).astype(np.uint8), box)

    def _flat_dark(self, rng: np.random.Generator) -> np.ndarray:
        return np.broadcast_to(
            rng.uniform(0, 60, size=3).astype(np.float32), (self.size, self.size, 3)
        ).copy()

    def _background(self, rng: np.random.Generator, clutter: float) -> np.ndarray:
        xx, yy = self._grid
        angle = rng.uniform(0, 2 * np.pi)
        t = np.cos(angle) * xx + np.sin(angle) * yy
        t = (t - t.min()) / (t.max() - t.min())
        start = rng.uniform(0, 255, size=3).astype(np.float32)
        # A bounded colour change across the canvas, so no part of the item fades into it.
        end = np.clip(start + rng.uniform(-80, 80, size=3), 0, 255).astype(np.float32)
        canvas = start + t[..., None] * (end - start)
        if clutter > 0:
            canvas += self._texture(rng) * (clutter * rng.uniform(20, 60))
            canvas += rng.normal(0, clutter * rng.uniform(4, 16), size=canvas.shape).astype(
                np.float32
            )
        return canvas

    def _texture(self, rng: np.random.Generator) -> np.ndarray:
        """Smooth coloured blobs: random low-resolution noise upsampled bilinearly, zero mean."""
        cells = int(rng.integers(3, 12))
        low = rng.normal(0, 1, size=(cells, cells, 3)).astype(np.float32)
        return cv2.resize(low, (self.size, self.size), interpolation=cv2.INTER_LINEAR)

    @staticmethod
    def _fragment_count(rng: np.random.Generator, clutter: float) -> int:
        return int(rng.binomial(int(round(clutter * 8)), 0.7)) if clutter > 0 else 0

    def _scaled_alpha(self, item: np.ndarray, side: int, flip: bool) -> np.ndarray:
        alpha = cv2.resize(
            item.astype(np.float32) / 255.0, (side, side), interpolation=cv2.INTER_LINEAR
        )
        return np.ascontiguousarray(alpha[:, ::-1]) if flip else alpha

    def _paste_fragment(
        self, rng: np.random.Generator, canvas: np.ndarray, item_box, side: int
    ) -> None:
        """A partial crop of another item, at the item's scale, placed mostly outside the item's
        square so it distracts without hiding the object."""
        source = self.images[rng.integers(len(self.images))]
        crop = int(rng.integers(7, 15))
        cy, cx = rng.integers(0, 28 - crop + 1, size=2)
        piece = source[cy : cy + crop, cx : cx + crop]
        if piece.max() < 60:
            return
        scale = side / 28.0 * rng.uniform(0.7, 1.2)
        pside = max(4, min(int(round(crop * scale)), self.size // 2))
        alpha = cv2.resize(
            piece.astype(np.float32) / 255.0, (pside, pside), interpolation=cv2.INTER_LINEAR
        )
        for _ in range(20):
            px, py = rng.integers(0, self.size - pside + 1, size=2)
            if self._overlap(item_box, (px, py, pside, pside)) <= 0.1 * pside * pside:
                region = canvas[py : py + pside, px : px + pside]
                colour = self._contrasting_colour(rng, region)
                region += alpha[..., None] * (colour - region)
                return

    @staticmethod
    def _overlap(a, b) -> int:
        w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
        h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
        return max(0, w) * max(0, h)

    @staticmethod
    def _contrasting_colour(rng: np.random.Generator, region: np.ndarray) -> np.ndarray:
        """A random colour whose luminance differs from the region's mean by at least 70 grey
        levels (brighter or darker), so the object is always visible as a shape."""
        background = luminance(region.reshape(-1, 3).mean(axis=0))
        for _ in range(50):
            colour = rng.uniform(0, 255, size=3).astype(np.float32)
            if abs(luminance(colour) - background) >= 70:
                return colour
        return np.full(3, 0.0 if background > 127 else 255.0, np.float32)


def luminance(rgb: np.ndarray) -> float:
    return float(rgb @ np.array([0.299, 0.587, 0.114], np.float32))
