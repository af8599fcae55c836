package io.tscam.server.localization;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds how many uploads are decoded and preprocessed at once. Decoding is CPU-bound and a decoded
 * photo is large: with a slot per core, 64 concurrent uploads hold a few decoded images instead of
 * 64, and the decodes do not take the cores from the model's session, which then runs full batches
 * sooner. Waiting uploads hold only their bytes.
 */
final class DecodeSlots {

  private final Semaphore permits;
  private final Duration timeout;

  DecodeSlots(int slots, Duration timeout) {
    if (slots < 1) {
      throw new IllegalArgumentException("at least one decode slot is needed, got " + slots);
    }
    this.permits = new Semaphore(slots, true);
    this.timeout = timeout;
  }

  /** Runs {@code work} in a slot, waiting at most the timeout for one (503 after that). */
  <T> T run(Supplier<T> work) {
    acquire();
    try {
      return work.get();
    } finally {
      permits.release();
    }
  }

  private void acquire() {
    try {
      if (!permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new DecodingBusyException("no decoding slot became free within " + timeout, null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DecodingBusyException("interrupted while waiting for a decoding slot", e);
    }
  }
}
