package io.tscam.server.evaluation;

import io.tscam.server.cam.ImageSize;

/**
 * One ground-truth box of bounding_boxes.txt, in original-image pixels.
 *
 * @param x left edge
 * @param y top edge
 * @param width box width (positive)
 * @param height box height (positive)
 * @param source the line it was read from
 */
record GroundTruthBox(double x, double y, double width, double height, SourceLine source) {

  /**
   * How far a box may reach past the right or bottom edge: converted datasets often write inclusive
   * corners, one pixel past a strict [0, W] extent, and the official loader clamps such boxes to
   * the image anyway.
   */
  static final double EDGE_SLACK = 1.0;

  public GroundTruthBox {
    if (!(width > 0 && height > 0)) {
      throw new DatasetException(
          source, "box has no area (width " + width + ", height " + height + ")");
    }
    if (x < 0 || y < 0) {
      throw new DatasetException(source, "box starts outside the image, at (" + x + ", " + y + ")");
    }
  }

  /**
   * The box in model-input space exactly as the official TS-CAM loader scales it: each corner times
   * S/W (or S/H) per axis, truncated to int, the far corner clamped to S - 1.
   *
   * @throws DatasetException when the box reaches outside the image
   */
  public IouBox inInputSpace(ImageSize image, ImageSize input) {
    requireInside(image);
    double sx = input.width();
    double sy = input.height();
    return new IouBox(
        (int) Math.max(x / image.width() * sx, 0),
        (int) Math.max(y / image.height() * sy, 0),
        (int) Math.min((x + width) / image.width() * sx, sx - 1),
        (int) Math.min((y + height) / image.height() * sy, sy - 1));
  }

  private void requireInside(ImageSize image) {
    boolean startsInside = x < image.width() && y < image.height();
    boolean endsInside =
        x + width <= image.width() + EDGE_SLACK && y + height <= image.height() + EDGE_SLACK;
    if (!startsInside || !endsInside) {
      throw new DatasetException(
          source,
          "box ["
              + x
              + ", "
              + y
              + ", "
              + (x + width)
              + ", "
              + (y + height)
              + "] reaches outside the "
              + image.width()
              + "x"
              + image.height()
              + " image");
    }
  }
}
