package io.tscam.server.imaging;

import io.tscam.server.cam.ImageSize;
import java.util.Arrays;

/**
 * PIL's {@code Image.resize((W, H), Image.BILINEAR)} for 8-bit, 3-channel interleaved pixels, bit
 * for bit (Pillow 9.4 {@code ImagingResampleInner}): a horizontal pass over only the rows the
 * vertical pass will read, rounded to 8 bits, then a vertical pass. An axis whose size does not
 * change is not resampled at all. The channel order does not matter (channels never mix).
 */
final class PillowBilinearResizer {

  private static final int CHANNELS = 3;

  /** Returns {@code pixels} itself when the size does not change. */
  byte[] resize(byte[] pixels, ImageSize from, ImageSize to) {
    byte[] result = pixels;
    int rowOffset = 0;
    ResampleAxis vertical = ResampleAxis.bilinear(from.height(), to.height());
    if (from.width() != to.width()) {
      ResampleAxis horizontal = ResampleAxis.bilinear(from.width(), to.width());
      int firstRow = from.height() != to.height() ? vertical.firstUsed() : 0;
      int endRow = from.height() != to.height() ? vertical.endUsed() : from.height();
      result = horizontalPass(pixels, from.width(), firstRow, endRow, to.width(), horizontal);
      rowOffset = firstRow;
    }
    if (from.height() != to.height()) {
      result = verticalPass(result, to.width(), to.height(), vertical, rowOffset);
    }
    return result;
  }

  private static byte[] horizontalPass(
      byte[] in, int inWidth, int firstRow, int endRow, int outWidth, ResampleAxis axis) {
    byte[] out = new byte[(endRow - firstRow) * outWidth * CHANNELS];
    int target = 0;
    for (int row = firstRow; row < endRow; row++) {
      int rowStart = row * inWidth * CHANNELS;
      for (int x = 0; x < outWidth; x++) {
        int sum0 = ResampleAxis.roundingBias();
        int sum1 = sum0;
        int sum2 = sum0;
        int source = rowStart + axis.first(x) * CHANNELS;
        for (int tap = 0; tap < axis.count(x); tap++, source += CHANNELS) {
          int weight = axis.weight(x, tap);
          sum0 += (in[source] & 0xFF) * weight;
          sum1 += (in[source + 1] & 0xFF) * weight;
          sum2 += (in[source + 2] & 0xFF) * weight;
        }
        out[target++] = (byte) ResampleAxis.clip8(sum0);
        out[target++] = (byte) ResampleAxis.clip8(sum1);
        out[target++] = (byte) ResampleAxis.clip8(sum2);
      }
    }
    return out;
  }

  /**
   * {@code rowOffset}: the source row that {@code in}'s first row stands for. Each output row is
   * accumulated a whole source row at a time, so the reads run along memory instead of down a
   * column (the same integer sums: addition in another order gives the same result).
   */
  private static byte[] verticalPass(
      byte[] in, int width, int outHeight, ResampleAxis axis, int rowOffset) {
    int stride = width * CHANNELS;
    byte[] out = new byte[outHeight * stride];
    int[] sums = new int[stride];
    for (int y = 0; y < outHeight; y++) {
      Arrays.fill(sums, ResampleAxis.roundingBias());
      int rowStart = (axis.first(y) - rowOffset) * stride;
      for (int tap = 0; tap < axis.count(y); tap++, rowStart += stride) {
        accumulateRow(in, rowStart, axis.weight(y, tap), sums);
      }
      int target = y * stride;
      for (int column = 0; column < stride; column++) {
        out[target + column] = (byte) ResampleAxis.clip8(sums[column]);
      }
    }
    return out;
  }

  private static void accumulateRow(byte[] in, int rowStart, int weight, int[] sums) {
    for (int column = 0; column < sums.length; column++) {
      sums[column] += (in[rowStart + column] & 0xFF) * weight;
    }
  }
}
