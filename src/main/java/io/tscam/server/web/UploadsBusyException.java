package io.tscam.server.web;

/** Every upload slot is taken (tscam.upload.max-in-flight): HTTP 503 with Retry-After. */
final class UploadsBusyException extends RuntimeException {

  UploadsBusyException(int maxInFlight) {
    super("the server is receiving " + maxInFlight + " uploads already; retry shortly");
  }
}
