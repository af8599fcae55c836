package io.tscam.server.evaluation;

/** The command line of {@code evaluate} is wrong; the message says how. */
class UsageException extends RuntimeException {

  UsageException(String message) {
    super(message);
  }
}
