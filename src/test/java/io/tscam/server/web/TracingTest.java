package io.tscam.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tscam.server.testsupport.MultipartBody;
import io.tscam.server.testsupport.RecordedSpans;
import io.tscam.server.testsupport.ServedWithTinyModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The spans of a request, over real HTTP against the real app: one server span that continues the
 * caller's W3C traceparent, and under it (below Spring Security's spans) the pipeline's steps for
 * each image (admission, decode, queue wait, inference with its batch size, post-processing).
 * Tracing is off by default: a request without a sampled traceparent leaves no span.
 */
@ServedWithTinyModel
class TracingTest {

  private static final AttributeKey<String> BATCH_SIZE = AttributeKey.stringKey("tscam.batch.size");
  private static final List<String> STEPS =
      List.of("admission", "decode", "queue wait", "inference", "postprocess");

  private final HttpClient http = HttpClient.newHttpClient();
  private final Random random = new Random();

  @LocalServerPort int port;
  @Autowired RecordedSpans spans;

  @Test
  void aLocalizeCallIsOneServerSpanUnderTheCallersTraceWithASpanPerStep() throws Exception {
    String traceId = hex(16);
    String callerSpanId = hex(8);

    HttpResponse<String> answer = post("/localize", "image", 1, traceId, callerSpanId);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    List<SpanData> trace = spans.awaitTrace(traceId, all -> serverSpans(all).size() == 1);
    SpanData server = serverSpans(trace).get(0);
    assertThat(server.getParentSpanId()).isEqualTo(callerSpanId);
    assertThat(trace).filteredOn(span -> STEPS.contains(span.getName())).hasSize(STEPS.size());
    assertThat(server.getName()).contains("/localize");
    List<SpanData> steps = stepsUnder(server, trace);
    assertThat(steps).extracting(SpanData::getName).containsExactlyInAnyOrderElementsOf(STEPS);
    Map<String, SpanData> byName =
        steps.stream().collect(Collectors.toMap(SpanData::getName, Function.identity()));
    assertThat(byName.get("inference").getAttributes().get(BATCH_SIZE)).isEqualTo("1");
    assertInOrder(byName, STEPS);
    assertThat(steps).allMatch(step -> step.getStatus().getStatusCode() != StatusCode.ERROR);
  }

  @Test
  void aBatchHasTheStepsOfEachImageUnderItsOneServerSpan() throws Exception {
    String traceId = hex(16);

    HttpResponse<String> answer = post("/localize/batch", "images", 3, traceId, hex(8));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    List<SpanData> trace = spans.awaitTrace(traceId, all -> serverSpans(all).size() == 1);
    SpanData server = serverSpans(trace).get(0);
    assertThat(trace).filteredOn(span -> STEPS.contains(span.getName())).hasSize(3 * STEPS.size());
    Map<String, List<SpanData>> steps =
        stepsUnder(server, trace).stream().collect(Collectors.groupingBy(SpanData::getName));
    assertThat(steps.keySet()).containsExactlyInAnyOrderElementsOf(STEPS);
    steps.values().forEach(each -> assertThat(each).hasSize(3));
    for (SpanData inference : steps.get("inference")) {
      assertThat(Integer.parseInt(inference.getAttributes().get(BATCH_SIZE))).isBetween(1, 3);
    }
  }

  @Test
  void withoutASampledTraceparentNothingIsTraced() throws Exception {
    String traceId = hex(16);
    String unsampled = "00-" + traceId + "-" + hex(8) + "-00";

    HttpResponse<String> answer =
        http.send(
            request("/localize", "image", 1).header("traceparent", unsampled).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(200);
    Thread.sleep(200);
    assertThat(spans.ofTrace(traceId)).isEmpty();
  }

  private HttpResponse<String> post(
      String path, String part, int images, String traceId, String parentSpanId) throws Exception {
    return http.send(
        request(path, part, images)
            .header("traceparent", "00-" + traceId + "-" + parentSpanId + "-01")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private java.net.http.HttpRequest.Builder request(String path, String part, int images)
      throws Exception {
    byte[] sample = Files.readAllBytes(Path.of("src/main/resources/static/samples/sneaker.png"));
    MultipartBody body = new MultipartBody();
    for (int i = 0; i < images; i++) {
      body.file(part, "sneaker" + i + ".png", "image/png", sample);
    }
    return body.postBuilder(URI.create("http://localhost:" + port + path));
  }

  private static List<SpanData> serverSpans(List<SpanData> trace) {
    return trace.stream().filter(span -> span.getKind() == SpanKind.SERVER).toList();
  }

  /**
   * The pipeline's spans below the server span, at any depth: Spring Security's own observations
   * (the filter chain, the secured request) may sit in between.
   */
  private static List<SpanData> stepsUnder(SpanData server, List<SpanData> trace) {
    Map<String, SpanData> byId =
        trace.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
    return trace.stream()
        .filter(span -> STEPS.contains(span.getName()))
        .filter(span -> descendsFrom(span, server, byId))
        .toList();
  }

  private static boolean descendsFrom(
      SpanData span, SpanData ancestor, Map<String, SpanData> byId) {
    for (SpanData parent = byId.get(span.getParentSpanId());
        parent != null;
        parent = byId.get(parent.getParentSpanId())) {
      if (parent.getSpanId().equals(ancestor.getSpanId())) {
        return true;
      }
    }
    return false;
  }

  /** Each step ends before the next one starts. */
  private static void assertInOrder(Map<String, SpanData> byName, List<String> steps) {
    for (int i = 1; i < steps.size(); i++) {
      SpanData before = byName.get(steps.get(i - 1));
      SpanData after = byName.get(steps.get(i));
      assertThat(after.getStartEpochNanos())
          .as("%s starts after %s ends", steps.get(i), steps.get(i - 1))
          .isGreaterThanOrEqualTo(before.getEndEpochNanos());
    }
  }

  private String hex(int bytes) {
    byte[] id = new byte[bytes];
    random.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }
}
