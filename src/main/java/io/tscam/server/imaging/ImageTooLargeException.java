package io.tscam.server.imaging;

/**
 * The header declares more pixels than the decoder may allocate: refused before any pixel is
 * decoded, so a small file declaring a huge raster (a decompression bomb) costs nothing.
 */
public final class ImageTooLargeException extends ImageRejectedException {

  ImageTooLargeException(int width, int height, long maxPixels) {
    super(
        "Image of %dx%d pixels (%d) exceeds the limit of %d pixels"
            .formatted(width, height, (long) width * height, maxPixels));
  }
}
