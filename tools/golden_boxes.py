#!/usr/bin/python3
"""Write the golden files the Java TS-CAM engine (io.tscam.server.cam) is tested against.

  src/test/resources/golden/boxes/<group>.npz   maps on a token grid, (map, threshold) cases with
                                                the cv2 box (reference.box), the boxes of all
                                                contours for a subset, SHA-256 digests of the
                                                float upsampled and uint8 maps of every map, and
                                                the full uint8 maps of a few
  src/test/resources/golden/boxes/fusion.npz    raw attentions and feature maps of a small random
                                                TS-CAM with the class-token map, the coupled maps
                                                and the attention rollout they give

Every expected number comes from tools/tscam/reference.py (numpy + OpenCV), the behaviour the
official TS-CAM evaluation has. Deterministic: the same --seed on the same torch build writes the
same files.
"""

from __future__ import annotations

import argparse
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import torch

from tscam import reference
from tscam.model import TSCAM, TSCAMConfig

OUT = Path(__file__).resolve().parents[1] / "src" / "test" / "resources" / "golden" / "boxes"
# The official defaults (CUB 0.1, ILSVRC 0.12) and a spread up to 0.9; random ones are added per
# map.
THRESHOLDS = (0.05, 0.1, 0.12, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
RANDOM_THRESHOLDS_PER_MAP = 2
ALL_BOXES_EVERY = 3  # all-contour boxes are stored for every third case
FULL_UINT8_MAPS = 6  # the first few maps of a group keep their whole uint8 upsampled map
# DeiT's init (std 0.02) leaves attention almost uniform; larger query/key weights make the
# class-token map depend on the image.
QKV_STD = 0.15


def random_tscam(cfg: TSCAMConfig, seed: int) -> TSCAM:
    torch.manual_seed(seed)
    model = TSCAM(cfg)
    with torch.no_grad():
        for block in model.blocks:
            block.attn.qkv.weight.normal_(0.0, QKV_STD)
    return model.eval()


def noise_images(rng: np.random.Generator, count: int, side: int) -> torch.Tensor:
    """White noise, blurred noise and blocky noise: inputs that give maps with many islands."""
    images = []
    for i in range(count):
        kind = i % 3
        if kind == 0:
            img = rng.standard_normal((3, side, side))
        elif kind == 1:
            img = np.stack(
                [
                    cv2.GaussianBlur(rng.standard_normal((side, side)), (0, 0), 6) * 8
                    for _ in range(3)
                ]
            )
        else:
            blocks = rng.standard_normal((3, side // 16, side // 16))
            img = blocks.repeat(16, axis=1).repeat(16, axis=2)
        images.append(img.astype(np.float32))
    return torch.from_numpy(np.stack(images))


def model_outputs(cfg: TSCAMConfig, seed: int, images: int, rng: np.random.Generator):
    model = random_tscam(cfg, seed)
    with torch.no_grad():
        _, feature_maps, attentions = model(noise_images(rng, images, cfg.img_size))
    return feature_maps.numpy(), attentions.numpy()


def tscam_maps(
    cfg: TSCAMConfig, seed: int, images: int, rng: np.random.Generator
) -> list[np.ndarray]:
    """Coupled maps of every class of a random TS-CAM, computed as reference.py does."""
    feature_maps, attentions = model_outputs(cfg, seed, images, rng)
    maps = []
    for fm, att in zip(feature_maps, attentions):
        token_map = reference.class_token_attention(att, (cfg.grid, cfg.grid))
        maps += [reference.coupled_map(f, token_map) for f in fm]
    return maps


def gaussian_mixture(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    cam = np.full((h, w), rng.normal(0, 0.2))
    for _ in range(rng.integers(1, 5)):
        cy, cx = rng.uniform(-1, h), rng.uniform(-1, w)
        sy, sx = rng.uniform(0.6, h / 2.5), rng.uniform(0.6, w / 2.5)
        amplitude = rng.uniform(-0.6, 1.0) * 10 ** rng.uniform(-2, 2)
        cam += amplitude * np.exp(
            -((yy - cy) ** 2 / (2 * sy**2) + (xx - cx) ** 2 / (2 * sx**2))
        )
    return cam.astype(np.float32)


def structured_maps(rng: np.random.Generator, h: int, w: int) -> list[np.ndarray]:
    """Edge cases: flat maps, single pixels, ties, borders, plateaus, nested rings, many islands."""
    maps = [np.zeros((h, w), np.float32), np.full((h, w), 1.5, np.float32)]
    # Flat too, but cv2.resize's edge rows (row0*(1-fy) + row0*fy) differ from it in the last bit,
    # and min-max normalisation blows that up into hundreds of stripes.
    maps.append(np.full((h, w), 0.47190973, np.float32))
    for y, x in ((h // 2, w // 2), (0, 0), (h - 1, w - 1), (0, w - 1)):
        m = np.zeros((h, w), np.float32)
        m[y, x] = 1.0
        maps.append(m)
    twin = np.zeros((h, w), np.float32)  # two identical blobs: equal contour areas, a tie
    twin[h // 2 - 1 : h // 2 + 1, 2:4] = 1.0
    twin[h // 2 - 1 : h // 2 + 1, w - 4 : w - 2] = 1.0
    maps.append(twin)
    stacked = np.zeros((h, w), np.float32)  # the same tie, one above the other
    stacked[2:4, w // 2] = 1.0
    stacked[h - 4 : h - 2, w // 2] = 1.0
    maps.append(stacked)
    yy, xx = np.mgrid[0:h, 0:w]
    r = np.hypot(yy - (h - 1) / 2, xx - (w - 1) / 2)
    maps.append(np.cos(r * 1.3).astype(np.float32))  # rings: holes with islands inside
    maps.append(((yy + xx) % 2).astype(np.float32))  # checkerboard: many contours
    maps.append((-r).astype(np.float32))  # all negative, peak in the middle
    border = np.zeros((h, w), np.float32)
    border[:, 0] = 2.0
    border[0, :] = 1.0
    border[h - 3 :, w - 3 :] = 3.0
    maps.append(border)
    maps.append((np.arange(h * w).reshape(h, w) * 1e-30).astype(np.float32))  # tiny values
    for _ in range(6):
        maps.append(rng.integers(0, 2, (h, w)).astype(np.float32))  # random binary
        maps.append(rng.integers(0, 4, (h, w)).astype(np.float32))  # plateaus
        maps.append((rng.standard_normal((h, w)) * 10 ** rng.uniform(-6, 6)).astype(np.float32))
    return maps


def crowded_maps(rng: np.random.Generator, side: int) -> list[np.ndarray]:
    """Hundreds of islands, rings with islands inside them, and a fence around more than 126
    islands."""
    maps = [
        (rng.random((side, side)) < density).astype(np.float32)
        for density in (0.15, 0.25, 0.35, 0.5)
    ]
    tile = np.zeros((7, 7), np.float32)
    tile[1:6, 1:6] = 1.0
    tile[2:5, 2:5] = 0.0
    tile[3, 3] = 1.0  # a ring with a dot inside: outer border, hole, and an island in the hole
    rings = np.tile(tile, (side // 7, side // 7))
    maps += [rings, rings * (1 + rng.random((side, side), np.float32))]
    maps += [rng.standard_normal((side, side)).astype(np.float32) for _ in range(3)]
    # Far more than 126 islands inside one big ring, and a second ring with islands inside that:
    # contours that share a label nest in each other, so OpenCV must retrace to tell parents apart.
    fenced = np.zeros((side, side), np.float32)
    fenced[1, 1:-1] = fenced[-2, 1:-1] = fenced[1:-1, 1] = fenced[1:-1, -2] = 1.0
    fenced[4:-4:3, 4:-4:3] = 1.0
    maps.append(fenced)
    nested = fenced.copy()
    nested[20:36, 20:36] = 0.0
    nested[20, 20:36] = nested[35, 20:36] = nested[20:36, 20] = nested[20:36, 35] = 1.0
    nested[23:33:2, 23:33:2] = 1.0
    maps.append(nested)
    return maps


def banded_noise(rng: np.random.Generator, side: int, bands: int) -> np.ndarray:
    """Level sets of smooth noise folded into bands: deeply nested rings, holes and islands."""
    noise = cv2.GaussianBlur(rng.standard_normal((side, side)), (0, 0), side / 24)
    noise = (noise - noise.min()) / (noise.max() - noise.min())
    return np.abs(np.sin(noise * bands * np.pi)).astype(np.float32)


@dataclass
class Group:
    """Maps of one grid size upsampled to one input size, with their cases."""

    name: str
    size: tuple[int, int]  # (H, W) of the model input
    maps: list[np.ndarray]
    case_map: list[int] = field(default_factory=list)
    case_threshold: list[float] = field(default_factory=list)
    case_box: list[list[int]] = field(default_factory=list)
    all_boxes_case: list[int] = field(default_factory=list)
    all_boxes_offsets: list[int] = field(default_factory=lambda: [0])
    all_boxes: list[list[int]] = field(default_factory=list)

    def build(self, rng: np.random.Generator) -> None:
        for index, cam in enumerate(self.maps):
            thresholds = list(THRESHOLDS) + list(rng.uniform(0.05, 0.9, RANDOM_THRESHOLDS_PER_MAP))
            for thr in thresholds:
                case = len(self.case_map)
                self.case_map.append(index)
                self.case_threshold.append(float(thr))
                self.case_box.append(reference.box(cam, float(thr), self.size))
                if case % ALL_BOXES_EVERY == 0:
                    boxes = reference.all_boxes(cam, float(thr), self.size)
                    self.all_boxes_case.append(case)
                    self.all_boxes += boxes
                    self.all_boxes_offsets.append(len(self.all_boxes))

    def arrays(self) -> dict[str, np.ndarray]:
        h, w = self.size
        upsampled = [cv2.resize(m, (w, h)) for m in self.maps]
        uint8 = [reference.normalized_uint8(m, self.size) for m in self.maps]
        return {
            "size": np.asarray(self.size, np.int32),
            "maps": np.stack(self.maps).astype(np.float32),
            "case_map": np.asarray(self.case_map, np.int32),
            "case_threshold": np.asarray(self.case_threshold, np.float64),
            "case_box": np.asarray(self.case_box, np.int32),
            "all_boxes_case": np.asarray(self.all_boxes_case, np.int32),
            "all_boxes_offsets": np.asarray(self.all_boxes_offsets, np.int32),
            "all_boxes": np.asarray(self.all_boxes, np.int32).reshape(-1, 4),
            "upsampled_sha256": digests(u.astype("<f4") for u in upsampled),
            "uint8_sha256": digests(uint8),
            "uint8_maps": np.stack(uint8[:FULL_UINT8_MAPS]),
        }


def digests(arrays) -> np.ndarray:
    rows = [
        np.frombuffer(hashlib.sha256(np.ascontiguousarray(a).tobytes()).digest(), np.uint8)
        for a in arrays
    ]
    return np.stack(rows)


def box_groups(rng: np.random.Generator) -> list[Group]:
    tiny = TSCAMConfig(
        num_classes=16, img_size=224, patch_size=16, embed_dim=192, depth=12, num_heads=3
    )
    small_grid = TSCAMConfig(
        num_classes=8, img_size=112, patch_size=16, embed_dim=48, depth=4, num_heads=3
    )
    deit = tscam_maps(tiny, seed=1, images=9, rng=rng)
    grid7 = tscam_maps(small_grid, seed=2, images=3, rng=rng)
    smooth14 = [gaussian_mixture(rng, 14, 14) for _ in range(80)]
    return [
        Group("tscam_224", (224, 224), deit + smooth14 + structured_maps(rng, 14, 14)),
        Group("grid14_200x300", (200, 300),
              deit[:24:2] + smooth14[:12] + structured_maps(rng, 14, 14)[:12]),
        Group("grid7_112", (112, 112), grid7 + structured_maps(rng, 7, 7)),
        Group("grid12x9_190x143", (190, 143), [gaussian_mixture(rng, 12, 9) for _ in range(16)]
              + [(rng.standard_normal((12, 9))).astype(np.float32) for _ in range(16)]),
        # A finer grid gives hundreds of contours: OpenCV's contour labels wrap after 126, which
        # changes how it finds parents (and so the order of its output).
        Group("grid28_224", (224, 224), structured_maps(rng, 28, 28)[6:]),
        Group("grid56_224", (224, 224), crowded_maps(rng, 56)),
        Group("grid112_224", (224, 224),
              [banded_noise(rng, 112, bands) for bands in (6, 10, 16, 24)]),
    ]  # fmt: skip


def rollout(attentions: np.ndarray, grid: tuple[int, int]) -> np.ndarray:
    """Attention rollout (Abnar & Zuidema): product over layers of the row-normalised (A + I),
    class-token row over the patches; float64, rounded once."""
    a = attentions.astype(np.float64)
    if a.ndim == 4:
        a = a.mean(axis=1)
    tokens = a.shape[-1]
    result = np.eye(tokens)
    for layer in a:
        layer = layer + np.eye(tokens)
        result = (layer / layer.sum(axis=-1, keepdims=True)) @ result
    return result[0, 1:].reshape(grid).astype(np.float32)


def fusion_arrays(rng: np.random.Generator) -> dict[str, np.ndarray]:
    cfg = TSCAMConfig(
        num_classes=6, img_size=112, patch_size=16, embed_dim=48, depth=4, num_heads=3
    )
    grid = (cfg.grid, cfg.grid)
    feature_maps, attentions = model_outputs(cfg, seed=3, images=2, rng=rng)
    head_mean = attentions.mean(
        axis=2
    )  # float32, as an exported graph that averages heads gives it
    token_maps = np.stack([reference.class_token_attention(a, grid) for a in attentions])
    coupled = [[reference.coupled_map(f, t) for f in fm] for fm, t in zip(feature_maps, token_maps)]
    return {
        "attentions": attentions,
        "attentions_head_mean": head_mean,
        "feature_maps": feature_maps,
        "class_token_map": token_maps,
        "class_token_map_head_mean": np.stack(
            [reference.class_token_attention(a, grid) for a in head_mean]
        ),
        "coupled_maps": np.stack(coupled),
        "rollout_map": np.stack([rollout(a, grid) for a in attentions]),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    torch.manual_seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for group in box_groups(rng):
        with np.errstate(invalid="ignore"):  # flat maps divide 0 by 0, as the official code does
            group.build(rng)
            arrays = group.arrays()
        np.savez_compressed(args.out / f"{group.name}.npz", **arrays)
        total += len(group.case_map)
        print(f"{group.name}: {len(group.maps)} maps, {len(group.case_map)} cases, "
              f"{len(group.all_boxes_case)} all-contour cases")  # fmt: skip
    np.savez_compressed(args.out / "fusion.npz", **fusion_arrays(rng))
    size = sum(p.stat().st_size for p in args.out.glob("*.npz"))
    print(f"{total} box cases, {size / 1e6:.2f} MB in {args.out}")


if __name__ == "__main__":
    main()
