package io.tscam.server.localization;

/** A request parameter does not fit the model (HTTP 400); the message names the parameter. */
public class InvalidQueryException extends RuntimeException {

  private final String parameter;

  public InvalidQueryException(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  public String parameter() {
    return parameter;
  }
}
