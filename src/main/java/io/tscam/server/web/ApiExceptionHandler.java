package io.tscam.server.web;

import io.tscam.server.imaging.ImageTooLargeException;
import io.tscam.server.imaging.UndecodableImageException;
import io.tscam.server.imaging.UnsupportedImageFormatException;
import io.tscam.server.inference.InferenceTimeoutException;
import io.tscam.server.inference.QueueFullException;
import io.tscam.server.inference.ShuttingDownException;
import io.tscam.server.localization.DecodingBusyException;
import io.tscam.server.localization.InvalidQueryException;
import org.apache.catalina.connector.ClientAbortException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place where failures become RFC 9457 problem details. Client mistakes get a 4xx that
 * names what was wrong; nothing here ever puts a stack trace or exception class in a response.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
  private static final String RETRY_AFTER_SECONDS = "1";

  private final DataSize maxUploadSize;

  ApiExceptionHandler(UploadLimit uploadLimit) {
    this.maxUploadSize = uploadLimit.maxFileSize();
  }

  @ExceptionHandler(MissingServletRequestPartException.class)
  ResponseEntity<ProblemDetail> missingPart(MissingServletRequestPartException e) {
    return problem(
        ProblemKind.MISSING_IMAGE,
        "multipart part '" + e.getRequestPartName() + "' is required (the image file)");
  }

  @ExceptionHandler(UndecodableImageException.class)
  ResponseEntity<ProblemDetail> undecodable(UndecodableImageException e) {
    return problem(ProblemKind.INVALID_IMAGE, e.getMessage());
  }

  @ExceptionHandler(UnsupportedImageFormatException.class)
  ResponseEntity<ProblemDetail> unsupportedFormat(UnsupportedImageFormatException e) {
    return problem(ProblemKind.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
  }

  @ExceptionHandler(ImageTooLargeException.class)
  ResponseEntity<ProblemDetail> rasterTooLarge(ImageTooLargeException e) {
    return problem(ProblemKind.IMAGE_TOO_LARGE, e.getMessage());
  }

  @ExceptionHandler(TooManyImagesException.class)
  ResponseEntity<ProblemDetail> tooManyImages(TooManyImagesException e) {
    ResponseEntity<ProblemDetail> response = problem(ProblemKind.UPLOAD_TOO_LARGE, e.getMessage());
    response.getBody().setProperty("parameter", "images");
    return response;
  }

  /**
   * The problem one image of a batch answers with, as it would alone: the batch's other images
   * still get their answers.
   */
  ProblemDetail problemOf(RuntimeException e) {
    return imageProblem(e).getBody();
  }

  private ResponseEntity<ProblemDetail> imageProblem(RuntimeException e) {
    if (e instanceof UndecodableImageException undecodable) {
      return undecodable(undecodable);
    }
    if (e instanceof UnsupportedImageFormatException unsupported) {
      return unsupportedFormat(unsupported);
    }
    if (e instanceof ImageTooLargeException tooLarge) {
      return rasterTooLarge(tooLarge);
    }
    if (e instanceof DecodingBusyException || e instanceof InferenceTimeoutException) {
      return timedOut(e);
    }
    if (e instanceof QueueFullException full) {
      return overloaded(full);
    }
    if (e instanceof ShuttingDownException closing) {
      return shuttingDown(closing);
    }
    return unexpected(e);
  }

  /**
   * Spring reports every multipart limit as this one exception (file size, request size, part
   * count, part header size), so the answer names them all rather than blaming the file's size.
   */
  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ResponseEntity<ProblemDetail> uploadTooLarge(MaxUploadSizeExceededException e) {
    return problem(
        ProblemKind.UPLOAD_TOO_LARGE,
        "the upload exceeds the server's limits: one image of at most "
            + maxUploadSize.toMegabytes()
            + " MB, in a request of few parts with short part headers");
  }

  @ExceptionHandler(MultipartException.class)
  ResponseEntity<ProblemDetail> badMultipart(MultipartException e) {
    return problem(
        ProblemKind.INVALID_REQUEST,
        "the request is not a well-formed multipart/form-data upload within the server's limits");
  }

  /**
   * The body did not arrive in time. Tomcat has already chosen its error page for the failed read,
   * so {@link ErrorPageController} writes the answer; this only keeps the expected cut-off from
   * being logged as an unexpected failure.
   */
  @ExceptionHandler(UploadTimeoutException.class)
  ResponseEntity<ProblemDetail> uploadTimedOut(UploadTimeoutException e) {
    return ErrorPageController.uploadTimedOut(e);
  }

  /** Tomcat parses parameters lazily and throws when a %-escape or its UTF-8 is broken. */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<ProblemDetail> undecodableParameters(InvalidParameterException e) {
    return problem(
        ProblemKind.INVALID_REQUEST,
        "the request parameters cannot be decoded: use valid %-escapes of UTF-8 text");
  }

  @ExceptionHandler(InvalidQueryException.class)
  ResponseEntity<ProblemDetail> invalidQuery(InvalidQueryException e) {
    ResponseEntity<ProblemDetail> response = problem(ProblemKind.INVALID_PARAMETER, e.getMessage());
    response.getBody().setProperty("parameter", e.parameter());
    return response;
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
    ResponseEntity<ProblemDetail> response =
        problem(
            ProblemKind.INVALID_PARAMETER,
            "parameter '%s' has an invalid value '%s'".formatted(e.getName(), e.getValue()));
    response.getBody().setProperty("parameter", e.getName());
    return response;
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
    return problem(
        ProblemKind.INVALID_PARAMETER, "parameter '" + e.getParameterName() + "' is required");
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> unsupportedContentType(HttpMediaTypeNotSupportedException e) {
    return problem(
        ProblemKind.UNSUPPORTED_MEDIA_TYPE,
        "send the image as multipart/form-data with a part named 'image', or as the whole body"
            + " with Content-Type image/jpeg, image/png, image/gif, image/bmp or"
            + " application/octet-stream");
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
    return problem(
        ProblemKind.NOT_ACCEPTABLE, "this endpoint answers application/json or image/png");
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
    return problem(
        ProblemKind.METHOD_NOT_ALLOWED, "method " + e.getMethod() + " is not supported here");
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ProblemDetail> notFound(NoResourceFoundException e) {
    return problem(ProblemKind.NOT_FOUND, "no such resource: /" + e.getResourcePath());
  }

  /**
   * Written for Spring Security's entry point, which has already set the WWW-Authenticate
   * challenge. Says what to send, never what was sent.
   */
  @ExceptionHandler(AuthenticationException.class)
  ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException e) {
    return problem(
        ProblemKind.UNAUTHENTICATED,
        e instanceof InsufficientAuthenticationException
            ? "this endpoint needs credentials: 'Authorization: Bearer <API key or token>'"
                + " or 'X-API-Key: <API key>'"
            : "the credentials sent were not accepted (unknown key, or an expired or invalid"
                + " token); see the WWW-Authenticate header");
  }

  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<ProblemDetail> forbidden(AccessDeniedException e) {
    return problem(ProblemKind.FORBIDDEN, "these credentials do not allow this request");
  }

  @ExceptionHandler(ServiceNotReadyException.class)
  ResponseEntity<ProblemDetail> notReady(ServiceNotReadyException e) {
    return retryLater(problem(ProblemKind.NOT_READY, e.getMessage()));
  }

  /** A request waited too long, for a decoding slot or for the model. */
  @ExceptionHandler({DecodingBusyException.class, InferenceTimeoutException.class})
  ResponseEntity<ProblemDetail> timedOut(RuntimeException e) {
    return retryLater(problem(ProblemKind.OVERLOADED, "the server is too busy: " + e.getMessage()));
  }

  @ExceptionHandler({QueueFullException.class, UploadsBusyException.class})
  ResponseEntity<ProblemDetail> overloaded(RuntimeException e) {
    return retryLater(problem(ProblemKind.OVERLOADED, e.getMessage()));
  }

  /**
   * Shutdown cut the request short (it came in while the server drained, or was still being decoded
   * when the queue closed): not the queue's fault, and another instance can take it at once.
   */
  @ExceptionHandler(ShuttingDownException.class)
  ResponseEntity<ProblemDetail> shuttingDown(ShuttingDownException e) {
    return retryLater(problem(ProblemKind.SHUTTING_DOWN, e.getMessage()));
  }

  /**
   * The client went away, or stopped sending its body or taking the answer for
   * server.tomcat.connection-timeout: nobody is left to answer, and it is not our failure.
   */
  @ExceptionHandler({AsyncRequestNotUsableException.class, ClientAbortException.class})
  void clientGone(Exception e) {
    log.debug("the client is gone: {}", e.getMessage());
  }

  /** Anything else: Spring's own client errors keep their status; the rest is our fault. */
  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    if (e instanceof ErrorResponse spring && spring.getStatusCode().is4xxClientError()) {
      return ProblemKind.INVALID_REQUEST.response(
          spring.getStatusCode(), "the request is malformed");
    }
    log.error("unexpected failure", e);
    return problem(ProblemKind.INTERNAL, "the server failed to handle the request; it was logged");
  }

  private static ResponseEntity<ProblemDetail> problem(ProblemKind kind, String detail) {
    return kind.response(detail);
  }

  private static ResponseEntity<ProblemDetail> retryLater(ResponseEntity<ProblemDetail> response) {
    return ResponseEntity.status(response.getStatusCode())
        .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .body(response.getBody());
  }
}
