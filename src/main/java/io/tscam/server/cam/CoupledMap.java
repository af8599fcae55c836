package io.tscam.server.cam;

/**
 * One class's TS-CAM map on the token grid (h x w, row-major): the class-agnostic attention map
 * times that class's semantic feature map.
 */
public record CoupledMap(int height, int width, float[] values) {

  public CoupledMap {
    if (height < 1 || width < 1 || values.length != height * width) {
      throw new IllegalArgumentException(
          values.length + " values do not make a " + height + " x " + width + " map");
    }
  }

  /** The float32 product, cell by cell, exactly as the reference (and PyTorch) computes it. */
  public static CoupledMap of(float[] classTokenMap, FeatureMaps featureMaps, int classIndex) {
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
    return new CoupledMap(featureMaps.height(), featureMaps.width(), values);
  }
}
