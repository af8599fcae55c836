package io.tscam.server.inference;

import java.time.Duration;

/**
 * Dynamic batching: a batch closes at its size limit or {@code maxDelay} after its first request
 * arrived, whichever comes first, and at once when no other request is on its way; at most {@code
 * queueCapacity} requests wait. {@code maxSize} is shared out among the workers (see {@link
 * #perWorker}); 0 chooses by provider.
 */
public record BatchingSettings(int maxSize, Duration maxDelay, int queueCapacity) {

  /** The max-size that 0 stands for on CUDA, where batches fill the device. */
  static final int AUTO_CUDA_MAX_SIZE = 8;

  /**
   * A worker's batch size limit: max-size over the workers, at least one. The images in flight, and
   * the buffers and activations they take, then stay about those of one max-size batch however many
   * workers there are (each worker's buffers hold its largest batch: about 12 MB an image for
   * DeiT-S with per-head attentions).
   *
   * <p>With max-size 0, one image per run on CPU: there a run over 197 tokens already keeps the
   * cores' vector units busy, and a batch only multiplies the attention activations past the cores'
   * caches (DeiT-S, 2 workers x 1 thread, 4 rounds of 10 s alternated: batch 4 ran 7 % fewer
   * images/s than batch 1 in every round; docs/benchmarks.md). On CUDA, {@value
   * #AUTO_CUDA_MAX_SIZE} shared out, as batches are what fill a GPU.
   */
  int perWorker(int workers, ExecutionProvider provider) {
    if (maxSize == 0) {
      return provider == ExecutionProvider.CPU ? 1 : Math.max(1, AUTO_CUDA_MAX_SIZE / workers);
    }
    return Math.max(1, maxSize / workers);
  }
}
