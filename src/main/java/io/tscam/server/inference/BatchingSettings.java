package io.tscam.server.inference;

import java.time.Duration;

/**
 * Dynamic batching: a batch closes at its size limit or {@code maxDelay} after its first request
 * arrived, whichever comes first, and at once when no other request is on its way; at most {@code
 * queueCapacity} requests wait. {@code maxSize} is shared out among the workers (see {@link
 * #perWorker}).
 */
public record BatchingSettings(int maxSize, Duration maxDelay, int queueCapacity) {

  /**
   * A worker's batch size limit: max-size over the workers, at least one. The images in flight, and
   * the buffers and activations they take, then stay about those of one max-size batch however many
   * workers there are (each worker's buffers hold its largest batch: about 12 MB an image for
   * DeiT-S with per-head attentions).
   */
  int perWorker(int workers) {
    return Math.max(1, maxSize / workers);
  }
}
