package io.tscam.server.hardening;

import static io.tscam.server.hardening.LocalizeClient.assertProblem;
import static io.tscam.server.hardening.LocalizeClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.ServedWithApiKeys;
import io.tscam.server.testsupport.TestApiKeys;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * {@code tscam.security.mode=api-key} over real HTTP: the model endpoints want a key from the key
 * file (as itself or as its SHA-256) in either header, a rotated file takes effect without a
 * restart, refusals are 401 problems with a bearer challenge (never a redirect), counted by reason
 * and refused before the request is even counted or admitted; the demo page, the API docs and the
 * management port stay open.
 */
@ServedWithApiKeys
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyAccessTest {

  private static final String WRONG_KEY = "not-a-key-of-this-server";

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping handlerMapping;

  @Value("${server.error.path:/error}")
  String errorPath;

  private LocalizeClient anonymous;
  private LocalizeClient management;

  @BeforeEach
  void connect() {
    anonymous = new LocalizeClient(port);
    management = new LocalizeClient(managementPort);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/model", "/localize", "/localize/batch", "/model/anything"})
  void withoutAKeyEveryModelEndpointIsRefusedWithAChallenge(String path) {
    HttpResponse<String> refused =
        anonymous.send(
            HttpRequest.newBuilder(anonymous.uri(path))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

    assertRefused(refused);
    assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tscam\"");
    assertThat(json(refused).get("detail").asString()).contains("X-API-Key");
  }

  /**
   * Every endpoint of the application itself (not springdoc's, not the error page) is refused
   * without a key, so one added outside the protected path patterns fails here.
   */
  @Test
  void everyEndpointOfTheApplicationIsProtected() {
    int checked = 0;
    for (var mapping : handlerMapping.getHandlerMethods().entrySet()) {
      boolean ours =
          mapping.getValue().getBeanType().getPackageName().startsWith("io.tscam.server");
      for (String path : mapping.getKey().getPatternValues()) {
        if (!ours || path.equals(errorPath)) {
          continue;
        }
        for (RequestMethod method : mapping.getKey().getMethodsCondition().getMethods()) {
          String concrete = path.replaceAll("\\{[^}]*}", "x");
          HttpResponse<String> refused =
              anonymous.send(
                  HttpRequest.newBuilder(anonymous.uri(concrete))
                      .method(method.name(), HttpRequest.BodyPublishers.noBody())
                      .build());
          assertThat(refused.statusCode()).as("%s %s", method, concrete).isEqualTo(401);
          checked++;
        }
      }
    }
    assertThat(checked).as("endpoints checked").isGreaterThanOrEqualTo(2);
  }

  @Test
  void aWrongKeyIsRefusedInEitherHeaderAndNeverLogged(CapturedOutput output) {
    HttpResponse<String> asBearer =
        anonymous.with("Authorization", "Bearer " + WRONG_KEY).get("/model");
    HttpResponse<String> asHeader = anonymous.with("X-API-Key", WRONG_KEY).get("/model");

    for (HttpResponse<String> refused : List.of(asBearer, asHeader)) {
      assertRefused(refused);
      assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
          .startsWith("Bearer ")
          .contains("error=\"invalid_token\"");
      assertThat(refused.body()).doesNotContain(WRONG_KEY);
    }
    assertThat(output.getAll()).doesNotContain(WRONG_KEY);
  }

  @Test
  void theRightKeyIsServedInEitherHeaderAsListedOrAsItsHash(CapturedOutput output) {
    LocalizeClient bearer =
        new LocalizeClient(port).with("Authorization", "Bearer " + TestApiKeys.PLAIN_KEY);
    LocalizeClient apiKey = new LocalizeClient(port).with("X-API-Key", TestApiKeys.HASHED_KEY);

    assertThat(bearer.get("/model").statusCode()).isEqualTo(200);
    apiKey.assertStillServes();
    bearer.assertStillServes();
    assertThat(output.getAll()).doesNotContain(TestApiKeys.PLAIN_KEY, TestApiKeys.HASHED_KEY);
  }

  @Test
  void aRotatedKeyFileTakesEffectWithoutARestart() throws Exception {
    String rotated = "rotated-test-key-" + System.nanoTime();
    try {
      TestApiKeys.write("sha256:" + TestApiKeys.sha256Hex(rotated) + "\n");
      awaitStatus(new LocalizeClient(port).with("X-API-Key", rotated), 200);

      assertRefused(
          new LocalizeClient(port).with("X-API-Key", TestApiKeys.PLAIN_KEY).get("/model"));
    } finally {
      TestApiKeys.write(TestApiKeys.initialContent());
    }
    awaitStatus(new LocalizeClient(port).with("X-API-Key", TestApiKeys.PLAIN_KEY), 200);
  }

  @Test
  void refusalsAreCountedByReasonBeforeTheRequestIsCountedOrAdmitted() {
    double missing = counter("tscam_security_rejections_total", "reason=\"missing\"");
    double invalid = counter("tscam_security_rejections_total", "reason=\"invalid\"");
    double requests = requestsCounted();

    anonymous.upload(SampleImages.photo(32, 32), "image/png");
    anonymous.with("X-API-Key", WRONG_KEY).upload(SampleImages.photo(32, 32), "image/png");

    assertThat(counter("tscam_security_rejections_total", "reason=\"missing\""))
        .isEqualTo(missing + 1);
    assertThat(counter("tscam_security_rejections_total", "reason=\"invalid\""))
        .isEqualTo(invalid + 1);
    // LocalizeOutcomeFilter, which wraps AdmissionFilter, never saw them.
    assertThat(requestsCounted()).isEqualTo(requests);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/index.html",
        "/demo.js",
        "/demo.css",
        "/samples/sneaker.png",
        "/v3/api-docs"
      })
  void theDemoPageAndTheApiDocsNeedNoKey(String path) {
    assertThat(anonymous.get(path).statusCode()).as(path).isEqualTo(200);
  }

  @Test
  void swaggerUiNeedsNoKeyAndTheApiDocsDeclareBothWaysToSendOne() {
    assertThat(anonymous.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
    var api = json(anonymous.get("/v3/api-docs"));

    assertThat(api.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
    assertThat(api.at("/components/securitySchemes/apiKey/name").asString()).isEqualTo("X-API-Key");
    assertThat(api.at("/paths/~1localize/post/security").toString()).contains("bearer", "apiKey");
    assertThat(api.at("/paths/~1model/get/security").toString()).contains("bearer", "apiKey");
  }

  @Test
  void theManagementPortNeedsNoKeyAndTheApiPortHasNoActuator() {
    assertThat(management.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    assertThat(management.get("/actuator/prometheus").statusCode()).isEqualTo(200);
    assertThat(
            new LocalizeClient(port)
                .with("X-API-Key", TestApiKeys.PLAIN_KEY)
                .get("/actuator/prometheus")
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void aPageFromAnAllowedOriginMayCallWithAKeyOthersMayNot() {
    HttpResponse<String> allowed = preflight(ServedWithApiKeys.ALLOWED_ORIGIN);
    HttpResponse<String> other = preflight("https://elsewhere.example.org");

    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue(ServedWithApiKeys.ALLOWED_ORIGIN);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
        .containsIgnoringCase("x-api-key");
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  private HttpResponse<String> preflight(String origin) {
    return anonymous.send(
        HttpRequest.newBuilder(anonymous.uri("/localize"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "x-api-key")
            .build());
  }

  /** A 401 problem of its own type, no login page and no redirect. */
  static void assertRefused(HttpResponse<String> refused) {
    assertProblem(refused, 401, "unauthenticated");
    assertThat(refused.headers().firstValue("Location")).isEmpty();
  }

  private static void awaitStatus(LocalizeClient client, int status) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (client.get("/model").statusCode() != status) {
      assertThat(System.nanoTime()).as("answered %d in time", status).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private double requestsCounted() {
    return management.counter("tscam_requests_total", "");
  }

  private double counter(String name, String label) {
    return management.counter(name, label);
  }
}
