package io.tscam.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** Errors the servlet container forwards to its error page keep their status as problems. */
class ErrorPageControllerTest {

  private final ErrorPageController controller =
      new ErrorPageController(new UploadPolicy(8, Duration.ofSeconds(30)));

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
    "400, 400, invalid-request",
    "404, 404, not-found",
    "405, 405, method-not-allowed",
    "413, 413, upload-too-large",
    "415, 415, unsupported-media-type",
    "431, 431, invalid-request",
    "500, 500, internal-error",
    "503, 500, internal-error",
    "599, 500, internal-error",
  })
  void forwardedErrorsBecomeProblemsOfTheirKind(int forwarded, int status, String kind) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
    request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, forwarded);

    ResponseEntity<ProblemDetail> response = controller.error(request);

    assertThat(response.getStatusCode().value()).isEqualTo(status);
    assertThat(response.getBody().getType()).hasToString("urn:tscam:problem:" + kind);
    assertThat(response.getBody().getStatus()).isEqualTo(status);
  }

  /** Tomcat's 400 for a failed body read is a 408 when the read failed at the body deadline. */
  @Test
  void aBodyCutOffAtItsDeadlineIsATimeoutThatClosesTheConnection() {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
    request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 400);
    request.setAttribute(UploadTimeoutException.ATTRIBUTE, Boolean.TRUE);

    ResponseEntity<ProblemDetail> response = controller.error(request);

    assertThat(response.getStatusCode().value()).isEqualTo(408);
    assertThat(response.getBody().getType()).hasToString("urn:tscam:problem:upload-timeout");
    assertThat(response.getBody().getDetail()).contains("within 30 s");
    assertThat(response.getHeaders().getFirst("Connection")).isEqualTo("close");
  }
}
