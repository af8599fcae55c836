package io.tscam.server.inference;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * The spans of an image's time in the batching queue: its wait for a batch, then its batch's
 * session run (with the batch's size), both children of the observation the image was submitted
 * under, i.e. its request's span. The wait starts on the submitting thread and ends on the worker,
 * so neither is opened as a scope; the worker names the parent explicitly.
 *
 * <p>Observations, not timers: the queue's own meters ({@link InferenceMetrics}) stay as they are,
 * and the observations' names ({@value #PREFIX}*) are kept off the meter registry by configuration.
 */
final class QueueObservations {

  static final String PREFIX = "tscam.span.";

  private final ObservationRegistry registry;

  QueueObservations(ObservationRegistry registry) {
    this.registry = registry;
  }

  /** An image's wait for a batch, and the observation it was queued under (null: none). */
  record Waiting(Observation span, Observation request) {}

  /** Starts an image's wait, on the thread that queues it. */
  Waiting waiting() {
    Observation request = registry.getCurrentObservation();
    Observation span =
        Observation.createNotStarted(PREFIX + "queue", registry)
            .contextualName("queue wait")
            .parentObservation(request)
            .start();
    return new Waiting(span, request);
  }

  /** Ends an image's wait as its batch starts, and starts the batch's run for it. */
  Observation running(Waiting waiting, int batchSize) {
    waiting.span().stop();
    return Observation.createNotStarted(PREFIX + "inference", registry)
        .contextualName("inference")
        .parentObservation(waiting.request())
        .highCardinalityKeyValue("tscam.batch.size", Integer.toString(batchSize))
        .start();
  }
}
