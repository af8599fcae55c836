package io.tscam.server.console;

/** A command line is wrong; the message says how. Commands answer it with their usage, exit 2. */
public class UsageException extends RuntimeException {

  public UsageException(String message) {
    super(message);
  }
}
