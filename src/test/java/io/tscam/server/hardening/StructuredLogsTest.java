package io.tscam.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.MultipartBody;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code logging.structured.format.console=ecs}, the one setting the docs and the Helm chart name:
 * every line is a JSON object, and a line logged while a request is served carries the request's
 * trace id (the caller's, from its W3C traceparent) and a span id.
 */
class StructuredLogsTest {

  private static final JsonMapper JSON = new JsonMapper();
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void ecsLinesAreJsonAndCarryTheRequestsTraceAndSpanIds() throws Exception {
    try (AppProcess app =
        AppProcess.start(
            "--tscam.model.dir=src/test/resources/models/tiny",
            "--server.port=0",
            "--logging.structured.format.console=ecs",
            // The dispatcher logs each request it handles at DEBUG: a line from inside the request.
            "--logging.level.org.springframework.web.servlet.DispatcherServlet=DEBUG")) {
      int port = app.awaitReady(Duration.ofMinutes(2));

      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  new MultipartBody()
                      .file("image", "a.png", "image/png", SampleImages.photo(64, 48))
                      .postBuilder(new LocalizeClient(port).localize(""))
                      .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(answer.statusCode()).isEqualTo(200);
      List<JsonNode> lines = app.output().stream().map(JSON::readTree).toList();
      assertThat(lines).allMatch(JsonNode::isObject);
      JsonNode received =
          lines.stream()
              .filter(line -> line.path("message").asString("").startsWith("POST \"/localize"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no line for the request: " + app.output()));
      assertThat(received.path("traceId").asString()).isEqualTo(TRACE_ID);
      assertThat(received.path("spanId").asString()).matches("[0-9a-f]{16}");
    }
  }
}
