package io.tscam.server.localization;

/** The model is still loading or warming up (HTTP 503 with Retry-After). */
public class ServiceNotReadyException extends RuntimeException {

  public ServiceNotReadyException() {
    super("the model is still loading or warming up; retry shortly");
  }
}
