package io.tscam.server.hardening;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

/** Test uploads: the checked-in sample files and images drawn on demand. */
final class SampleImages {

  private SampleImages() {}

  /** A file of src/test/resources, e.g. {@code images/cmyk.jpg} or {@code hostile/page.html}. */
  static byte[] resource(String path) {
    try (InputStream in = SampleImages.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first {@code length} bytes of a sample file, as an interrupted upload leaves it. */
  static byte[] truncated(String path, int length) {
    return Arrays.copyOf(resource(path), length);
  }

  /** A PNG with a gradient and a disc, something a model can look at. */
  static byte[] photo(int width, int height) {
    return encode(draw(width, height), "png");
  }

  /** A baseline JPEG of the same drawing; smooth, so even 12 MP stay a small upload. */
  static byte[] jpeg(int width, int height) {
    return encode(draw(width, height), "jpeg");
  }

  /** A format's magic number followed by random bytes: passes the sniffer, fails the decoder. */
  static byte[] randomBehind(byte[] magic, int length, long seed) {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    System.arraycopy(magic, 0, data, 0, magic.length);
    return data;
  }

  private static BufferedImage draw(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(30, 70, 140), width, height, Color.WHITE));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.ORANGE);
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
