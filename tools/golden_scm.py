#!/usr/bin/python3
"""Write the SCM test package and the golden boxes of SCM's inference formula.

  src/test/resources/models/small-scm/   a random-weight model saved as SCM's train_cam.py saves a
                                         checkpoint ({'state_dict'} with 'module.' prefixes and the
                                         training-only layers.* parameters), exported with
                                         tools/export.py --method scm
  src/test/resources/golden/scm/         manifest.json: per golden image (golden/model/*/image.png),
                                         the top-5 classes and their boxes as SCM's code
                                         computes them

The formula is SCM.forward's eval branch in hbai98/SCM lib/models/deit.py (attention stacked over
blocks, head mean, layer sum, class-token row, norm_cam, times the conv-head maps), boxes by its
lib/cams_deit.py get_topk_boxes/get_bboxes (resize_cam, uint8, THRESH_TOZERO, largest contour),
which is TS-CAM's procedure (tscam.reference.box).

Run from the repository root: /usr/bin/python3 tools/golden_scm.py
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

import torch
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))

import export  # noqa: E402
from golden_model import tiny_model  # noqa: E402
from tscam import reference  # noqa: E402
from tscam.model import TSCAM, TSCAMConfig, official_cam  # noqa: E402
from tscam.package import mark_untrained  # noqa: E402

RESOURCES = Path(__file__).resolve().parents[1] / "src" / "test" / "resources"
CONFIG = TSCAMConfig(
    num_classes=10, img_size=224, patch_size=16, embed_dim=24, depth=3, num_heads=2
)
SEED = 7
# As tools/golden_model.py (whose tiny_model also makes the weights): a threshold at which random
# maps give varied boxes.
CAM_THRESHOLD = 0.5
TOP_K = 5
SCM_LAYERS = 4  # SCM(num_layers=4): layers.0..3, each with thred and fuse._loss_rate


def save_scm_checkpoint(model: TSCAM, path: Path) -> None:
    """The layout SCM's train_cam.py writes: DataParallel keys plus the calibration module."""
    state = {f"module.{k}": v for k, v in model.state_dict().items()}
    for i in range(SCM_LAYERS):
        state[f"module.layers.{i}.thred"] = torch.ones(1) * 0.5
        state[f"module.layers.{i}.fuse._loss_rate"] = torch.ones(1)
    torch.save({"epoch": 1, "state_dict": state, "best_map": 0.0}, path)


def norm_cam(cam: torch.Tensor) -> torch.Tensor:
    """SCM's norm_cam, 2-D branch ([B, N])."""
    cam = cam - cam.min(1, keepdim=True)[0]
    cam = cam / cam.max(1, keepdim=True)[0]
    return cam


def scm_predict(feature_maps: torch.Tensor, attentions: torch.Tensor) -> torch.Tensor:
    """SCM.forward, eval branch: `predict = pred_cam * pred_semantic`."""
    attn = attentions.permute(1, 0, 2, 3, 4)  # torch.stack(attn): [L, B, heads, T, T]
    attn = torch.mean(attn, dim=2)
    n, c, h, w = feature_maps.shape
    cams = attn.sum(0)[:, 0, 1:].reshape([n, h, w]).unsqueeze(1)
    cam = norm_cam(cams.reshape(n, h * w))  # rearrange 'B 1 H W -> B (H W)'
    pred_cam = cam.reshape(n, 1, h, w)  # rearrange 'B (H W) -> B 1 H W'
    return pred_cam * feature_maps


def golden_images() -> list[Path]:
    return sorted((RESOURCES / "golden" / "model").glob("*/image.png"))


def main() -> None:
    model = tiny_model(SEED, CONFIG)
    out = RESOURCES / "models" / "small-scm"
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        checkpoint = Path(tmp) / "model_best.pth"
        save_scm_checkpoint(model, checkpoint)
        export.main(
            [
                "--method",
                "scm",
                "--checkpoint",
                str(checkpoint),
                "--config",
                json.dumps(asdict(CONFIG)),
                "--num-classes",
                str(CONFIG.num_classes),
                "--cam-threshold",
                str(CAM_THRESHOLD),
                "--name",
                "small-scm",
                "--description",
                f"UNTRAINED random TS-CAM weights (seed {SEED}) in an SCM checkpoint, "
                "for tests: boxes are meaningless.",
                "--out",
                str(out),
            ]
        )
    mark_untrained(out)

    entries, differing = [], 0
    for png in golden_images():
        x = torch.from_numpy(reference.preprocess(Image.open(png).convert("RGB"))[None])
        with torch.no_grad():
            logits, feature_maps, attentions = model(x)
            predict = scm_predict(feature_maps, attentions)[0]
            tscam = official_cam(feature_maps, attentions)[0]
        top = torch.topk(logits[0], TOP_K).indices.tolist()
        boxes = [reference.box(predict[c].numpy(), CAM_THRESHOLD) for c in top]
        differing += sum(
            b != reference.box(tscam[c].numpy(), CAM_THRESHOLD) for b, c in zip(boxes, top)
        )
        entries.append(
            {"image": png.relative_to(RESOURCES).as_posix(), "topClasses": top, "boxes": boxes}
        )
    golden = {
        "description": "SCM's inference formula (hbai98/SCM lib/models/deit.py SCM.forward eval "
        "branch, lib/cams_deit.py get_topk_boxes) on the random-weight models/small-scm: top-5 "
        "classes and their boxes (x2, y2 exclusive, 224x224 space).",
        "generator": "/usr/bin/python3 tools/golden_scm.py",
        "package": "models/small-scm",
        "camThreshold": CAM_THRESHOLD,
        "boxesDifferingFromTsCamCoupling": int(differing),
        "images": entries,
    }
    golden_dir = RESOURCES / "golden" / "scm"
    golden_dir.mkdir(parents=True, exist_ok=True)
    (golden_dir / "manifest.json").write_text(json.dumps(golden, indent=1) + "\n")
    boxes = len(entries) * TOP_K
    print(f"{len(entries)} images, {boxes} boxes, {differing} differ from TS-CAM's coupling")


if __name__ == "__main__":
    main()
