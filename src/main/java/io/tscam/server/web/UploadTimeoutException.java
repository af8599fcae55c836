package io.tscam.server.web;

import java.io.IOException;
import java.time.Duration;

/**
 * A request body that did not arrive within tscam.upload.body-timeout (HTTP 408). An IOException,
 * because it is thrown from the body's read, wherever that read happens (the multipart parser, or
 * the raw body's reader).
 */
final class UploadTimeoutException extends IOException {

  /** The request attribute set when the deadline passed, whatever the reader made of the error. */
  static final String ATTRIBUTE = "io.tscam.server.web.UploadTimeoutException";

  UploadTimeoutException(Duration timeout) {
    super("the request body did not arrive within " + timeout.toSeconds() + " s");
  }
}
