package io.tscam.server.cam;

/**
 * The step between the fused class-token map and its product with the feature maps: the one place
 * where SCM (Bai et al., ECCV 2022) differs from TS-CAM at inference.
 */
public enum AttentionCoupling {
  /** TS-CAM: the fused map as it is. */
  TSCAM,
  /**
   * SCM: the fused map min-max normalised per image ({@code norm_cam} in SCM's lib/models/deit.py:
   * subtract the minimum, then divide by the maximum of the result), in float32 as PyTorch does.
   */
  SCM;

  /** The map the feature maps are multiplied with; {@code classTokenMap} is left unchanged. */
  public float[] apply(float[] classTokenMap) {
    if (this == TSCAM) {
      return classTokenMap;
    }
    float min = Float.POSITIVE_INFINITY;
    for (float value : classTokenMap) {
      min = Math.min(min, value);
    }
    float[] normalised = new float[classTokenMap.length];
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < normalised.length; i++) {
      normalised[i] = classTokenMap[i] - min;
      max = Math.max(max, normalised[i]);
    }
    // A flat map: SCM's division would fill it with NaN; all zeros gives the empty-map box instead.
    if (max > 0) {
      for (int i = 0; i < normalised.length; i++) {
        normalised[i] = normalised[i] / max;
      }
    }
    return normalised;
  }
}
