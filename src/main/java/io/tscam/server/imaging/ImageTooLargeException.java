package io.tscam.server.imaging;

/**
 * The header declares more pixels than the decoder may allocate: refused before any pixel is
 * decoded, so a small file declaring a huge raster (a decompression bomb) costs nothing.
 */
public final class ImageTooLargeException extends ImageRejectedException {

  private final int width;
  private final int height;
  private final long maxPixels;

  public ImageTooLargeException(int width, int height, long maxPixels) {
    super(
        "Image of %dx%d pixels (%d) exceeds the limit of %d pixels"
            .formatted(width, height, (long) width * height, maxPixels));
    this.width = width;
    this.height = height;
    this.maxPixels = maxPixels;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public long maxPixels() {
    return maxPixels;
  }
}
