package io.tscam.server.cam;

import java.util.Arrays;

/**
 * A map on the model's token grid (h x w, row-major): the class-agnostic attention map, or one
 * class's TS-CAM map (the attention map times that class's semantic feature map). Any range of
 * values; box extraction and the overlay normalise it.
 */
public record GridMap(int height, int width, float[] values) {

  public GridMap {
    if (height < 1 || width < 1 || values.length != height * width) {
      throw new IllegalArgumentException(
          values.length + " values do not make a " + height + " x " + width + " map");
    }
  }

  /**
   * One class's coupled map: the float32 product, cell by cell, exactly as the reference (and
   * PyTorch) computes it.
   */
  public static GridMap coupled(float[] classTokenMap, FeatureMaps featureMaps, int classIndex) {
    if (classTokenMap.length != featureMaps.cells()) {
      throw new IllegalArgumentException(
          "class-token map has "
              + classTokenMap.length
              + " cells, feature maps "
              + featureMaps.cells());
    }
    float[] features = featureMaps.data();
    int start = featureMaps.classStart(classIndex);
    float[] values = new float[classTokenMap.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = classTokenMap[i] * features[start + i];
    }
    return new GridMap(featureMaps.height(), featureMaps.width(), values);
  }

  public float at(int row, int column) {
    return values[row * width + column];
  }

  /** Rows of the map, as JSON clients expect a 2-D array. */
  public float[][] rows() {
    float[][] rows = new float[height][];
    for (int y = 0; y < height; y++) {
      rows[y] = Arrays.copyOfRange(values, y * width, (y + 1) * width);
    }
    return rows;
  }
}
