package io.tscam.server.cam;

/**
 * Width and height of a raster in pixels: an uploaded image, the model input, an overlay. The
 * model's input shape is [H, W]; here the fields are named. The API answers it as is.
 */
public record ImageSize(int width, int height) {

  public ImageSize {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("sizes must be positive, got " + width + " x " + height);
    }
  }

  /** Pixels in the raster; a long, because a hostile header may declare more than an int holds. */
  public long pixels() {
    return (long) width * height;
  }

  /** The size after a quarter turn. */
  public ImageSize transposed() {
    return new ImageSize(height, width);
  }
}
