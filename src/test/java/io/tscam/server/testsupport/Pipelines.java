package io.tscam.server.testsupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tscam.server.imaging.ImageDecoder;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.OnnxModel;
import io.tscam.server.localization.Localization;
import io.tscam.server.localization.LocalizationQuery;
import io.tscam.server.localization.Localizer;
import io.tscam.server.localization.LocalizerSettings;
import java.time.Duration;

/** The localization pipeline of a loaded model, built by the app's own factory. */
public final class Pipelines {

  private Pipelines() {}

  public static Localizer localizer(OnnxModel model, InferenceQueue queue) {
    return Localizer.forModel(
        model.descriptor(),
        model.geometry(),
        queue,
        new LocalizerSettings(ImageDecoder.DEFAULT_MAX_PIXELS, Duration.ofSeconds(30), 1024, 2),
        new SimpleMeterRegistry());
  }

  /** One image through the pipeline as a request takes it: admitted first, then localized. */
  public static Localization localize(Localizer localizer, byte[] image, LocalizationQuery query) {
    try (InferenceQueue.Arrival arrival = localizer.admit()) {
      return localizer.localize(arrival, image, query);
    }
  }
}
