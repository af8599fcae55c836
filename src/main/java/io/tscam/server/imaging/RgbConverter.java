package io.tscam.server.imaging;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Brings whatever raster a reader produced to 8-bit sRGB {@link BufferedImage#TYPE_3BYTE_BGR} the
 * way PIL's {@code Image.convert("RGB")} does, because the reference preprocessing (and the model's
 * training) used PIL: samples are taken as stored, without colour management; alpha is dropped, not
 * composited; gray is replicated; palettes are looked up. 16-bit samples keep their high byte, as
 * PIL does for 16-bit RGB (for 16-bit gray PIL clips at 255 instead, which whitens the image; the
 * high byte is the faithful reading).
 */
final class RgbConverter {

  BufferedImage toRgb(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && isWholeBuffer(image)) {
      return image;
    }
    ColorModel model = image.getColorModel();
    if (model.isAlphaPremultiplied()) {
      image.coerceData(false);
    }
    if (model instanceof IndexColorModel palette) {
      return fromPalette(image.getRaster(), palette);
    }
    int spaceType = model.getColorSpace().getType();
    int colours = model.getNumColorComponents();
    if (spaceType == ColorSpace.TYPE_GRAY && colours == 1
        || spaceType == ColorSpace.TYPE_RGB && colours == 3) {
      return fromSamples(image.getRaster(), colours, model.getComponentSize(0));
    }
    return colourManaged(image);
  }

  /**
   * CMYK samples as a JPEG stores them (Adobe's inverted convention, which PIL always assumes:
   * rawmode "CMYK;I") to TYPE_3BYTE_BGR by PIL's {@code cmyk2rgb}: each colour is (255 - K) less C
   * x (255 - K) / 255, with PIL's rounding.
   */
  BufferedImage fromAdobeCmyk(byte[] invertedCmyk, int width, int height) {
    BufferedImage result = blank(width, height);
    byte[] bgr = bytes(result);
    int target = 0;
    for (int source = 0; source < invertedCmyk.length; source += 4) {
      int notBlack = invertedCmyk[source + 3] & 0xFF; // 255 - K
      bgr[target++] = (byte) lessInk(255 - (invertedCmyk[source + 2] & 0xFF), notBlack);
      bgr[target++] = (byte) lessInk(255 - (invertedCmyk[source + 1] & 0xFF), notBlack);
      bgr[target++] = (byte) lessInk(255 - (invertedCmyk[source] & 0xFF), notBlack);
    }
    return result;
  }

  /** PIL's {@code nk - MULDIV255(ink, nk)}, never below 0. */
  private static int lessInk(int ink, int notBlack) {
    int product = ink * notBlack + 128;
    return Math.max(0, notBlack - (((product >> 8) + product) >> 8));
  }

  /** A sub-image shares a larger buffer; consumers index the buffer from zero. */
  private static boolean isWholeBuffer(BufferedImage image) {
    Raster raster = image.getRaster();
    return raster.getSampleModelTranslateX() == 0
        && raster.getSampleModelTranslateY() == 0
        && raster.getDataBuffer().getOffset() == 0
        && raster.getDataBuffer().getSize() == image.getWidth() * image.getHeight() * 3;
  }

  private static BufferedImage fromPalette(Raster raster, IndexColorModel palette) {
    int[] colours = new int[1 << Math.max(8, palette.getPixelSize())];
    for (int index = 0; index < palette.getMapSize(); index++) {
      colours[index] = palette.getRGB(index);
    }
    int width = raster.getWidth();
    BufferedImage result = blank(width, raster.getHeight());
    byte[] bgr = bytes(result);
    int[] indices = new int[width];
    int target = 0;
    for (int y = 0; y < raster.getHeight(); y++) {
      raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, 0, indices);
      for (int x = 0; x < width; x++) {
        int argb = colours[indices[x]];
        bgr[target++] = (byte) argb;
        bgr[target++] = (byte) (argb >> 8);
        bgr[target++] = (byte) (argb >> 16);
      }
    }
    return result;
  }

  /** Gray or RGB samples (alpha, if any, is the last band and ignored) of any bit depth. */
  private static BufferedImage fromSamples(Raster raster, int colours, int bits) {
    int width = raster.getWidth();
    int bands = raster.getNumBands();
    BufferedImage result = blank(width, raster.getHeight());
    byte[] bgr = bytes(result);
    int[] samples = new int[width * bands];
    int[] to8Bits = eightBitLookup(bits);
    int target = 0;
    for (int y = 0; y < raster.getHeight(); y++) {
      raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, samples);
      for (int pixel = 0; pixel < width * bands; pixel += bands) {
        int red = to8Bits[samples[pixel]];
        int green = colours == 1 ? red : to8Bits[samples[pixel + 1]];
        int blue = colours == 1 ? red : to8Bits[samples[pixel + 2]];
        bgr[target++] = (byte) blue;
        bgr[target++] = (byte) green;
        bgr[target++] = (byte) red;
      }
    }
    return result;
  }

  /** Deeper samples keep their high byte; shallower ones are stretched to 0..255 (as PNG does). */
  private static int[] eightBitLookup(int bits) {
    int[] lookup = new int[1 << bits];
    int max = (1 << bits) - 1;
    for (int value = 0; value <= max; value++) {
      lookup[value] = bits >= 8 ? value >> (bits - 8) : value * 255 / max;
    }
    return lookup;
  }

  /** Colour spaces PIL has no raw reading for (none of the supported readers produce one). */
  private static BufferedImage colourManaged(BufferedImage image) {
    BufferedImage result = blank(image.getWidth(), image.getHeight());
    Graphics2D graphics = result.createGraphics();
    try {
      graphics.drawImage(image, 0, 0, null);
    } finally {
      graphics.dispose();
    }
    return result;
  }

  private static BufferedImage blank(int width, int height) {
    return new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
  }

  private static byte[] bytes(BufferedImage image) {
    return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
  }
}
