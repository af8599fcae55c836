package io.tscam.server.localization;

import io.tscam.server.cam.AttentionFusion;
import io.tscam.server.cam.AttentionTensor;
import io.tscam.server.cam.LayerSumFusion;
import io.tscam.server.cam.RolloutFusion;
import io.tscam.server.inference.AttentionReadout;

/**
 * How the attention of all layers becomes the class-agnostic map: each method brings its math and
 * what it needs copied out of the model's attention output.
 */
public enum Fusion {
  /** The TS-CAM reference: mean over heads, sum over layers, class-token row. */
  TSCAM(new LayerSumFusion()),
  /** Attention rollout (product of head-averaged attention plus identity over layers). */
  ROLLOUT(new RolloutFusion());

  private final AttentionFusion method;

  Fusion(AttentionFusion method) {
    this.method = method;
  }

  /** The part of the attention tensor this method reads. */
  AttentionReadout readout() {
    return method.needsFullMatrices() ? AttentionReadout.FULL : AttentionReadout.CLASS_TOKEN_ROWS;
  }

  /** The class-agnostic map over the patch tokens. */
  float[] classTokenMap(AttentionTensor attention) {
    return method.classTokenMap(attention);
  }
}
