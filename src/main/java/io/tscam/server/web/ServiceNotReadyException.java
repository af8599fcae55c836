package io.tscam.server.web;

/** The model is still loading or warming up (HTTP 503 with Retry-After). */
class ServiceNotReadyException extends RuntimeException {

  ServiceNotReadyException() {
    super("the model is still loading or warming up; retry shortly");
  }
}
