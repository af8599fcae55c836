package io.tscam.server.localization;

/** How the attention of all layers becomes the class-agnostic map. */
public enum Fusion {
  /** The TS-CAM reference: mean over heads, sum over layers, class-token row. */
  TSCAM,
  /** Attention rollout (product of head-averaged attention plus identity over layers). */
  ROLLOUT
}
