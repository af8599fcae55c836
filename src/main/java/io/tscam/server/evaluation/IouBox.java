package io.tscam.server.evaluation;

import io.tscam.server.cam.Box;
import io.tscam.server.cam.ImageSize;

/**
 * Four box corners as the official TS-CAM (and wsolevaluation) IoU reads them: inclusive pixel
 * coordinates, so a box covers (x2 - x1 + 1) x (y2 - y1 + 1) pixels.
 */
public record IouBox(int x1, int y1, int x2, int y2) {

  public IouBox {
    if (x2 < x1 || y2 < y1) {
      throw new IllegalArgumentException(
          "box corners out of order: [" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + "]");
    }
  }

  /**
   * A predicted box as the official code feeds it to the IoU: the corners as produced, although x2
   * and y2 of a bounding rectangle are exclusive (the one-pixel slack is part of the published
   * numbers).
   */
  public static IouBox asProduced(Box box) {
    return new IouBox(box.x1(), box.y1(), box.x2(), box.y2());
  }

  /**
   * A MaxBoxAccV2 candidate as wsolevaluation clamps it: x2 to width - 1 and y2 to height - 1 of
   * the map.
   */
  public static IouBox clampedTo(Box box, ImageSize size) {
    return new IouBox(
        box.x1(),
        box.y1(),
        Math.min(box.x2(), size.width() - 1),
        Math.min(box.y2(), size.height() - 1));
  }

  /** The box covering the whole input, [0, 0, W - 1, H - 1]. */
  public static IouBox wholeImage(ImageSize size) {
    return new IouBox(0, 0, size.width() - 1, size.height() - 1);
  }

  /** The centred box of half the side on each axis, [W/4, H/4, 3W/4 - 1, 3H/4 - 1]. */
  public static IouBox centredHalf(ImageSize size) {
    int w = size.width();
    int h = size.height();
    return new IouBox(w / 4, h / 4, 3 * w / 4 - 1, 3 * h / 4 - 1);
  }

  public long area() {
    return (long) (x2 - x1 + 1) * (y2 - y1 + 1);
  }

  /**
   * Intersection over union with inclusive pixels. Unlike the official code, the overlap is clamped
   * at zero on each axis: unclamped, two boxes apart on both axes multiply two negative extents
   * into a positive "intersection".
   */
  public double iou(IouBox other) {
    long overlapWidth = Math.max(0, Math.min(x2, other.x2) - Math.max(x1, other.x1) + 1);
    long overlapHeight = Math.max(0, Math.min(y2, other.y2) - Math.max(y1, other.y1) + 1);
    long intersection = overlapWidth * overlapHeight;
    return (double) intersection / (area() + other.area() - intersection);
  }
}
