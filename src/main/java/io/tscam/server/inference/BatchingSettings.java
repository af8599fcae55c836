package io.tscam.server.inference;

import java.time.Duration;

/**
 * Dynamic batching: a batch closes at its size limit or {@code maxDelay} after its first request
 * arrived, whichever comes first, and at once when no other request is on its way; at most {@code
 * queueCapacity} requests wait. {@code maxSize} is shared out among the workers; 0 chooses it for
 * the provider (see {@link #perWorker}).
 */
public record BatchingSettings(int maxSize, Duration maxDelay, int queueCapacity) {

  /** The max-size a CUDA session gets when none is set: one batch of 8 on its one worker. */
  private static final int CUDA_MAX_SIZE = 8;

  /**
   * A worker's batch size limit: max-size over the workers, at least one. The images in flight, and
   * the buffers and activations they take, then stay about those of one max-size batch however many
   * workers there are (each worker's buffers hold its largest batch: about 12 MB an image for
   * DeiT-S with per-head attentions). Without a max-size, a CPU worker runs one image at a time:
   * with one worker per core, ONNX Runtime's throughput is no higher at batch 4 or 8 than at batch
   * 1 (bench/run.sh's sweep), while every image of a batch holds its activations at once.
   */
  int perWorker(int workers, ExecutionProvider provider) {
    int size = maxSize > 0 ? maxSize : provider == ExecutionProvider.CUDA ? CUDA_MAX_SIZE : workers;
    return Math.max(1, size / workers);
  }
}
