package io.tscam.server.imaging;

/** A raster size in pixels. The model's input shape is [H, W]; here the fields are named. */
public record ImageSize(int width, int height) {

  public ImageSize {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("Image size must be positive: " + width + "x" + height);
    }
  }

  public long pixels() {
    return (long) width * height;
  }

  ImageSize transposed() {
    return new ImageSize(height, width);
  }
}
