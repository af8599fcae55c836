package io.tscam.server.imaging;

import io.tscam.server.cam.ImageSize;

/** The most pixels a header may declare; checked before any pixel is decoded. */
record PixelLimit(long maxPixels) {

  PixelLimit {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("The pixel limit must be positive: " + maxPixels);
    }
  }

  /** The declared size, once it is known to be positive and within the limit. */
  ImageSize check(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new UndecodableImageException(
          "The header declares " + width + "x" + height + " pixels");
    }
    if ((long) width * height > maxPixels) {
      throw new ImageTooLargeException(width, height, maxPixels);
    }
    return new ImageSize(width, height);
  }
}
