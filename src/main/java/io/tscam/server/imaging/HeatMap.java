package io.tscam.server.imaging;

/**
 * One class's localization map (e.g. the 14x14 TS-CAM map), row-major; any range of values, the
 * renderer normalises it.
 */
public record HeatMap(float[] values, int height, int width) {

  public HeatMap {
    if (height <= 0 || width <= 0 || values.length != height * width) {
      throw new IllegalArgumentException(
          "A %dx%d map needs %d values, not %d"
              .formatted(height, width, height * width, values.length));
    }
  }

  float at(int row, int column) {
    return values[row * width + column];
  }
}
