package io.tscam.server.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page. Errors raised outside Spring MVC (a request Tomcat rejects, a
 * failing filter) answer as problem details like the rest of the API, and a client asking for the
 * error page itself gets a 404 rather than the 500 of Boot's default controller, which takes a
 * request without an error for a failure. A body cut off at its deadline ({@link BodyDeadline}) is
 * a 408 here: Tomcat answers every failed body read with its 400 error page, whoever read it. Not
 * part of the API description.
 */
@Hidden
@RestController
class ErrorPageController implements ErrorController {

  private final UploadPolicy uploads;

  ErrorPageController(UploadPolicy uploads) {
    this.uploads = uploads;
  }

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    if (request.getAttribute(UploadTimeoutException.ATTRIBUTE) != null) {
      return uploadTimedOut(new UploadTimeoutException(uploads.bodyTimeout()));
    }
    if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)) {
      return ProblemKind.NOT_FOUND.response("no such resource: " + request.getRequestURI());
    }
    HttpStatus status = HttpStatus.resolve(code);
    if (status == null || status.is5xxServerError()) {
      return ProblemKind.INTERNAL.response("the server failed to handle the request");
    }
    return kindOf(status).response(status, "the request was refused: " + status.getReasonPhrase());
  }

  /**
   * The 408 for a body that did not arrive in time. Tomcat closes the connection after it (a client
   * still sending would otherwise be waited for again), which the header says.
   */
  static ResponseEntity<ProblemDetail> uploadTimedOut(UploadTimeoutException e) {
    ResponseEntity<ProblemDetail> response = ProblemKind.UPLOAD_TIMEOUT.response(e.getMessage());
    return ResponseEntity.status(response.getStatusCode())
        .header(HttpHeaders.CONNECTION, "close")
        .body(response.getBody());
  }

  private static ProblemKind kindOf(HttpStatus status) {
    return switch (status) {
      case NOT_FOUND -> ProblemKind.NOT_FOUND;
      case METHOD_NOT_ALLOWED -> ProblemKind.METHOD_NOT_ALLOWED;
      case CONTENT_TOO_LARGE -> ProblemKind.UPLOAD_TOO_LARGE;
      case UNSUPPORTED_MEDIA_TYPE -> ProblemKind.UNSUPPORTED_MEDIA_TYPE;
      default -> ProblemKind.INVALID_REQUEST;
    };
  }
}
