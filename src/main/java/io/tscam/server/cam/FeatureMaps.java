package io.tscam.server.cam;

/**
 * One image's semantic feature maps (the conv head output), read in place from a (possibly batched)
 * array: layout [classes, height, width] starting at {@code offset}. The array is shared, not
 * copied.
 */
public record FeatureMaps(float[] data, int offset, int classes, int height, int width) {

  public FeatureMaps {
    if (classes < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "feature maps need positive dimensions, got C="
              + classes
              + " h="
              + height
              + " w="
              + width);
    }
    long needed = (long) offset + (long) classes * height * width;
    if (offset < 0 || needed > data.length) {
      throw new IllegalArgumentException(
          "feature map array of "
              + data.length
              + " floats cannot hold ["
              + offset
              + ", "
              + needed
              + ")");
    }
  }

  /** Cells of one class's map (h*w). */
  int cells() {
    return height * width;
  }

  /** Index in {@link #data()} of the first cell of class {@code classIndex}. */
  int classStart(int classIndex) {
    if (classIndex < 0 || classIndex >= classes) {
      throw new IndexOutOfBoundsException("class " + classIndex + " of " + classes);
    }
    return offset + classIndex * cells();
  }
}
