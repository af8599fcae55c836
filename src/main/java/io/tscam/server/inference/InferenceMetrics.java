package io.tscam.server.inference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;

/** The batching queue's meters, all tagged with the execution provider. */
final class InferenceMetrics {

  private final Timer queueWait;
  private final Timer inference;
  private final DistributionSummary batchSize;
  private final Counter rejections;

  InferenceMetrics(MeterRegistry registry, ExecutionProvider provider, Collection<?> queue) {
    String tag = provider.tag();
    this.queueWait =
        Timer.builder("tscam.queue.wait")
            .description("Time a request waits before its batch starts")
            .tag("provider", tag)
            .publishPercentileHistogram()
            .register(registry);
    this.inference =
        Timer.builder("tscam.inference")
            .description("ONNX Runtime run time of one batch")
            .tag("provider", tag)
            .publishPercentileHistogram()
            .register(registry);
    this.batchSize =
        DistributionSummary.builder("tscam.batch.size")
            .description("Requests per session run")
            .tag("provider", tag)
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
            .register(registry);
    this.rejections =
        Counter.builder("tscam.queue.rejections")
            .description("Requests refused because the queue was full")
            .tag("provider", tag)
            .register(registry);
    Gauge.builder("tscam.queue.depth", queue, Collection::size)
        .description("Requests waiting for a batch")
        .tag("provider", tag)
        .register(registry);
  }

  void waited(long nanos) {
    queueWait.record(Duration.ofNanos(nanos));
  }

  void ran(long nanos, int batch) {
    inference.record(Duration.ofNanos(nanos));
    batchSize.record(batch);
  }

  void rejected() {
    rejections.increment();
  }
}
