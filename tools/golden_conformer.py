#!/usr/bin/python3
"""Write the Conformer test package and the golden boxes of the official Conformer evaluation.

  src/test/resources/models/small-conformer/  a random-weight TS-CAM Conformer saved as the
                                              official train_cam.py saves a checkpoint
                                              ({'state_dict'} with 'module.' prefixes), exported
                                              with tools/export.py (heads-form attentions)
  src/test/resources/golden/conformer/        JPEGs and PNGs of odd sizes and manifest.json: per
                                              image and threshold, the top-5 classes and their
                                              boxes as the official code computes them

The model is the official architecture at a reduced width (channel_ratio 1, embed 48, 3 heads,
depth 6: two ConvTransBlocks per stage, so every code path of conformer_tscam_small_patch16 runs,
first-of-stage and last-fusion blocks included) so that the package stays small; the full-size
Conformer-S is exported in the docs rehearsal and bench/conformer.sh.

The reference is a transcription of the official evaluation, on CPU:
- official_eval_forward: vasgaowei/TS-CAM lib/models/conformer.py Conformer.forward, eval branch
  (return_cam=True), line by line;
- get_topk_boxes, resize_cam, get_bboxes: lib/cams_deit.py;
- the input: PIL decode and convert('RGB'), transforms.Resize((224, 224)) (bilinear), ToTensor,
  Normalize (lib/datasets/cub.py test_transform), as tscam.reference.preprocess computes it.

Run from the repository root: /usr/bin/python3 tools/golden_conformer.py
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

import cv2
import numpy as np
import torch
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))

import export  # noqa: E402
from golden_model import SyntheticImages  # noqa: E402
from tscam import reference  # noqa: E402
from tscam.conformer import ConformerConfig, TSCAMConformer  # noqa: E402
from tscam.model import save_official_checkpoint  # noqa: E402
from tscam.package import mark_untrained  # noqa: E402

RESOURCES = Path(__file__).resolve().parents[1] / "src" / "test" / "resources"
PACKAGE = Path("models") / "small-conformer"
GOLDEN = Path("golden") / "conformer"
CONFIG = ConformerConfig(num_classes=10, channel_ratio=1, embed_dim=48, depth=6, num_heads=3)
SEED = 11
# The official CUB threshold and the one at which random maps give the most varied boxes.
THRESHOLDS = (0.1, 0.5)
TOP_K = 5
CROP_SIZE = 224
# As tools/golden_model.py: larger query/key weights than the init's so that attention depends
# on the image.
QKV_STD = 0.15
# Odd sizes, portrait and landscape, smaller and larger than the input; even-numbered images are
# written as JPEG, odd-numbered ones as PNG.
SIZES = [(301, 217), (97, 333), (463, 389), (225, 225), (159, 411), (377, 123)]
JPEG_QUALITY = 90


def random_model(seed: int, calibration: torch.Tensor) -> TSCAMConformer:
    """Official initialisation plus sharper attention, with BatchNorm statistics measured on the
    calibration batch (the init's identity statistics let the activations grow through 6 residual
    stages until the maps saturate)."""
    torch.manual_seed(seed)
    model = TSCAMConformer(CONFIG)
    with torch.no_grad():
        for name, module in model.named_modules():
            if name.endswith("attn.qkv"):
                module.weight.normal_(0.0, QKV_STD)
            if isinstance(module, torch.nn.BatchNorm2d):
                module.momentum = None  # cumulative average over the calibration pass
        model.train()
        model(calibration)
    return model.eval()


def official_eval_forward(model: TSCAMConformer, x: torch.Tensor):
    """Conformer.forward(x, return_cam=True) in eval mode (lib/models/conformer.py). The official
    code moves its rollout tensors `.to(attn_weights.get_device())`, which is -1 for a CPU tensor
    and fails there; those tensors (joint_attns, joint_attns_skip) never reach the returned cams,
    so this CPU transcription leaves them out."""
    B = x.shape[0]
    cls_tokens = model.cls_token.expand(B, -1, -1)
    x_base = model.maxpool(model.act1(model.bn1(model.conv1(x))))
    attn_weights = []
    x = model.conv_1(x_base, return_x_2=False)
    x_t = model.trans_patch_conv(x_base).flatten(2).transpose(1, 2)
    x_t = torch.cat([cls_tokens, x_t], dim=1)
    x_t, attn_weight = model.trans_1(x_t)
    attn_weights.append(attn_weight)
    for i in range(2, model.fin_stage):
        x, x_t, attn_weight = getattr(model, "conv_trans_" + str(i))(x, x_t)
        attn_weights.append(attn_weight)
    x_conv = model.pooling(x).flatten(1)
    conv_cls = model.conv_cls_head(x_conv)
    x_t = model.trans_norm(x_t)
    x_patch = x_t[:, 1:]
    n, p, c = x_patch.shape
    x_patch = torch.reshape(x_patch, [n, int(p**0.5), int(p**0.5), c])
    x_patch = x_patch.permute([0, 3, 1, 2]).contiguous()
    x_patch = model.trans_cls_head(x_patch)
    x_logits = model.pooling(x_patch).flatten(1) + conv_cls
    attn_weights = torch.stack(attn_weights)
    attn_weights = torch.mean(attn_weights, dim=2)  # 12 * B * N * N
    feature_map = x_patch.detach().clone()  # B * C * 14 * 14
    n, c, h, w = feature_map.shape
    cams = attn_weights.sum(0)[:, 0, 1:].reshape([n, h, w]).unsqueeze(1)
    cams = cams * feature_map  # B * C * 14 * 14
    return x_logits, cams


def resize_cam(cam, size=(224, 224)):
    """lib/cams_deit.py resize_cam."""
    cam = cv2.resize(cam, (size[0], size[1]))
    cam_min, cam_max = cam.min(), cam.max()
    cam = (cam - cam_min) / (cam_max - cam_min)
    return cam


def get_bboxes(cam, cam_thr=0.2):
    """lib/cams_deit.py get_bboxes."""
    cam = (cam * 255.0).astype(np.uint8)
    map_thr = cam_thr * np.max(cam)
    _, thr_gray_heatmap = cv2.threshold(cam, int(map_thr), 255, cv2.THRESH_TOZERO)
    contours, _ = cv2.findContours(thr_gray_heatmap, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)
    if len(contours) != 0:
        c = max(contours, key=cv2.contourArea)
        x, y, w, h = cv2.boundingRect(c)
        return [x, y, x + w, y + h]
    return [0, 0, 1, 1]


def get_topk_boxes(cls_inds, cam_map, crop_size, topk=(1, 5), threshold=0.2):
    """lib/cams_deit.py get_topk_boxes (its maps are not needed here)."""
    maxk_boxes = []
    for cls in cls_inds:
        cam_map_ = cam_map[[cls], :, :]
        cam_map_ = cam_map_.detach().cpu().numpy().transpose(1, 2, 0)
        cam_map_ = resize_cam(cam_map_, size=(crop_size, crop_size))
        maxk_boxes.append([cls] + get_bboxes(cam_map_, cam_thr=threshold))
    return [maxk_boxes[:k] for k in topk]


def write_images(out: Path) -> list[Path]:
    """Synthetic canvases resized to odd sizes and written as JPEG or PNG."""
    files = []
    for index, (name, pixels) in enumerate(SyntheticImages(SEED).all()):
        width, height = SIZES[index % len(SIZES)]
        resized = cv2.resize(pixels, (width, height), interpolation=cv2.INTER_AREA)
        suffix = "jpg" if index % 2 == 0 else "png"
        path = out / f"{name}-{width}x{height}.{suffix}"
        options = {"quality": JPEG_QUALITY} if suffix == "jpg" else {"optimize": True}
        Image.fromarray(resized).save(path, **options)
        files.append(path)
    return files


def reference_input(path: Path) -> torch.Tensor:
    with Image.open(path) as image:
        return torch.from_numpy(reference.preprocess(image.convert("RGB")))


def export_package(model: TSCAMConformer, out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        checkpoint = Path(tmp) / "model_best.pth"
        save_official_checkpoint(model, checkpoint)
        export.main(
            [
                "--checkpoint",
                str(checkpoint),
                "--config",
                json.dumps(CONFIG.to_dict()),
                "--num-classes",
                str(CONFIG.num_classes),
                "--cam-threshold",
                str(THRESHOLDS[0]),
                "--name",
                "small-conformer",
                "--description",
                f"UNTRAINED random TS-CAM Conformer weights (seed {SEED}, reduced width) in the "
                "official checkpoint format, for tests: boxes are meaningless.",
                "--out",
                str(out),
            ]
        )
    mark_untrained(out)


def write_all(resources: Path) -> dict:
    """(Re)write the package and the goldens under resources; returns the golden manifest."""
    golden = resources / GOLDEN
    shutil.rmtree(golden, ignore_errors=True)
    (golden / "images").mkdir(parents=True)
    files = write_images(golden / "images")
    batch = torch.stack([reference_input(f) for f in files])
    model = random_model(SEED, batch)
    export_package(model, resources / PACKAGE)

    with torch.no_grad():
        logits, cams = official_eval_forward(model, batch)
    _, top5 = logits.topk(TOP_K, 1, True, True)
    entries = []
    for i, path in enumerate(files):
        classes = top5[i].tolist()
        boxes = {
            str(t): [box[1:] for box in get_topk_boxes(classes, cams[i], CROP_SIZE, threshold=t)[1]]
            for t in THRESHOLDS
        }
        entries.append(
            {
                "image": path.relative_to(resources).as_posix(),
                "topClasses": classes,
                "boxes": boxes,
            }
        )
    manifest = {
        "description": "The official TS-CAM Conformer evaluation (lib/models/conformer.py "
        "Conformer.forward eval branch, lib/cams_deit.py get_topk_boxes, on CPU) on the "
        "random-weight models/small-conformer: per image, the top-5 classes and their boxes at "
        "each threshold (x2, y2 exclusive, 224x224 input space).",
        "generator": "/usr/bin/python3 tools/golden_conformer.py",
        "package": "models/small-conformer",
        "thresholds": list(THRESHOLDS),
        "config": asdict(CONFIG),
        "images": entries,
    }
    (golden / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def main() -> None:
    entries = write_all(RESOURCES)["images"]
    distinct = {t: len({tuple(b) for e in entries for b in e["boxes"][str(t)]}) for t in THRESHOLDS}
    print(
        f"{len(entries)} images, {len(entries) * TOP_K} boxes per threshold, distinct: {distinct}"
    )


if __name__ == "__main__":
    main()
