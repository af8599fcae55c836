package io.tscam.server.imaging;

import io.tscam.server.cam.ImageSize;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.stream.IntStream;

/**
 * Scales a TYPE_3BYTE_BGR photo to an 0xRRGGBB pixel array by bilinear sampling (half-pixel
 * centres, edges clamped). Four source pixels per output pixel whatever the scale, so a 12 MP photo
 * shrinks to an overlay in a few milliseconds where an area filter would read all 12 M pixels: good
 * enough for a picture meant for eyes (the model's input uses {@link PillowBilinearResizer}).
 */
final class PhotoScaler {

  private static final VarHandle LITTLE_ENDIAN_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /** Where one output coordinate reads: two neighbouring source indices and the second's weight. */
  private record Taps(int[] first, int[] second, int[] weight) {

    static Taps of(int sourceSize, int targetSize, int stride) {
      int[] first = new int[targetSize];
      int[] second = new int[targetSize];
      int[] weight = new int[targetSize];
      double scale = (double) sourceSize / targetSize;
      for (int target = 0; target < targetSize; target++) {
        double position = Math.max(0.0, (target + 0.5) * scale - 0.5);
        int index = Math.min((int) position, sourceSize - 1);
        first[target] = index * stride;
        second[target] = Math.min(index + 1, sourceSize - 1) * stride;
        weight[target] = (int) Math.round((position - index) * PackedRgb.FULL_WEIGHT);
      }
      return new Taps(first, second, weight);
    }
  }

  /**
   * Writes {@code target}'s pixels into {@code pixels}, row-major. Rows are independent, so they
   * are scaled in parallel: a shorter answer when cores are idle, the same work under load.
   */
  void scale(BufferedImage photo, ImageSize target, int[] pixels) {
    byte[] bgr = ((DataBufferByte) photo.getRaster().getDataBuffer()).getData();
    Taps columns = Taps.of(photo.getWidth(), target.width(), 3);
    Taps rows = Taps.of(photo.getHeight(), target.height(), 3 * photo.getWidth());
    IntStream.range(0, target.height())
        .parallel()
        .forEach(
            y ->
                scaleRow(
                    bgr,
                    columns,
                    rows.first()[y],
                    rows.second()[y],
                    rows.weight()[y],
                    pixels,
                    y * target.width()));
  }

  private static void scaleRow(
      byte[] bgr, Taps columns, int upper, int lower, int down, int[] pixels, int output) {
    int[] left = columns.first();
    int[] right = columns.second();
    int[] across = columns.weight();
    for (int x = 0; x < left.length; x++) {
      int top = PackedRgb.mix(rgb(bgr, upper + left[x]), rgb(bgr, upper + right[x]), across[x]);
      int bottom = PackedRgb.mix(rgb(bgr, lower + left[x]), rgb(bgr, lower + right[x]), across[x]);
      pixels[output + x] = PackedRgb.mix(top, bottom, down);
    }
  }

  /**
   * One little-endian int load reads B, G, R and the next pixel's B: a third of the bounds-checked
   * byte loads, which dominate this loop. The very last pixel has no byte after it.
   */
  private static int rgb(byte[] bgr, int index) {
    if (index + Integer.BYTES <= bgr.length) {
      return (int) LITTLE_ENDIAN_INT.get(bgr, index) & 0xFFFFFF;
    }
    return (bgr[index] & 0xFF) | (bgr[index + 1] & 0xFF) << 8 | (bgr[index + 2] & 0xFF) << 16;
  }
}
