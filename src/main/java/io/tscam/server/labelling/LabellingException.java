package io.tscam.server.labelling;

/** The run cannot go on (bad input, a journal or part of another run); the message says why. */
final class LabellingException extends RuntimeException {

  LabellingException(String message) {
    super(message);
  }

  LabellingException(String message, Throwable cause) {
    super(message, cause);
  }
}
