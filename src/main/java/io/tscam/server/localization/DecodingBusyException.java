package io.tscam.server.localization;

/** No decoding slot became free in time: the server is busy (HTTP 503 with Retry-After). */
public class DecodingBusyException extends RuntimeException {

  DecodingBusyException(String message, Throwable cause) {
    super(message, cause);
  }
}
