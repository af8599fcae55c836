package io.tscam.server.inference;

/** How much of the attention tensor a request needs copied out of the session's output. */
public enum AttentionReadout {
  /** Row 0 (the class token) of every layer and head: enough for the TS-CAM coupling. */
  CLASS_TOKEN_ROWS,
  /** Every full T x T matrix: needed by attention rollout. */
  FULL
}
