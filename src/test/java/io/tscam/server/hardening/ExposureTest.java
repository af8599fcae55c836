package io.tscam.server.hardening;

import static io.tscam.server.hardening.LocalizeClient.assertNoInternals;
import static io.tscam.server.hardening.LocalizeClient.assertProblem;
import static io.tscam.server.hardening.LocalizeClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.MultipartBody;
import io.tscam.server.testsupport.ServedAsShipped;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the app exposes as shipped (its configuration and the bundled demo model): the three
 * operational actuator endpoints on the management port and nothing else, no internals in any
 * error, and upload limits that hold. That the container runs as a non-root user is checked on the
 * Dockerfile by {@code deploy.DockerfileTest#runsAsANumericNonRootUser}.
 */
@ServedAsShipped
class ExposureTest {

  private static final long SHIPPED_UPLOAD_LIMIT = 20L * 1024 * 1024;

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  private LocalizeClient client;
  private LocalizeClient management;

  @BeforeEach
  void connect() {
    client = new LocalizeClient(port);
    management = new LocalizeClient(managementPort);
  }

  @Test
  void theActuatorListsOnlyHealthInfoAndPrometheus() {
    HttpResponse<String> actuator = management.get("/actuator");

    assertThat(json(actuator).get("_links").propertyNames())
        .containsExactlyInAnyOrder("self", "health", "health-path", "info", "prometheus");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "env",
        "beans",
        "configprops",
        "heapdump",
        "threaddump",
        "loggers",
        "mappings",
        "metrics",
        "conditions",
        "scheduledtasks",
        "caches",
        "startup",
        "sbom"
      })
  void everyOtherActuatorEndpointIsAbsent(String endpoint) {
    assertThat(management.get("/actuator/" + endpoint).statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST", "DELETE"})
  void theErrorPageAskedForDirectlyIsNotFoundNotAServerError(String method) {
    HttpRequest error =
        HttpRequest.newBuilder(client.uri("/error"))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();

    assertProblem(client.send(error), 404, "not-found");
    client.assertStillServes();
  }

  @Test
  void shutdownCannotBeTriggeredOverHttp() {
    HttpRequest shutdown =
        HttpRequest.newBuilder(management.uri("/actuator/shutdown"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();

    assertThat(client.send(shutdown).statusCode()).isEqualTo(404);
    client.assertStillServes();
  }

  @Test
  void healthAnswersItsStatusWithoutDetails() {
    HttpResponse<String> health = management.get("/actuator/health");

    assertThat(json(health).get("status").asString()).isEqualTo("UP");
    assertThat(health.body()).doesNotContain("components", "diskSpace", "details");
  }

  @Test
  void errorsCarryNoStackTraceEvenWhenAskedFor() {
    HttpResponse<String> undecodable =
        client.upload("trace=true", SampleImages.resource("images/truncated.png"), "image/png");
    HttpResponse<String> unknownPath = client.get("/no/such/page?trace=true");

    assertProblem(undecodable, 400, "invalid-image");
    assertProblem(unknownPath, 404, "not-found");
  }

  @Test
  void responsesDoNotAnnounceTheServerSoftware() {
    HttpResponse<String> response = client.upload(SampleImages.photo(32, 32), "image/png");

    assertThat(response.headers().firstValue("Server")).isEmpty();
    assertThat(response.headers().firstValue("X-Powered-By")).isEmpty();
  }

  @Test
  void theShippedUploadLimitRefusesALargerUploadBeforeReadingIt() {
    MultipartBody upload = new MultipartBody();
    RawHttp.Answer answer =
        RawHttp.upload(
            port,
            "POST /localize HTTP/1.1",
            "Content-Type: " + upload.contentType() + "\r\n",
            upload.fileOpening("image", "big.png"),
            2 * SHIPPED_UPLOAD_LIMIT);

    assertThat(answer.status()).as(answer.text()).isEqualTo(413);
    assertThat(answer.text()).contains("urn:tscam:problem:upload-too-large", "20 MB");
    assertNoInternals(answer.text());
    client.assertStillServes();
  }
}
