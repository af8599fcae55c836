package io.tscam.server.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Every kind of problem the API answers with; each has a stable {@code type} URI that clients can
 * switch on (RFC 9457).
 */
enum ProblemKind {
  MISSING_IMAGE("missing-image", HttpStatus.BAD_REQUEST, "Image part missing"),
  INVALID_IMAGE("invalid-image", HttpStatus.BAD_REQUEST, "Image cannot be decoded"),
  INVALID_PARAMETER("invalid-parameter", HttpStatus.BAD_REQUEST, "Invalid parameter"),
  INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "Malformed request"),
  UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Authentication required"),
  FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Access denied"),
  NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
  METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
  NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Response type not available"),
  UPLOAD_TIMEOUT("upload-timeout", HttpStatus.REQUEST_TIMEOUT, "Upload too slow"),
  UPLOAD_TOO_LARGE("upload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Upload too large"),
  IMAGE_TOO_LARGE("image-too-large", HttpStatus.CONTENT_TOO_LARGE, "Image raster too large"),
  UNSUPPORTED_MEDIA_TYPE(
      "unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
  NOT_READY("not-ready", HttpStatus.SERVICE_UNAVAILABLE, "Model not ready"),
  OVERLOADED("overloaded", HttpStatus.SERVICE_UNAVAILABLE, "Server busy"),
  SHUTTING_DOWN("shutting-down", HttpStatus.SERVICE_UNAVAILABLE, "Shutting down"),
  INTERNAL("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

  private static final String TYPE_PREFIX = "urn:tscam:problem:";

  private final String slug;
  private final HttpStatus status;
  private final String title;

  ProblemKind(String slug, HttpStatus status, String title) {
    this.slug = slug;
    this.status = status;
    this.title = title;
  }

  URI type() {
    return URI.create(TYPE_PREFIX + slug);
  }

  HttpStatus status() {
    return status;
  }

  String title() {
    return title;
  }

  /** This problem as a response with its own status. */
  ResponseEntity<ProblemDetail> response(String detail) {
    return response(status, detail);
  }

  /** This problem under another status, e.g. one of Spring's own client errors. */
  ResponseEntity<ProblemDetail> response(HttpStatusCode responseStatus, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(responseStatus, detail);
    body.setType(type());
    body.setTitle(title);
    return ResponseEntity.status(responseStatus).body(body);
  }
}
