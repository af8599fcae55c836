package io.tscam.server.inference;

/**
 * The inference queue took no place for a request: it is full ({@link QueueFullException}) or
 * closing ({@link ShuttingDownException}). Either way the caller may retry, here or elsewhere.
 */
public abstract class QueueRefusalException extends RuntimeException {

  QueueRefusalException(String message) {
    super(message);
  }
}
