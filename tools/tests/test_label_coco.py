"""The jar's `label` output against the COCO API's contract and against the reference.

pycocotools is not installable on the build machine, so what its COCO(), loadRes() and
COCOeval(iouType='bbox'/'segm') read and assert is transcribed here field by field (pycocotools
3.x, coco.py and cocoeval.py), and the masks are decoded with numpy the way its uncompressed
RLE is (runs down the columns, starting with zeros). Then every annotation is checked against
tools/tscam/reference.py run on the torch model of the bundled demo package: the same classes,
scores, boxes and (IoU >= 0.98) masks. PNG inputs, so both sides decode the same pixels.

Needs the packaged jar (`mvn verify` runs this after packaging).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from evaluate_reference import ReferenceLocalizer, Sample
from tscam import reference
from test_evaluation_parity import packaged_jar

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "models" / "demo"
SAMPLES = ROOT / "src" / "main" / "resources" / "static" / "samples"
SIZES = ((224, 224), (300, 180), (131, 257), (500, 375))
TOPK = 2
MIN_BOX_AREA = 0.1


@pytest.fixture(scope="module")
def labelled(tmp_path_factory) -> tuple[Path, dict, list]:
    jar = packaged_jar()
    images = tmp_path_factory.mktemp("images")
    for sample in sorted(SAMPLES.glob("*.png")):
        for width, height in SIZES:
            picture = Image.open(sample).convert("RGB").resize((width, height), Image.BILINEAR)
            folder = images / sample.stem
            folder.mkdir(exist_ok=True)
            picture.save(folder / f"{width}x{height}.png")
    (images / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    out = tmp_path_factory.mktemp("labels")
    command = ["java", "-jar", str(jar), "label", "--images", str(images), "--out", str(out)]
    command += ["--model", str(DEMO), "--topk", str(TOPK), "--boxes", "all", "--masks"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    labels = json.loads((out / "labels.json").read_text())
    detections = json.loads((out / "detections.json").read_text())
    return images, labels, detections


def decode_rle(rle: dict) -> np.ndarray:
    """pycocotools' rleDecode of an uncompressed RLE: a column-major (Fortran) h x w mask."""
    height, width = rle["size"]
    counts = rle["counts"]
    assert all(isinstance(c, int) and c >= 0 for c in counts)
    assert sum(counts) == height * width, "the runs must cover the image exactly"
    flat = np.zeros(height * width, dtype=np.uint8)
    position, value = 0, 0
    for count in counts:
        flat[position : position + count] = value
        position += count
        value = 1 - value
    return flat.reshape((width, height)).T


def test_coco_loads_the_file_as_pycocotools_createIndex_reads_it(labelled):
    _, labels, _ = labelled
    assert isinstance(labels, dict)
    for key in ("info", "images", "annotations", "categories"):
        assert key in labels
    images = {image["id"]: image for image in labels["images"]}
    categories = {category["id"]: category for category in labels["categories"]}
    annotations = {annotation["id"]: annotation for annotation in labels["annotations"]}
    assert len(images) == len(labels["images"]), "image ids are unique"
    assert len(annotations) == len(labels["annotations"]), "annotation ids are unique"
    assert sorted(categories) == list(range(1, 11)), "category ids are class index + 1"
    assert [c["name"] for c in labels["categories"]] == json.loads(
        (DEMO / "model.json").read_text()
    )["labels"]
    assert sorted(images) == list(range(1, len(images) + 1))
    for image in labels["images"]:
        assert isinstance(image["id"], int)
        assert isinstance(image["file_name"], str)
        assert isinstance(image["width"], int) and isinstance(image["height"], int)
    for annotation in labels["annotations"]:
        assert annotation["image_id"] in images
        assert annotation["category_id"] in categories
        assert annotation["iscrowd"] == 0
        x, y, w, h = annotation["bbox"]
        image = images[annotation["image_id"]]
        assert 0 <= x and 0 <= y and w >= 1 and h >= 1
        assert x + w <= image["width"] and y + h <= image["height"]
        assert 0.0 <= annotation["score"] <= 1.0
    assert labels["skipped"] == [{"path": "broken.png", "reason": labels["skipped"][0]["reason"]}]


def test_masks_are_uncompressed_rle_inside_their_box_with_their_area(labelled):
    _, labels, _ = labelled
    images = {image["id"]: image for image in labels["images"]}
    for annotation in labels["annotations"]:
        image = images[annotation["image_id"]]
        rle = annotation["segmentation"]
        # COCOeval's annToRLE: frPyObjects(segm, h, w) of the image's height and width.
        assert rle["size"] == [image["height"], image["width"]]
        mask = decode_rle(rle)
        assert annotation["area"] == int(mask.sum()) > 0
        x, y, w, h = annotation["bbox"]
        outside = mask.copy()
        outside[y : y + h, x : x + w] = 0
        assert outside.sum() == 0, "the mask lies inside its box"


def test_load_res_takes_the_detections_and_cocoeval_finds_what_it_reads(labelled):
    _, labels, detections = labelled
    # loadRes: a list of results whose image ids all belong to the ground truth's images.
    assert isinstance(detections, list) and detections
    image_ids = {image["id"] for image in labels["images"]}
    assert {d["image_id"] for d in detections} <= image_ids
    # 'bbox' in anns[0]: the bbox branch (area from w*h, the segmentation kept for 'segm').
    assert detections[0]["bbox"] != []
    for detection, annotation in zip(detections, labels["annotations"], strict=True):
        assert set(detection) == {"image_id", "category_id", "bbox", "score", "segmentation"}
        for key in detection:
            assert detection[key] == annotation[key]
    # COCOeval.evaluateImg reads g['area'], g['iscrowd'], g['ignore'] (from iscrowd), d['score'];
    # computeIoU the bboxes (or the RLEs, same size as their image).
    for annotation in labels["annotations"]:
        assert {"area", "iscrowd", "bbox", "segmentation"} <= set(annotation)


def image_box(box, input_size, image_size) -> list[int]:
    """The service's input-space -> original-pixels mapping (cam.Box.toImage): Java's Math.round,
    clamped, at least one pixel per side."""
    (input_h, input_w), (width, height) = input_size, image_size
    sx, sy = width / input_w, height / input_h

    def scaled(value, scale, low, high):
        return int(max(low, min(high, np.floor(value * scale + 0.5))))

    left = scaled(box[0], sx, 0, width - 1)
    top = scaled(box[1], sy, 0, height - 1)
    return [left, top, scaled(box[2], sx, left + 1, width), scaled(box[3], sy, top + 1, height)]


def reference_objects(cam, threshold, input_size, image_size):
    """Outer contours over MIN_BOX_AREA of the largest, largest first: box and the thresholded
    pixels the filled contour holds, resized to the image by nearest neighbour (pixel centres) and
    kept within the box."""
    gray = reference.normalized_uint8(cam, input_size)
    _, thr = cv2.threshold(gray, int(threshold * np.max(gray)), 255, cv2.THRESH_TOZERO)
    contours, _ = cv2.findContours(thr, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    ordered = sorted(contours, key=cv2.contourArea, reverse=True)
    width, height = image_size
    rows = np.minimum(
        ((2 * np.arange(height) + 1) * input_size[0]) // (2 * height), input_size[0] - 1
    )
    cols = np.minimum(
        ((2 * np.arange(width) + 1) * input_size[1]) // (2 * width), input_size[1] - 1
    )
    objects = []
    for contour in ordered:
        if cv2.contourArea(contour) < MIN_BOX_AREA * cv2.contourArea(ordered[0]):
            break
        x, y, w, h = cv2.boundingRect(contour)
        filled = np.zeros_like(thr)
        cv2.drawContours(filled, [contour], -1, 1, thickness=cv2.FILLED)
        mask = ((filled == 1) & (thr > 0)).astype(np.uint8)[rows][:, cols]
        box = image_box([x, y, x + w, y + h], input_size, image_size)
        inside = np.zeros_like(mask)
        inside[box[1] : box[3], box[0] : box[2]] = 1
        objects.append((box, mask & inside))
    return objects


def test_annotations_are_the_references_classes_scores_boxes_and_masks(labelled):
    images_dir, labels, _ = labelled
    localizer = ReferenceLocalizer(DEMO)
    threshold = labels["info"]["run"]["options"]["threshold"]
    by_image = {}
    for annotation in labels["annotations"]:
        by_image.setdefault(annotation["image_id"], []).append(annotation)
    samples = [Sample(images_dir / image["file_name"], 0, []) for image in labels["images"]]
    checked = 0
    for image, (_, logits, maps, attention) in zip(
        labels["images"], localizer.run(samples), strict=True
    ):
        probabilities = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
        expected = []
        for cls in np.argsort(-logits)[:TOPK]:
            cam = reference.coupled_map(maps[cls], attention)
            for box, mask in reference_objects(
                cam, threshold, localizer.input_size, (image["width"], image["height"])
            ):
                expected.append((int(cls) + 1, probabilities[cls], box, mask))
        actual = by_image.get(image["id"], [])
        assert [a["category_id"] for a in actual] == [e[0] for e in expected]
        for annotation, (_, score, box, mask) in zip(actual, expected):
            assert annotation["score"] == pytest.approx(score, abs=1e-4)
            x, y, w, h = annotation["bbox"]
            assert [x, y, x + w, y + h] == box
            decoded = decode_rle(annotation["segmentation"])
            iou = (decoded & mask).sum() / max(1, (decoded | mask).sum())
            assert iou >= 0.98, f"{image['file_name']}: mask IoU {iou:.3f}"
            checked += 1
    assert checked >= len(labels["images"])
