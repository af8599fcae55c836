#!/usr/bin/python3
"""Write the small random test packages and the model golden files the Java suite checks against.

  src/test/resources/models/tiny/        heads-form attentions [N,L,heads,T,T]
  src/test/resources/models/tiny-mean/   the same weights, head-averaged attentions [N,L,T,T]
  src/test/resources/golden/model/       synthetic 224x224 PNGs and, per image, the PyTorch
                                         outputs, maps and boxes (manifest.json lists them)

Deterministic: the same --seed on the same torch build writes the same numbers.
"""

from __future__ import annotations

import argparse
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import torch
from PIL import Image

from tscam import reference
from tscam.model import TSCAM, TSCAMConfig, official_cam
from tscam.package import PackageInfo, write_package

RESOURCES = Path(__file__).resolve().parents[1] / "src" / "test" / "resources"
TINY_CONFIG = TSCAMConfig(
    num_classes=10, img_size=224, patch_size=16, embed_dim=48, depth=3, num_heads=3
)
PACKAGES = {"tiny": "heads", "tiny-mean": "mean"}
# Random maps are noise around a flat level: at the CUB default 0.1 nearly every box would be the
# whole image, at 0.5 the 120 golden boxes take ~85 distinct values.
CAM_THRESHOLD = 0.5
TOP_K = 5
# DeiT's init (std 0.02) leaves attention almost uniform, so the class-token map would be nearly
# flat; larger query/key weights make it depend on the image, which is what the goldens must
# exercise.
QKV_STD = 0.15
SIDE = 224


def tiny_model(seed: int, config: TSCAMConfig = TINY_CONFIG) -> TSCAM:
    torch.manual_seed(seed)
    model = TSCAM(config)
    with torch.no_grad():
        for block in model.blocks:
            block.attn.qkv.weight.normal_(0.0, QKV_STD)
    return model.eval()


class SyntheticImages:
    """Varied 224x224 RGB content (shapes, gradients, noise, textures) so the maps differ."""

    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)

    def all(self, variants: int = 2) -> list[tuple[str, np.ndarray]]:
        painters = [
            self.discs,
            self.rectangles,
            self.triangle,
            self.linear_gradient,
            self.radial_gradient,
            self.blurred_noise,
            self.speckle,
            self.checkerboard,
            self.stripes,
            self.corner_blob,
            self.flat_colour,
            self.shapes_on_gradient,
        ]
        images = []
        for variant in range(variants):
            for painter in painters:
                name = f"{len(images):02d}-{painter.__name__.replace('_', '-')}-{variant}"
                images.append((name, painter()))
        return images

    def _colour(self) -> tuple[int, int, int]:
        return tuple(int(c) for c in self.rng.integers(0, 256, 3))

    def _canvas(self) -> np.ndarray:
        return np.full((SIDE, SIDE, 3), self._colour(), np.uint8)

    def discs(self) -> np.ndarray:
        img = self._canvas()
        for _ in range(self.rng.integers(1, 4)):
            centre = tuple(int(v) for v in self.rng.integers(20, SIDE - 20, 2))
            cv2.circle(img, centre, int(self.rng.integers(12, 60)), self._colour(), -1, cv2.LINE_AA)
        return img

    def rectangles(self) -> np.ndarray:
        img = self._canvas()
        for _ in range(self.rng.integers(1, 4)):
            x1, y1 = (int(v) for v in self.rng.integers(0, SIDE - 40, 2))
            x2, y2 = (int(v) for v in self.rng.integers((x1 + 20, y1 + 20), SIDE))
            cv2.rectangle(img, (x1, y1), (x2, y2), self._colour(), -1)
        return img

    def triangle(self) -> np.ndarray:
        img = self._canvas()
        corners = self.rng.integers(0, SIDE, (3, 2)).astype(np.int32)
        cv2.fillPoly(img, [corners], self._colour(), cv2.LINE_AA)
        return img

    def linear_gradient(self) -> np.ndarray:
        angle = self.rng.uniform(0, 2 * np.pi)
        y, x = np.mgrid[0:SIDE, 0:SIDE] / (SIDE - 1)
        t = (x * np.cos(angle) + y * np.sin(angle)) / (abs(np.cos(angle)) + abs(np.sin(angle)))
        return self._blend(np.clip(t - t.min(), 0, 1))

    def radial_gradient(self) -> np.ndarray:
        cy, cx = self.rng.uniform(0, SIDE, 2)
        y, x = np.mgrid[0:SIDE, 0:SIDE]
        r = np.hypot(y - cy, x - cx)
        return self._blend(r / r.max())

    def _blend(self, t: np.ndarray) -> np.ndarray:
        a, b = np.array(self._colour(), float), np.array(self._colour(), float)
        return (a + (b - a) * t[..., None]).round().astype(np.uint8)

    def blurred_noise(self) -> np.ndarray:
        noise = self.rng.normal(128, 60, (SIDE // 8, SIDE // 8, 3))
        return cv2.resize(
            np.clip(noise, 0, 255).astype(np.uint8), (SIDE, SIDE), interpolation=cv2.INTER_CUBIC
        )

    def speckle(self) -> np.ndarray:
        # Low-amplitude pixel noise on a flat colour keeps the PNG small yet every pixel different.
        noise = self.rng.integers(-12, 13, (SIDE, SIDE, 1))
        return np.clip(self._canvas().astype(int) + noise, 0, 255).astype(np.uint8)

    def checkerboard(self) -> np.ndarray:
        cell = int(self.rng.choice([8, 16, 28, 56]))
        y, x = np.mgrid[0:SIDE, 0:SIDE] // cell
        return np.where(((x + y) % 2 == 0)[..., None], self._colour(), self._colour()).astype(
            np.uint8
        )

    def stripes(self) -> np.ndarray:
        period = self.rng.uniform(10, 50)
        y, x = np.mgrid[0:SIDE, 0:SIDE]
        axis = x if self.rng.random() < 0.5 else y
        return self._blend(0.5 + 0.5 * np.sin(2 * np.pi * axis / period))

    def corner_blob(self) -> np.ndarray:
        # A bright object at the border: boxes that touch the image edge.
        img = self._canvas()
        corner = tuple(int(v) for v in self.rng.choice([0, SIDE - 1], 2))
        cv2.circle(img, corner, int(self.rng.integers(30, 90)), self._colour(), -1, cv2.LINE_AA)
        return img

    def flat_colour(self) -> np.ndarray:
        return self._canvas()

    def shapes_on_gradient(self) -> np.ndarray:
        img = self.linear_gradient()
        centre = tuple(int(v) for v in self.rng.integers(40, SIDE - 40, 2))
        axes = tuple(int(v) for v in self.rng.integers(15, 60, 2))
        cv2.ellipse(
            img,
            centre,
            axes,
            float(self.rng.uniform(0, 180)),
            0,
            360,
            self._colour(),
            -1,
            cv2.LINE_AA,
        )
        return img


@dataclass(frozen=True)
class ImageGolden:
    """The expected numbers for one image, from the PyTorch model and tools/tscam/reference.py."""

    name: str
    logits: np.ndarray  # [C]
    feature_maps: np.ndarray  # [C, h, w]
    attention_map: np.ndarray  # [h, w], reference.class_token_attention
    top_classes: list[int]  # by descending logit
    cams: np.ndarray  # [k, h, w], official_cam of top_classes
    boxes: list[list[int]]  # reference.box per top class, [x1, y1, x2, y2) in 224x224 space

    def scores(self) -> list[float]:
        e = np.exp(self.logits.astype(np.float64) - self.logits.max())
        return [float(e[c] / e.sum()) for c in self.top_classes]

    def write(self, out: Path, pixels: np.ndarray) -> dict:
        """Write the image and the arrays to out/<name>/; returns the manifest entry."""
        (out / self.name).mkdir(parents=True)
        entry = {"name": self.name, "image": f"{self.name}/image.png"}
        Image.fromarray(pixels).save(out / entry["image"], optimize=True)
        arrays = {
            "logits": self.logits,
            "featureMaps": self.feature_maps,
            "attentionMap": self.attention_map,
            "cams": self.cams,
        }
        for key, array in arrays.items():
            entry[key] = f"{self.name}/{_snake(key)}.npy"
            np.save(out / entry[key], np.ascontiguousarray(array, dtype="<f4"))
        return {
            **entry,
            "topClasses": self.top_classes,
            "scores": self.scores(),
            "boxes": self.boxes,
        }


def compute_goldens(model: TSCAM, images: list[tuple[str, np.ndarray]]) -> list[ImageGolden]:
    batch = np.stack([reference.preprocess(Image.fromarray(pixels)) for _, pixels in images])
    with torch.no_grad():
        logits, feature_maps, attentions = model(torch.from_numpy(batch))
        cams = official_cam(feature_maps, attentions)
    grid = (TINY_CONFIG.grid, TINY_CONFIG.grid)
    goldens = []
    for i, (name, _) in enumerate(images):
        top = torch.topk(logits[i], TOP_K).indices.tolist()
        goldens.append(
            ImageGolden(
                name=name,
                logits=logits[i].numpy(),
                feature_maps=feature_maps[i].numpy(),
                attention_map=reference.class_token_attention(attentions[i].numpy(), grid),
                top_classes=top,
                cams=cams[i, top].numpy(),
                boxes=[reference.box(cams[i, c].numpy(), CAM_THRESHOLD) for c in top],
            )
        )
    return goldens


def write_goldens(
    goldens: list[ImageGolden], images: list[tuple[str, np.ndarray]], out: Path, seed: int
) -> dict:
    entries = [
        golden.write(out, pixels) for golden, (_, pixels) in zip(goldens, images, strict=True)
    ]
    manifest = {
        "description": "Tiny random TS-CAM (models/tiny, models/tiny-mean: same weights) on "
        "synthetic 224x224 images: PyTorch logits and feature maps, reference class-token "
        "attention map, official_cam of the top classes and reference.box at camThreshold (x2, "
        "y2 exclusive, 224x224 space).",
        "generator": f"/usr/bin/python3 tools/golden_model.py --seed {seed}",
        "packages": {name: f"models/{name}" for name in PACKAGES},
        "inputSize": [SIDE, SIDE],
        "grid": [TINY_CONFIG.grid, TINY_CONFIG.grid],
        "numClasses": TINY_CONFIG.num_classes,
        "camThreshold": CAM_THRESHOLD,
        "topK": TOP_K,
        "images": entries,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def _snake(key: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in key)


def write_all(resources: Path, seed: int) -> dict:
    """(Re)write both packages and the goldens under resources; returns the golden manifest."""
    model = tiny_model(seed)
    for name, form in PACKAGES.items():
        info = PackageInfo(
            name=name,
            version="1",
            labels=tuple(f"class_{i}" for i in range(TINY_CONFIG.num_classes)),
            trained=False,
            description=f"UNTRAINED tiny random TS-CAM (seed {seed}, {form} attentions) for tests: "
            "boxes are meaningless.",
            cam_threshold=CAM_THRESHOLD,
        )
        write_package(model, info, resources / "models" / name, form)
    out = resources / "golden" / "model"
    shutil.rmtree(out, ignore_errors=True)
    images = SyntheticImages(seed).all()
    return write_goldens(compute_goldens(model, images), images, out, seed)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--resources", type=Path, default=RESOURCES, help="test resources root to write under"
    )
    args = parser.parse_args()
    manifest = write_all(args.resources, args.seed)
    size = sum(
        f.stat().st_size for f in (args.resources / "golden" / "model").rglob("*") if f.is_file()
    )
    print(
        f"{len(manifest['images'])} golden images, {size / 2**20:.2f} MiB under "
        f"{args.resources / 'golden/model'}"
    )


if __name__ == "__main__":
    main()
