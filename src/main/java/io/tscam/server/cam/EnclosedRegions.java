package io.tscam.server.cam;

import java.util.BitSet;

/**
 * The thresholded map cut into the regions its outer contours enclose: a filled outer contour is
 * its 8-connected blob plus every hole in it and whatever lies in those holes, i.e. an 8-connected
 * part of what the frame's background cannot reach through 4-connected background (the connectivity
 * pair findContours traces with). Sums the thresholded values of each region, so an outer contour's
 * share of the map is one lookup.
 */
final class EnclosedRegions {

  private static final int OUTSIDE = -1;
  private static final int UNSEEN = 0;

  private final ImageSize size;
  private final int stride;
  private final int[] values;
  private final int[] region;
  private final long[] valueSums;
  private final long total;

  private EnclosedRegions(
      ImageSize size, int stride, int[] values, int[] region, long[] valueSums, long total) {
    this.size = size;
    this.stride = stride;
    this.values = values;
    this.region = region;
    this.valueSums = valueSums;
    this.total = total;
  }

  /**
   * @param pixels the uint8 map, row-major
   * @param level pixels strictly above it are the foreground (THRESH_TOZERO keeps them)
   */
  static EnclosedRegions of(byte[] pixels, ImageSize size, int level) {
    int stride = size.width() + 2;
    int rows = size.height() + 2;
    int[] values = new int[stride * rows]; // thresholded values in a zero frame
    long total = 0;
    for (int y = 0; y < size.height(); y++) {
      for (int x = 0; x < size.width(); x++) {
        int value = pixels[y * size.width() + x] & 0xFF;
        if (value > level) {
          values[(y + 1) * stride + x + 1] = value;
          total += value;
        }
      }
    }
    int[] region = new int[values.length];
    int[] stack = new int[values.length];
    markOutside(values, region, stack, stride);
    long[] sums = new long[values.length / 2 + 2];
    int regions = 0;
    for (int i = 0; i < region.length; i++) {
      if (region[i] == UNSEEN) {
        regions++;
        sums[regions] = fill(i, regions, values, region, stack, stride);
      }
    }
    return new EnclosedRegions(size, stride, values, region, sums, total);
  }

  /** The background the frame reaches through 4-connected background pixels. */
  private static void markOutside(int[] values, int[] region, int[] stack, int stride) {
    int[] steps = {1, -1, stride, -stride};
    int top = 0;
    stack[top++] = 0;
    region[0] = OUTSIDE;
    while (top > 0) {
      int at = stack[--top];
      for (int step : steps) {
        int next = at + step;
        if (next >= 0 && next < region.length && inRow(at, next, stride)) {
          if (region[next] == UNSEEN && values[next] == 0) {
            region[next] = OUTSIDE;
            stack[top++] = next;
          }
        }
      }
    }
  }

  /** Labels one 8-connected enclosed region and sums its thresholded values. */
  private static long fill(
      int seed, int label, int[] values, int[] region, int[] stack, int stride) {
    int[] steps = {1, -1, stride, -stride, stride + 1, stride - 1, -stride + 1, -stride - 1};
    long sum = 0;
    int top = 0;
    stack[top++] = seed;
    region[seed] = label;
    while (top > 0) {
      int at = stack[--top];
      sum += values[at];
      for (int step : steps) {
        int next = at + step;
        // Enclosed pixels never touch the frame, so their neighbours are always inside the array.
        if (region[next] == UNSEEN) {
          region[next] = label;
          stack[top++] = next;
        }
      }
    }
    return sum;
  }

  /** Whether a horizontal step stayed on its row (the frame's left and right columns). */
  private static boolean inRow(int at, int next, int stride) {
    return Math.abs(next - at) != 1 || next / stride == at / stride;
  }

  /** The share of the thresholded values in the region holding this pixel (unpadded). */
  double massAt(int x, int y) {
    return total == 0 ? 0.0 : (double) valueSums[region[(y + 1) * stride + x + 1]] / total;
  }

  /**
   * The thresholded pixels of the region holding this pixel (unpadded): the blob, and whatever lies
   * in its holes; the holes themselves are not part of it.
   */
  RegionMask maskAt(int x, int y) {
    int label = region[(y + 1) * stride + x + 1];
    BitSet pixels = new BitSet(Math.toIntExact(size.pixels()));
    for (int row = 0; row < size.height(); row++) {
      int padded = (row + 1) * stride + 1;
      for (int column = 0; column < size.width(); column++) {
        if (region[padded + column] == label && values[padded + column] > 0) {
          pixels.set(row * size.width() + column);
        }
      }
    }
    return new RegionMask(size, pixels);
  }
}
