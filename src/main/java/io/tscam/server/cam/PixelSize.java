package io.tscam.server.cam;

/** Width and height of an image or of the model input, in pixels. */
public record PixelSize(int width, int height) {

  public PixelSize {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("sizes must be positive, got " + width + " x " + height);
    }
  }

  public int pixels() {
    return width * height;
  }
}
