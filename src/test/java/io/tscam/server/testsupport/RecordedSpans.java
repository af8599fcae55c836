package io.tscam.server.testsupport;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Every span the app ends, kept in memory as it ends. The app samples no trace of its own by
 * default (management.tracing.sampling.probability 0), so these are the spans of requests that sent
 * a sampled W3C traceparent. Not a SpanExporter bean: Spring Boot would also hand that to its batch
 * processor, and every span would be recorded twice.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RecordedSpans {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

  @Bean
  SpanProcessor recordingSpanProcessor() {
    return SimpleSpanProcessor.create(exporter);
  }

  /** The ended spans of one trace. */
  public List<SpanData> ofTrace(String traceId) {
    return exporter.getFinishedSpanItems().stream()
        .filter(span -> span.getTraceId().equals(traceId))
        .toList();
  }

  /**
   * The spans of one trace once {@code complete} holds for them: the server span ends after the
   * response is on its way, so a client can read the answer before the trace is whole.
   */
  public List<SpanData> awaitTrace(String traceId, Predicate<List<SpanData>> complete)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<SpanData> spans = ofTrace(traceId);
    while (!complete.test(spans) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      spans = ofTrace(traceId);
    }
    return spans;
  }
}
