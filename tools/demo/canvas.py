"""Cheap numpy compositing of one WSOL canvas: a Fashion-MNIST item on a noisy background with
distractor fragments of other items. Shared by the dataset generator and the on-the-fly trainer,
so the training distribution is exactly the one the test split is drawn from."""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

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
        return Canvas(np.clip(canvas, 0, 255).astype(np.uint8), visible_box(alpha, x0, y0))

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
        piece = self._random_crop(rng, largest=14)
        if piece is None:
            return
        scale = side / 28.0 * rng.uniform(0.7, 1.2)
        pside = max(4, min(int(round(piece.shape[0] * scale)), self.size // 2))
        self._place_fragment(rng, canvas, item_box, piece, pside)

    def _random_crop(self, rng: np.random.Generator, largest: int) -> np.ndarray | None:
        """A square crop of 7..largest px of a random item, None when it holds almost no ink."""
        source = self.images[rng.integers(len(self.images))]
        crop = int(rng.integers(7, largest + 1))
        cy, cx = rng.integers(0, 28 - crop + 1, size=2)
        piece = source[cy : cy + crop, cx : cx + crop]
        return None if piece.max() < 60 else piece

    def _place_fragment(
        self, rng: np.random.Generator, canvas: np.ndarray, item_box, piece, pside: int
    ) -> None:
        """Pastes the crop at pside px where at most 10 % of it lies over the item's square, in a
        colour contrasting with what is under it (20 tries, else nowhere)."""
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


def visible_box(alpha: np.ndarray, x0: int, y0: int) -> tuple[int, int, int, int]:
    """x, y, w, h of the item's visible pixels (alpha > VISIBLE_ALPHA), pasted at (x0, y0)."""
    ys, xs = np.nonzero(alpha > VISIBLE_ALPHA)
    return (
        int(x0 + xs.min()),
        int(y0 + ys.min()),
        int(xs.max() - xs.min() + 1),
        int(ys.max() - ys.min() + 1),
    )


def luminance(rgb: np.ndarray) -> float:
    return float(rgb @ np.array([0.299, 0.587, 0.114], np.float32))


@dataclass(frozen=True)
class Style:
    """A generator setting beyond the classic canvas (which `CanvasComposer.compose` draws and
    the test split keeps): which backgrounds, how large and how many distractor fragments, which
    colour rules, and whether the canvas goes through a JPEG round trip. Each canvas draws one of
    each listed kind uniformly."""

    backgrounds: tuple[str, ...]
    fragment_scale: tuple[float, float]  # fragment side as a share of the item's side
    max_fragments: int
    colour_rules: tuple[str, ...]
    jpeg_quality: tuple[int, int] | None  # inclusive range, None: no re-encoding


# What training samples beside the classic canvas.
VARIED = Style(
    backgrounds=("gradient", "blobs", "noise", "grating", "checker"),
    fragment_scale=(0.1, 0.5),
    max_fragments=12,
    colour_rules=("contrast", "two-tone", "low-contrast"),
    jpeg_quality=(25, 95),
)
# The shifted test split: larger distractors on backgrounds training never samples.
SHIFTED = Style(
    backgrounds=("rectangles", "strokes"),
    fragment_scale=(0.5, 0.8),
    max_fragments=10,
    colour_rules=("contrast",),
    jpeg_quality=None,
)


class StyledComposer(CanvasComposer):
    """Canvases of a `Style`: the item at 22-68 % of the side on one of the style's backgrounds,
    with up to `max_fragments` distractors and one of its colour rules."""

    def __init__(self, images: np.ndarray, style: Style, size: int = 224):
        super().__init__(images, size)
        self.style = style

    def compose_styled(self, rng: np.random.Generator, item: np.ndarray) -> Canvas:
        style = self.style
        canvas = self._styled_background(
            rng, style.backgrounds[rng.integers(len(style.backgrounds))]
        )
        side = int(round(rng.uniform(0.22, 0.68) * self.size))
        alpha = self._scaled_alpha(item, side, flip=rng.random() < 0.5)
        x0, y0 = rng.integers(0, self.size - side + 1, size=2)
        for _ in range(int(rng.integers(0, style.max_fragments + 1))):
            self._paste_scaled_fragment(rng, canvas, (x0, y0, side, side), side)
        region = canvas[y0 : y0 + side, x0 : x0 + side]
        rule = style.colour_rules[rng.integers(len(style.colour_rules))]
        colour = self._item_colour(rng, region, rule)
        region += alpha[..., None] * (colour - region)
        rgb = np.clip(canvas, 0, 255).astype(np.uint8)
        if style.jpeg_quality is not None:
            rgb = jpeg_round_trip(
                rgb, int(rng.integers(style.jpeg_quality[0], style.jpeg_quality[1] + 1))
            )
        return Canvas(rgb, visible_box(alpha, x0, y0))

    def _styled_background(self, rng: np.random.Generator, kind: str) -> np.ndarray:
        size = self.size
        base = rng.uniform(0, 255, size=3).astype(np.float32)
        if kind == "gradient":
            return self._background(rng, 1.0)
        if kind == "blobs":
            return base + self._texture(rng) * rng.uniform(30, 90)
        if kind == "noise":
            noise = rng.normal(0, rng.uniform(10, 45), size=(size, size, 3)).astype(np.float32)
            blur = rng.uniform(0.0, 2.0)
            if blur > 0.5:
                noise = cv2.GaussianBlur(noise, (0, 0), blur) * (1 + blur)
            return base + noise
        if kind == "grating":
            xx, yy = self._grid
            angle = rng.uniform(0, np.pi)
            period = rng.uniform(6, 40) / size
            wave = np.sin(2 * np.pi * (np.cos(angle) * xx + np.sin(angle) * yy) / period)
            return base + wave[..., None] * rng.uniform(-60, 60, size=3).astype(np.float32)
        if kind == "checker":
            cell = int(rng.integers(6, 40))
            yy, xx = np.mgrid[0:size, 0:size] // cell
            board = ((xx + yy) % 2).astype(np.float32)
            return base + board[..., None] * rng.uniform(-60, 60, size=3).astype(np.float32)
        if kind == "rectangles":
            canvas = np.broadcast_to(base, (size, size, 3)).copy()
            for _ in range(int(rng.integers(8, 25))):
                x, y = rng.integers(0, size, size=2)
                w, h = rng.integers(10, size // 2, size=2)
                # Within +-60 of the base per channel, as the grating's and checker's
                # amplitudes, so an item contrasting with the mean under it stays visible.
                canvas[y : y + h, x : x + w] = base + rng.uniform(-60, 60, size=3)
            return canvas
        if kind == "strokes":
            canvas = np.broadcast_to(base, (size, size, 3)).copy()
            for _ in range(int(rng.integers(10, 30))):
                start, end = rng.integers(0, size, size=(2, 2))
                colour = tuple(float(c) for c in rng.uniform(0, 255, size=3))
                cv2.line(
                    canvas,
                    tuple(map(int, start)),
                    tuple(map(int, end)),
                    colour,
                    int(rng.integers(1, 5)),
                    cv2.LINE_AA,
                )
            return canvas
        raise ValueError(f"unknown background kind {kind!r}")

    def _paste_scaled_fragment(
        self, rng: np.random.Generator, canvas: np.ndarray, item_box, side: int
    ) -> None:
        """A crop of another item scaled to a share of the item's side, placed like the classic
        fragments (at most 10 % of it over the item's square)."""
        piece = self._random_crop(rng, largest=21)
        if piece is None:
            return
        low, high = self.style.fragment_scale
        pside = max(4, min(int(round(side * rng.uniform(low, high))), self.size // 2))
        self._place_fragment(rng, canvas, item_box, piece, pside)

    def _item_colour(self, rng: np.random.Generator, region: np.ndarray, rule: str) -> np.ndarray:
        """contrast: the classic rule (luminance >= 70 grey levels from the region's mean);
        two-tone: a blend between two such colours across the item; low-contrast: luminance
        30-70 levels away but a clearly different hue (colour distance >= 120)."""
        if rule == "contrast":
            return self._contrasting_colour(rng, region)
        if rule == "two-tone":
            first, second = self._contrasting_colour(rng, region), self._contrasting_colour(
                rng, region
            )
            side = region.shape[0]
            t = np.linspace(0, 1, side, dtype=np.float32)
            t = t[None, :] if rng.random() < 0.5 else t[:, None]
            return first + t[..., None] * (second - first)
        if rule == "low-contrast":
            mean = region.reshape(-1, 3).mean(axis=0)
            background = luminance(mean)
            for _ in range(50):
                colour = rng.uniform(0, 255, size=3).astype(np.float32)
                difference = abs(luminance(colour) - background)
                if 30 <= difference and np.linalg.norm(colour - mean) >= 120:
                    return colour
            return self._contrasting_colour(rng, region)
        raise ValueError(f"unknown colour rule {rule!r}")


def jpeg_round_trip(rgb: np.ndarray, quality: int) -> np.ndarray:
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    return np.asarray(Image.open(buffer).convert("RGB"))
