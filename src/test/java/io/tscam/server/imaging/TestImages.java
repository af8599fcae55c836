package io.tscam.server.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The sample files under src/test/resources/images and pixel helpers shared by the tests. */
final class TestImages {

  private TestImages() {}

  static byte[] bytes(String name) {
    try (InputStream in = TestImages.class.getResourceAsStream("/images/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("No sample image " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** RGB bytes, row-major and interleaved, as numpy holds an [H, W, 3] uint8 image. */
  static byte[] rgb(BufferedImage image) {
    byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    byte[] rgb = new byte[bgr.length];
    for (int i = 0; i < bgr.length; i += 3) {
      rgb[i] = bgr[i + 2];
      rgb[i + 1] = bgr[i + 1];
      rgb[i + 2] = bgr[i];
    }
    return rgb;
  }

  /** The index of the first differing byte, or -1: a readable failure for large arrays. */
  static int firstDifference(byte[] expected, byte[] actual) {
    for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
      if (expected[i] != actual[i]) {
        return i;
      }
    }
    return expected.length == actual.length ? -1 : Math.min(expected.length, actual.length);
  }
}
