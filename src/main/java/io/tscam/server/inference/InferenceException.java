package io.tscam.server.inference;

/** The session failed to run a batch: a server-side fault, never the client's input. */
public class InferenceException extends RuntimeException {

  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
