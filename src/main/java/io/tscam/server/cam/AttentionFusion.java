package io.tscam.server.cam;

/**
 * Turns the attention of all layers into the class-agnostic map of TS-CAM: how much the class token
 * attends to each patch. Implementations must be thread-safe.
 */
public interface AttentionFusion {

  /** The map over the patch tokens, length T-1 = h*w, row-major on the token grid. */
  float[] classTokenMap(AttentionTensor attention);
}
