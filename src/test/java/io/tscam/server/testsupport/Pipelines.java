package io.tscam.server.testsupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tscam.server.imaging.ImageDecoder;
import io.tscam.server.imaging.ImageSize;
import io.tscam.server.imaging.Preprocessor;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.OnnxModel;
import io.tscam.server.localization.Localizer;
import java.time.Duration;

/** The localization pipeline of a loaded model, built by hand as the app's configuration does. */
public final class Pipelines {

  private Pipelines() {}

  public static Localizer localizer(OnnxModel model, InferenceQueue queue) {
    var descriptor = model.descriptor();
    Preprocessor preprocessor =
        new Preprocessor(
            new ImageSize(descriptor.inputWidth(), descriptor.inputHeight()),
            descriptor.mean().stream().mapToDouble(Float::doubleValue).toArray(),
            descriptor.std().stream().mapToDouble(Float::doubleValue).toArray());
    return new Localizer(
        new ImageDecoder(),
        preprocessor,
        queue,
        descriptor,
        model.geometry(),
        Duration.ofSeconds(30),
        1024,
        2,
        new SimpleMeterRegistry());
  }
}
