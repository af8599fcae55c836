package io.tscam.server.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tscam.server.cam.ImageSize;
import io.tscam.server.imaging.DecodedImage;
import io.tscam.server.imaging.ImageDecoder;
import io.tscam.server.imaging.Preprocessor;
import io.tscam.server.imaging.ReducedRead;
import io.tscam.server.inference.AttentionReadout;
import io.tscam.server.inference.BatchingSettings;
import io.tscam.server.inference.ImageOutputs;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.inference.ModelGeometry;
import io.tscam.server.inference.ModelPackage;
import io.tscam.server.inference.OnnxModel;
import io.tscam.server.inference.SessionSettings;
import io.tscam.server.localization.DecodedImageLocalizer;
import io.tscam.server.localization.Localization;
import io.tscam.server.localization.LocalizationQuery;
import io.tscam.server.localization.Localizer;
import io.tscam.server.localization.LocalizerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * The service's pipeline, built by the same factory as the app's ({@link Localizer#forModel}), so
 * that a benchmark's setup gets real model outputs for a real image; the benchmarks then time one
 * stage.
 */
public final class BenchPipeline implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofMinutes(1);
  private static final int OVERLAY_MAX_SIDE = 1024;

  private final OnnxModel model;
  private final InferenceQueue queue;
  private final ImageDecoder decoder = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS);
  private final Preprocessor preprocessor;
  private final Localizer localizer;
  private final DecodedImageLocalizer decodedImages;

  private BenchPipeline(OnnxModel model) {
    this.model = model;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    this.queue = new InferenceQueue(model, new BatchingSettings(1, Duration.ZERO, 4), registry);
    this.preprocessor = Localizer.preprocessorFor(model.descriptor());
    this.localizer =
        Localizer.forModel(
            model.descriptor(),
            model.geometry(),
            queue,
            new LocalizerSettings(
                ImageDecoder.DEFAULT_MAX_PIXELS,
                TIMEOUT,
                OVERLAY_MAX_SIDE,
                Runtime.getRuntime().availableProcessors()),
            registry);
    this.decodedImages = new DecodedImageLocalizer(model.geometry(), model.descriptor());
  }

  public static BenchPipeline open(Path modelDir) {
    return new BenchPipeline(
        OnnxModel.load(ModelPackage.open(modelDir), new SessionSettings(false, 0, 0)));
  }

  public ModelGeometry geometry() {
    return model.geometry();
  }

  public ModelDescriptor descriptor() {
    return model.descriptor();
  }

  /** The whole pipeline on an image file, as POST /localize runs it. */
  public Localization localize(Path image, LocalizationQuery query) {
    try (InferenceQueue.Arrival arrival = localizer.admit()) {
      return localizer.localize(arrival, read(image), query);
    }
  }

  /** An already decoded image through preprocessing, the model and the box code. */
  public Localization localize(DecodedImage image, LocalizationQuery query) {
    float[] input = modelInput(image);
    return decodedImages.localize(
        new ImageSize(image.width(), image.height()),
        input,
        query,
        readout -> modelOutputs(input, readout));
  }

  /** The model input tensor of a decoded image, preprocessed as the service does. */
  public float[] modelInput(DecodedImage image) {
    float[] input = new float[preprocessor.tensorLength()];
    preprocessor.write(image.image(), input, 0);
    return input;
  }

  /** The raw model outputs of one preprocessed input. */
  public ImageOutputs modelOutputs(float[] input, AttentionReadout readout) {
    try (InferenceQueue.Arrival arrival = queue.expectArrival()) {
      return arrival.submit(input, readout).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the model", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the model failed", e.getCause());
    }
  }

  public DecodedImage decode(Path image) {
    return decoder.decode(read(image), ReducedRead.NONE);
  }

  public static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    queue.close();
    model.close();
  }
}
