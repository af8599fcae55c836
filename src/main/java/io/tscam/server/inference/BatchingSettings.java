package io.tscam.server.inference;

import java.time.Duration;

/**
 * Dynamic batching: a batch closes at {@code maxSize} requests or {@code maxDelay} after its first
 * request arrived, whichever comes first, and at once when no other request is on its way; at most
 * {@code queueCapacity} requests wait.
 */
public record BatchingSettings(int maxSize, Duration maxDelay, int queueCapacity) {}
