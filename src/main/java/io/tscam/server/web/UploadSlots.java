package io.tscam.server.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;

/**
 * Bounds the requests past admission (tscam.upload.max-in-flight): those still receiving their body
 * and those holding places in the inference queue. Its own bound, well above the queue's capacity,
 * so that slow uploads wait without taking a place in the queue, yet cannot take every request
 * thread either. Never waits: a request finds a slot at once or is refused.
 */
final class UploadSlots {

  private final int max;
  private final Semaphore free;

  UploadSlots(int max, MeterRegistry registry) {
    this.max = max;
    this.free = new Semaphore(max);
    Gauge.builder("tscam.uploads.in.flight", this, UploadSlots::inFlight)
        .description("Requests past admission: receiving their body or holding queue places")
        .register(registry);
  }

  /**
   * Takes a slot; run the returned action when the request ends.
   *
   * @throws UploadsBusyException when every slot is taken (503)
   */
  Runnable take() {
    if (!free.tryAcquire()) {
      throw new UploadsBusyException(max);
    }
    return free::release;
  }

  private int inFlight() {
    return max - free.availablePermits();
  }
}
