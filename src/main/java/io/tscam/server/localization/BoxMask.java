package io.tscam.server.localization;

import io.tscam.server.cam.Box;
import io.tscam.server.cam.ImageSize;

/**
 * Masks a normalised model input (3 planes, channel-first) with a box in input space: values set to
 * 0 are the dataset's mean colour, the input's "nothing here". The input is never modified.
 */
record BoxMask(ImageSize inputSize) {

  /** A copy with everything outside the box set to 0. */
  float[] keep(float[] input, Box box) {
    float[] kept = new float[input.length];
    forEachBoxRow(input, box, (from, length) -> System.arraycopy(input, from, kept, from, length));
    return kept;
  }

  /** A copy with everything inside the box set to 0. */
  float[] remove(float[] input, Box box) {
    float[] removed = input.clone();
    forEachBoxRow(
        input, box, (from, length) -> java.util.Arrays.fill(removed, from, from + length, 0f));
    return removed;
  }

  private interface RowRange {
    void apply(int from, int length);
  }

  /** The box's row segments in every plane. */
  private void forEachBoxRow(float[] input, Box box, RowRange range) {
    int width = inputSize.width();
    int plane = width * inputSize.height();
    if (input.length % plane != 0) {
      throw new IllegalArgumentException(input.length + " values are not whole planes of " + plane);
    }
    int x1 = Math.max(0, box.x1());
    int x2 = Math.min(width, box.x2());
    int y2 = Math.min(inputSize.height(), box.y2());
    for (int offset = 0; offset < input.length; offset += plane) {
      for (int y = Math.max(0, box.y1()); y < y2 && x2 > x1; y++) {
        range.apply(offset + y * width + x1, x2 - x1);
      }
    }
  }
}
