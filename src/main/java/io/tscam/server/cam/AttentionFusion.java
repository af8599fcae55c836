package io.tscam.server.cam;

/**
 * Turns the attention of all layers into the class-agnostic map of TS-CAM: how much the class token
 * attends to each patch. Implementations must be thread-safe.
 */
public interface AttentionFusion {

  /** The map over the patch tokens, length T-1 = h*w, row-major on the token grid. */
  float[] classTokenMap(AttentionTensor attention);

  /**
   * Whether this method reads whole T x T matrices; otherwise it reads only the class-token row of
   * each, and the model's answer need carry no more.
   */
  boolean needsFullMatrices();
}
