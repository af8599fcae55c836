"""The reference behaviour the service must reproduce (../shared/tscam-reference.md), in numpy
and OpenCV exactly as the official TS-CAM evaluation code does it.

Golden files for the Java engine and the reference evaluation are computed with these functions.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


def preprocess(
    image: Image.Image, size: tuple[int, int] = (224, 224), mean=MEAN, std=STD
) -> np.ndarray:
    """RGB, direct (aspect-breaking) PIL bilinear resize to size=(H, W), [0,1], mean/std ->
    [3,H,W]."""
    rgb = image.convert("RGB").resize((size[1], size[0]), Image.BILINEAR)
    x = np.asarray(rgb, dtype=np.float32) / np.float32(255.0)
    x = (x - np.asarray(mean, np.float32)) / np.asarray(std, np.float32)
    return x.transpose(2, 0, 1).copy()


def class_token_attention(attentions: np.ndarray, grid: tuple[int, int]) -> np.ndarray:
    """[L,heads,T,T] or head-averaged [L,T,T] -> the class-agnostic map [h,w] (float32).

    Head mean then layer sum, accumulated in float64 and rounded once, so the result does not
    depend on the summation order of whichever runtime computes it."""
    a = attentions.astype(np.float64)
    if a.ndim == 4:
        a = a.mean(axis=1)
    return a.sum(axis=0)[0, 1:].reshape(grid).astype(np.float32)


def coupled_map(feature_map: np.ndarray, attention_map: np.ndarray) -> np.ndarray:
    """One class's TS-CAM map: class-token attention times that class's feature map (float32)."""
    return (attention_map.astype(np.float32) * feature_map.astype(np.float32)).astype(np.float32)


def normalized_uint8(cam: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Official resize_cam + the uint8 cast of get_bboxes: INTER_LINEAR upsample, min-max, *255."""
    cam = cv2.resize(cam.astype(np.float32), (size[1], size[0]))
    cam = cam - cam.min()
    cam = cam / cam.max()
    with np.errstate(invalid="ignore"):
        return (cam * 255.0).astype(np.uint8)


def _thresholded(gray: np.ndarray, cam_thr: float) -> np.ndarray:
    _, thr = cv2.threshold(gray, int(cam_thr * np.max(gray)), 255, cv2.THRESH_TOZERO)
    return thr


def box(cam: np.ndarray, cam_thr: float, size: tuple[int, int] = (224, 224)) -> list[int]:
    """Official get_bboxes: the bounding rect of the largest contour, [x1, y1, x2, y2) in input
    space."""
    thr = _thresholded(normalized_uint8(cam, size), cam_thr)
    contours, _ = cv2.findContours(thr, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return [0, 0, 1, 1]
    x, y, w, h = cv2.boundingRect(max(contours, key=cv2.contourArea))
    return [x, y, x + w, y + h]


def all_boxes(
    cam: np.ndarray, cam_thr: float, size: tuple[int, int] = (224, 224)
) -> list[list[int]]:
    """MaxBoxAccV2 candidates: the bounding rect of every contour, holes included (RETR_TREE, as
    wsolevaluation)."""
    thr = _thresholded(normalized_uint8(cam, size), cam_thr)
    contours, _ = cv2.findContours(thr, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return [[0, 0, 1, 1]]
    rects = [cv2.boundingRect(c) for c in contours]
    return [[x, y, x + w, y + h] for x, y, w, h in rects]


def gt_boxes_in_input_space(xywh_boxes, image_size, input_size) -> list[list[int]]:
    """The official TS-CAM loader: corners scaled by S/W, S/H, truncated, far corner clamped to S-1.

    image_size is (W, H) as PIL reports it, input_size (H, W) as box() takes it."""
    width, height = image_size
    sy, sx = input_size
    return [
        [
            int(max(x / width * sx, 0)),
            int(max(y / height * sy, 0)),
            int(min((x + w) / width * sx, sx - 1)),
            int(min((y + h) / height * sy, sy - 1)),
        ]
        for x, y, w, h in xywh_boxes
    ]


def iou(box_a, box_b) -> float:
    """Official inclusive-pixel IoU, with the overlap clamped at zero (the official code does not
    clamp; see the reference doc)."""
    iw = max(0, min(box_a[2], box_b[2]) - max(box_a[0], box_b[0]) + 1)
    ih = max(0, min(box_a[3], box_b[3]) - max(box_a[1], box_b[1]) + 1)
    inter = iw * ih
    area_a = (box_a[2] - box_a[0] + 1) * (box_a[3] - box_a[1] + 1)
    area_b = (box_b[2] - box_b[0] + 1) * (box_b[3] - box_b[1] + 1)
    return inter / (area_a + area_b - inter)
