package io.tscam.server.deploy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Prometheus series the application exports (the metric list of the service's contract), as
 * they appear in a scrape: timers and distribution summaries also expose _bucket, _count and _sum
 * series. Dashboards may only query these.
 */
final class MetricCatalog {

  private static final List<String> PLAIN =
      List.of(
          "tscam_requests_total",
          "tscam_queue_depth",
          "tscam_inference_workers",
          "tscam_inference_running",
          "tscam_queue_rejections_total",
          "tscam_security_rejections_total",
          "jvm_memory_used_bytes");
  private static final List<String> TIMERS =
      List.of(
          "tscam_preprocess_seconds",
          "tscam_postprocess_seconds",
          "tscam_inference_seconds",
          "tscam_queue_wait_seconds");
  private static final List<String> SUMMARIES = List.of("tscam_batch_size");

  private final Set<String> series;

  private MetricCatalog(Set<String> series) {
    this.series = series;
  }

  static MetricCatalog ofTheApplication() {
    Set<String> series = new HashSet<>(PLAIN);
    for (String timer : TIMERS) {
      series.addAll(List.of(timer + "_bucket", timer + "_count", timer + "_sum"));
    }
    for (String summary : SUMMARIES) {
      series.addAll(List.of(summary + "_count", summary + "_sum"));
    }
    return new MetricCatalog(Set.copyOf(series));
  }

  boolean contains(String seriesName) {
    return series.contains(seriesName);
  }

  /** The metric families behind the series, for checking a dashboard covers each of them. */
  static List<String> families() {
    return Stream.of(PLAIN, TIMERS, SUMMARIES).flatMap(List::stream).toList();
  }
}
