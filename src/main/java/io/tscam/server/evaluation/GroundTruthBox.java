package io.tscam.server.evaluation;

import io.tscam.server.cam.ImageSize;

/**
 * One ground-truth box in original-image pixels, by its corners.
 *
 * @param x1 left edge
 * @param y1 top edge
 * @param x2 right edge (greater than x1)
 * @param y2 bottom edge (greater than y1)
 * @param source the line it was read from
 */
record GroundTruthBox(double x1, double y1, double x2, double y2, SourceLine source) {

  /**
   * How far a box may reach past the right or bottom edge: converted datasets often write inclusive
   * corners, one pixel past a strict [0, W] extent, and the official loader clamps such boxes to
   * the image anyway.
   */
  static final double EDGE_SLACK = 1.0;

  public GroundTruthBox {
    if (!(x2 > x1 && y2 > y1)) {
      throw new DatasetException(
          source, "box has no area (width " + (x2 - x1) + ", height " + (y2 - y1) + ")");
    }
    if (x1 < 0 || y1 < 0) {
      throw new DatasetException(
          source, "box starts outside the image, at (" + x1 + ", " + y1 + ")");
    }
  }

  /**
   * A box of CUB's bounding_boxes.txt: x y width height. The far corner is x + width, as the
   * official CUBDataset computes it.
   */
  static GroundTruthBox ofSize(double x, double y, double width, double height, SourceLine source) {
    if (!(width > 0 && height > 0)) {
      throw new DatasetException(
          source, "box has no area (width " + width + ", height " + height + ")");
    }
    return new GroundTruthBox(x, y, x + width, y + height, source);
  }

  /**
   * The box in model-input space exactly as the official TS-CAM loaders scale it (CUBDataset and
   * ImageNetDataset alike): each corner times S/W (or S/H) per axis, truncated to int, the far
   * corner clamped to S - 1.
   *
   * @throws DatasetException when the box reaches outside the image
   */
  public IouBox inInputSpace(ImageSize image, ImageSize input) {
    requireInside(image);
    double sx = input.width();
    double sy = input.height();
    return new IouBox(
        (int) Math.max(x1 / image.width() * sx, 0),
        (int) Math.max(y1 / image.height() * sy, 0),
        (int) Math.min(x2 / image.width() * sx, sx - 1),
        (int) Math.min(y2 / image.height() * sy, sy - 1));
  }

  private void requireInside(ImageSize image) {
    boolean startsInside = x1 < image.width() && y1 < image.height();
    boolean endsInside = x2 <= image.width() + EDGE_SLACK && y2 <= image.height() + EDGE_SLACK;
    if (!startsInside || !endsInside) {
      throw new DatasetException(
          source,
          "box ["
              + x1
              + ", "
              + y1
              + ", "
              + x2
              + ", "
              + y2
              + "] reaches outside the "
              + image.width()
              + "x"
              + image.height()
              + " image");
    }
  }
}
