package io.tscam.server.inference;

/**
 * The batching queue is closing (the application is shutting down): a request or image it had not
 * yet taken into a batch is refused (HTTP 503 {@code shutting-down}; a command stops and says it
 * was interrupted). Requests already in a batch still get their answers.
 */
public class ShuttingDownException extends QueueRefusalException {

  public ShuttingDownException() {
    super("the service is shutting down; retry on another instance");
  }
}
