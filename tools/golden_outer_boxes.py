#!/usr/bin/python3
"""Write the golden file of boxes=all: every outer contour of the existing map corpus.

  src/test/resources/golden/boxes/outer_boxes.npz   for every (map, threshold) case of every group
                                                    of golden/boxes/<group>.npz and one minBoxArea
                                                    per case: the outer contours (RETR_EXTERNAL)
                                                    with area >= minBoxArea x the largest one,
                                                    largest first (ties in OpenCV's order), their
                                                    bounding rectangles and their mass

The maps and thresholds are those tools/golden_boxes.py wrote; the uint8 map is
tools/tscam/reference.py's (the test already holds the Java one bit-exact to it). mass is the
share of the thresholded map's values inside the filled contour (cv2.drawContours, FILLED), as
integer sums, so the Java division gives the same double.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import cv2
import numpy as np

from tscam import reference

BOXES = Path(__file__).resolve().parents[1] / "src" / "test" / "resources" / "golden" / "boxes"
GROUPS = ("tscam_224", "grid14_200x300", "grid7_112", "grid12x9_190x143", "grid28_224",
          "grid56_224", "grid112_224")  # fmt: skip
MIN_BOX_AREAS = (0.1, 0.01, 1.0, 0.5)  # the default first, then one per case in turn


def outer_boxes(gray: np.ndarray, cam_thr: float, min_area: float) -> list[tuple]:
    """(x1, y1, x2, y2, mass numerator) of each kept outer contour, largest first."""
    _, thr = cv2.threshold(gray, int(cam_thr * np.max(gray)), 255, cv2.THRESH_TOZERO)
    contours, _ = cv2.findContours(thr, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return []
    # sorted() is stable, and reverse=True keeps equal areas in OpenCV's order.
    ordered = sorted(contours, key=cv2.contourArea, reverse=True)
    largest = cv2.contourArea(ordered[0])
    kept = []
    for contour in ordered:
        if cv2.contourArea(contour) < min_area * largest:
            break
        x, y, w, h = cv2.boundingRect(contour)
        filled = np.zeros_like(thr)
        cv2.drawContours(filled, [contour], -1, 1, thickness=cv2.FILLED)
        inside = int(thr[filled == 1].astype(np.int64).sum())
        kept.append((x, y, x + w, y + h, inside))
    return kept


def group_arrays(name: str) -> dict[str, np.ndarray]:
    stored = np.load(BOXES / f"{name}.npz")
    size = tuple(int(v) for v in stored["size"])
    uint8 = [reference.normalized_uint8(m, size) for m in stored["maps"]]
    case_map, case_thr = stored["case_map"], stored["case_threshold"]
    min_areas, offsets, rows, totals = [], [0], [], []
    for case, (index, thr) in enumerate(zip(case_map, case_thr)):
        gray = uint8[index]
        min_area = MIN_BOX_AREAS[case % len(MIN_BOX_AREAS)]
        _, thr_map = cv2.threshold(gray, int(thr * np.max(gray)), 255, cv2.THRESH_TOZERO)
        boxes = outer_boxes(gray, float(thr), min_area)
        min_areas.append(min_area)
        totals.append(int(thr_map.astype(np.int64).sum()))
        rows += boxes
        offsets.append(len(rows))
    return {
        f"{name}.min_box_area": np.asarray(min_areas, np.float64),
        f"{name}.offsets": np.asarray(offsets, np.int32),
        f"{name}.boxes": np.asarray([r[:4] for r in rows], np.int32).reshape(-1, 4),
        f"{name}.inside": np.asarray([r[4] for r in rows], np.int64),
        f"{name}.total": np.asarray(totals, np.int64),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=BOXES / "outer_boxes.npz")
    args = parser.parse_args()
    arrays = {}
    with np.errstate(invalid="ignore"):  # flat maps divide 0 by 0, as the official code does
        for name in GROUPS:
            arrays.update(group_arrays(name))
            cases = len(arrays[f"{name}.min_box_area"])
            print(f"{name}: {cases} cases, {len(arrays[f'{name}.boxes'])} boxes")
    np.savez_compressed(args.out, **arrays)
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
