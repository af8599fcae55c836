package io.tscam.server.inference;

/** A request waited longer than tscam.batching.timeout for its batch (HTTP 503 + Retry-After). */
public class InferenceTimeoutException extends InferenceException {

  public InferenceTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
