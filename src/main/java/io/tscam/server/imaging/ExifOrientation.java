package io.tscam.server.imaging;

import io.tscam.server.cam.ImageSize;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * The eight values of the EXIF Orientation tag (0x0112): how the stored raster must be flipped and
 * turned to appear upright, as PIL's {@code ImageOps.exif_transpose} does.
 *
 * <p>Each value is described from the upright result back to the stored raster: an upright pixel
 * (x, y) reads stored pixel (u, v), where (u, v) is (y, x) when the axes are swapped and (x, y)
 * otherwise, then mirrored along the flagged stored axes.
 */
enum ExifOrientation {
  UPRIGHT(false, false, false),
  MIRRORED(false, true, false),
  UPSIDE_DOWN(false, true, true),
  UPSIDE_DOWN_MIRRORED(false, false, true),
  TRANSPOSED(true, false, false),
  TURNED_RIGHT(true, false, true),
  TRANSVERSE(true, true, true),
  TURNED_LEFT(true, true, false);

  private final boolean swapsAxes;
  private final boolean mirrorsStoredX;
  private final boolean mirrorsStoredY;

  ExifOrientation(boolean swapsAxes, boolean mirrorsStoredX, boolean mirrorsStoredY) {
    this.swapsAxes = swapsAxes;
    this.mirrorsStoredX = mirrorsStoredX;
    this.mirrorsStoredY = mirrorsStoredY;
  }

  /** The orientation for a tag value; values outside 1..8 are treated as upright, like PIL. */
  static ExifOrientation fromTag(int value) {
    return value >= 1 && value <= 8 ? values()[value - 1] : UPRIGHT;
  }

  ImageSize upright(ImageSize stored) {
    return swapsAxes ? stored.transposed() : stored;
  }

  /** The upright copy of a stored TYPE_3BYTE_BGR image (the image itself when already upright). */
  BufferedImage upright(BufferedImage stored) {
    if (this == UPRIGHT) {
      return stored;
    }
    int storedWidth = stored.getWidth();
    int storedHeight = stored.getHeight();
    ImageSize size = upright(new ImageSize(storedWidth, storedHeight));
    BufferedImage result =
        new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] from = ((DataBufferByte) stored.getRaster().getDataBuffer()).getData();
    byte[] to = ((DataBufferByte) result.getRaster().getDataBuffer()).getData();
    int target = 0;
    for (int y = 0; y < size.height(); y++) {
      for (int x = 0; x < size.width(); x++) {
        int u = swapsAxes ? y : x;
        int v = swapsAxes ? x : y;
        int storedX = mirrorsStoredX ? storedWidth - 1 - u : u;
        int storedY = mirrorsStoredY ? storedHeight - 1 - v : v;
        int source = (storedY * storedWidth + storedX) * 3;
        to[target++] = from[source];
        to[target++] = from[source + 1];
        to[target++] = from[source + 2];
      }
    }
    return result;
  }
}
