package io.tscam.server.labelling;

import io.tscam.server.cam.Box;
import io.tscam.server.cam.ImageSize;
import io.tscam.server.cam.RegionMask;
import java.util.Arrays;

/**
 * A mask as COCO's uncompressed run-length encoding: {@code {"size": [h, w], "counts": [...]}}, the
 * runs going down each column in turn (column-major, as pycocotools' Fortran-order masks), the
 * first run counting zeros (0 when the first pixel is set). The counts add up to h * w.
 */
record CocoRle(int height, int width, int[] counts) {

  /**
   * The mask, resized to the image (nearest neighbour) and kept within its box, run-length encoded.
   * (The resize and the box's own mapping to the image round their borders apart by a pixel at
   * times; the box is the annotation's, so it bounds the mask.)
   */
  static CocoRle of(RegionMask mask, ImageSize image, Box box) {
    RegionMask resized = mask.resized(image);
    int[] counts = new int[16];
    int runs = 0;
    boolean value = false;
    int run = 0;
    for (int x = 0; x < image.width(); x++) {
      for (int y = 0; y < image.height(); y++) {
        boolean set = resized.contains(x, y) && inside(box, x, y);
        if (set != value) {
          if (runs == counts.length) {
            counts = Arrays.copyOf(counts, 2 * runs);
          }
          counts[runs++] = run;
          value = !value;
          run = 0;
        }
        run++;
      }
    }
    counts = Arrays.copyOf(counts, runs + 1);
    counts[runs] = run;
    return new CocoRle(image.height(), image.width(), counts);
  }

  private static boolean inside(Box box, int x, int y) {
    return x >= box.x1() && x < box.x2() && y >= box.y1() && y < box.y2();
  }

  /** The pixels set: the sum of every second run. */
  long area() {
    long area = 0;
    for (int i = 1; i < counts.length; i += 2) {
      area += counts[i];
    }
    return area;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CocoRle rle
        && height == rle.height
        && width == rle.width
        && Arrays.equals(counts, rle.counts);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "CocoRle[" + height + "x" + width + ", " + counts.length + " runs]";
  }
}
