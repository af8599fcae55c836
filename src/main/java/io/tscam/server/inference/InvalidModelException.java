package io.tscam.server.inference;

/**
 * The model package cannot be served: a missing or unreadable file, a bad key in model.json, or an
 * ONNX graph that does not fit the contract. The message names the offending key or output.
 */
public class InvalidModelException extends RuntimeException {

  public InvalidModelException(String message) {
    super(message);
  }

  InvalidModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
