package io.tscam.server.inference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batching queue's meters, all tagged with the execution provider; the run time and batch size
 * also with the lane the batch ran on, and gauges say what runs (workers, threads per run, batches
 * running now).
 */
final class InferenceMetrics {

  private final Timer queueWait;
  private final Map<Lane, Timer> inference = new EnumMap<>(Lane.class);
  private final Map<Lane, DistributionSummary> batchSize = new EnumMap<>(Lane.class);
  private final Counter rejections;

  InferenceMetrics(
      MeterRegistry registry,
      ExecutionProvider provider,
      Parallelism parallelism,
      int batchLimit,
      Collection<?> queue,
      AtomicInteger running) {
    String tag = provider.tag();
    this.queueWait =
        Timer.builder("tscam.queue.wait")
            .description("Time a request waits before its batch starts")
            .tag("provider", tag)
            .publishPercentileHistogram()
            .register(registry);
    for (Lane lane : parallelism.lanes()) {
      inference.put(lane, runTimer(registry, tag, lane));
      batchSize.put(lane, batchSummary(registry, tag, lane));
      Gauge.builder("tscam.inference.threads", () -> parallelism.threads(lane))
          .description("ONNX Runtime intra-op threads of one run on the lane")
          .tag("provider", tag)
          .tag("lane", lane.tag())
          .register(registry);
    }
    this.rejections =
        Counter.builder("tscam.queue.rejections")
            .description("Requests refused because the queue was full")
            .tag("provider", tag)
            .register(registry);
    Gauge.builder("tscam.queue.depth", queue, Collection::size)
        .description("Requests waiting for a batch")
        .tag("provider", tag)
        .register(registry);
    Gauge.builder("tscam.inference.workers", parallelism::workers)
        .description("Workers: batches the shared session may run at once")
        .tag("provider", tag)
        .register(registry);
    Gauge.builder("tscam.inference.batch.limit", () -> batchLimit)
        .description("The most requests one worker's run takes")
        .tag("provider", tag)
        .register(registry);
    Gauge.builder("tscam.inference.running", running::get)
        .description("Batches running now, on either lane")
        .tag("provider", tag)
        .register(registry);
  }

  private static Timer runTimer(MeterRegistry registry, String provider, Lane lane) {
    return Timer.builder("tscam.inference")
        .description("ONNX Runtime run time of one batch")
        .tag("provider", provider)
        .tag("lane", lane.tag())
        .publishPercentileHistogram()
        .register(registry);
  }

  private static DistributionSummary batchSummary(
      MeterRegistry registry, String provider, Lane lane) {
    return DistributionSummary.builder("tscam.batch.size")
        .description("Requests per session run")
        .tag("provider", provider)
        .tag("lane", lane.tag())
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
        .register(registry);
  }

  void waited(long nanos) {
    queueWait.record(Duration.ofNanos(nanos));
  }

  void ran(Lane lane, long nanos, int batch) {
    inference.get(lane).record(Duration.ofNanos(nanos));
    batchSize.get(lane).record(batch);
  }

  void rejected() {
    rejections.increment();
  }
}
