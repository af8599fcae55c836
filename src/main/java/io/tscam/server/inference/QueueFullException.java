package io.tscam.server.inference;

/** The batching queue is at capacity: the caller should retry shortly (HTTP 503 + Retry-After). */
public class QueueFullException extends QueueRefusalException {

  QueueFullException(int capacity) {
    super("the inference queue is full (" + capacity + " requests waiting); retry shortly");
  }
}
