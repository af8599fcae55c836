package io.tscam.server.inference;

import java.util.Locale;

/** Which session a batch runs on. */
enum Lane {
  /** The shared session: one of the workers' concurrent runs, each with its intra-op threads. */
  WORKERS,
  /**
   * The latency session (one intra-op thread per core): a batch that is all the work there is, so
   * that a lone request is not held to one worker's threads.
   */
  LATENCY;

  String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
