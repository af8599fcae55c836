package io.tscam.server.cam;

/**
 * An axis-aligned box in pixels, [x1, x2) x [y1, y2): x2 and y2 are exclusive, as the official
 * TS-CAM code builds it from OpenCV's bounding rectangle (x, y, x + w, y + h).
 */
public record Box(int x1, int y1, int x2, int y2) {

  /** What the official evaluation answers when the thresholded map has no contour at all. */
  public static final Box NO_CONTOUR = new Box(0, 0, 1, 1);

  public Box {
    if (x2 < x1 || y2 < y1) {
      throw new IllegalArgumentException(
          "box corners out of order: [" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + "]");
    }
  }

  public int width() {
    return x2 - x1;
  }

  public int height() {
    return y2 - y1;
  }

  /**
   * This box, found in model-input space, in the original image's pixels: x scaled by
   * imageWidth/inputWidth and y by imageHeight/inputHeight (the preprocessing resized straight,
   * without keeping the aspect ratio), rounded and clamped to the image. The box keeps at least one
   * pixel per side, so a one-pixel input box stays visible on a smaller image.
   */
  public Box toImage(ImageSize inputSize, ImageSize imageSize) {
    double scaleX = (double) imageSize.width() / inputSize.width();
    double scaleY = (double) imageSize.height() / inputSize.height();
    int left = scaled(x1, scaleX, 0, imageSize.width() - 1);
    int top = scaled(y1, scaleY, 0, imageSize.height() - 1);
    int right = scaled(x2, scaleX, left + 1, imageSize.width());
    int bottom = scaled(y2, scaleY, top + 1, imageSize.height());
    return new Box(left, top, right, bottom);
  }

  private static int scaled(int coordinate, double scale, int min, int max) {
    long rounded = Math.round(coordinate * scale);
    return (int) Math.max(min, Math.min(max, rounded));
  }
}
