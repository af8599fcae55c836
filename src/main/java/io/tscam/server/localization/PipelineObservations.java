package io.tscam.server.localization;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.function.Supplier;

/**
 * The spans of the pipeline's steps on the request's own thread (admission, decode,
 * post-processing), each a child of the observation current there, i.e. the request's span. The
 * queue wait and the inference are the queue's (inference.QueueObservations). Named {@code
 * tscam.span.*}, a prefix the configuration keeps off the meter registry: the pipeline's timers
 * already measure these steps.
 */
final class PipelineObservations {

  private static final String PREFIX = "tscam.span.";

  private final ObservationRegistry registry;

  PipelineObservations(ObservationRegistry registry) {
    this.registry = registry;
  }

  /** Runs one step in its span; a failure is recorded on the span and rethrown. */
  <T> T observe(String step, Supplier<T> work) {
    return Observation.createNotStarted(PREFIX + step, registry).contextualName(step).observe(work);
  }
}
