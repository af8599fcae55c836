package io.tscam.server.imaging;

import io.tscam.server.cam.GridMap;
import java.util.stream.IntStream;

/**
 * Lays a heat map over pixels: the map upsampled bilinearly to the pixels' size (OpenCV
 * INTER_LINEAR coordinates, as the reference upsamples cams), min-max normalised to 0..255 and
 * truncated like the reference's uint8 cast, coloured with JET and blended with the photo.
 */
final class HeatLayer {

  private final JetColourMap jet = new JetColourMap();
  private final int heatWeight;

  /**
   * @param opacity the heat colour's share of each blended pixel, 0..1
   */
  HeatLayer(double opacity) {
    if (!(opacity >= 0 && opacity <= 1)) {
      throw new IllegalArgumentException("Heat opacity must be within 0..1: " + opacity);
    }
    this.heatWeight = (int) Math.round(opacity * PackedRgb.FULL_WEIGHT);
  }

  /** Blends in place; {@code pixels} are 0xRRGGBB, row-major, {@code width} per row. */
  void blendOnto(int[] pixels, int width, int height, GridMap map) {
    float[][] wideRows = widenedRows(map, width);
    SourcePosition[] rows = new SourcePosition[height];
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int y = 0; y < height; y++) {
      rows[y] = SourcePosition.of(y, map.height(), height);
      float[] upper = wideRows[rows[y].index()];
      float[] lower = wideRows[rows[y].next()];
      for (int x = 0; x < width; x++) {
        float value = rows[y].interpolate(upper[x], lower[x]);
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
    }
    float offset = min;
    float toLevel = max > min ? 255f / (max - min) : 0f;
    // rows are independent: blended in parallel, a shorter answer while cores are idle
    IntStream.range(0, height)
        .parallel()
        .forEach(
            y ->
                blendRow(
                    pixels,
                    y * width,
                    wideRows[rows[y].index()],
                    wideRows[rows[y].next()],
                    rows[y],
                    offset,
                    toLevel));
  }

  private void blendRow(
      int[] pixels,
      int start,
      float[] upper,
      float[] lower,
      SourcePosition row,
      float min,
      float toLevel) {
    for (int x = 0; x < upper.length; x++) {
      int level = (int) ((row.interpolate(upper[x], lower[x]) - min) * toLevel);
      pixels[start + x] = PackedRgb.mix(pixels[start + x], jet.rgb(level), heatWeight);
    }
  }

  /** The map's rows interpolated to the full width: the first half of a separable upsampling. */
  private static float[][] widenedRows(GridMap map, int width) {
    float[][] wideRows = new float[map.height()][width];
    for (int x = 0; x < width; x++) {
      SourcePosition column = SourcePosition.of(x, map.width(), width);
      for (int row = 0; row < map.height(); row++) {
        wideRows[row][x] =
            column.interpolate(map.at(row, column.index()), map.at(row, column.next()));
      }
    }
    return wideRows;
  }

  /** OpenCV INTER_LINEAR: half-pixel centres, clamped to the first and last source samples. */
  private record SourcePosition(int index, int next, float fraction) {

    static SourcePosition of(int target, int sourceSize, int targetSize) {
      float position = (target + 0.5f) * sourceSize / targetSize - 0.5f;
      int index = (int) Math.floor(position);
      if (index < 0) {
        return new SourcePosition(0, 0, 0f);
      }
      if (index >= sourceSize - 1) {
        return new SourcePosition(sourceSize - 1, sourceSize - 1, 0f);
      }
      return new SourcePosition(index, index + 1, position - index);
    }

    float interpolate(float atIndex, float atNext) {
      return atIndex + (atNext - atIndex) * fraction;
    }
  }
}
