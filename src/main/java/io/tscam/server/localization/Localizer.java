package io.tscam.server.localization;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tscam.server.cam.AttentionCoupling;
import io.tscam.server.cam.PixelSize;
import io.tscam.server.imaging.DecodedImage;
import io.tscam.server.imaging.ImageDecoder;
import io.tscam.server.imaging.Preprocessor;
import io.tscam.server.imaging.ReducedRead;
import io.tscam.server.inference.ImageOutputs;
import io.tscam.server.inference.InferenceException;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.InferenceTimeoutException;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.inference.ModelGeometry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one localization pipeline, shared by the HTTP API and the evaluation command: decode,
 * preprocess, batched inference, then TS-CAM maps and boxes for the classes asked for.
 */
public final class Localizer {

  private final ImageDecoder decoder;
  private final Preprocessor preprocessor;
  private final InferenceQueue queue;
  private final Postprocessor postprocessor;
  private final ModelGeometry geometry;
  private final double defaultThreshold;
  private final Duration timeout;
  private final ReducedRead overlayRead;
  private final ReducedRead modelRead;
  private final DecodeSlots decodeSlots;
  private final Timer preprocessTimer;
  private final Timer postprocessTimer;

  public Localizer(
      ImageDecoder decoder,
      Preprocessor preprocessor,
      InferenceQueue queue,
      ModelDescriptor descriptor,
      ModelGeometry geometry,
      Duration timeout,
      int overlayMaxSide,
      int decodeConcurrency,
      MeterRegistry registry) {
    this.decoder = decoder;
    this.preprocessor = preprocessor;
    this.queue = queue;
    this.geometry = geometry;
    this.postprocessor =
        new Postprocessor(
            geometry,
            descriptor.labels(),
            AttentionCoupling.valueOf(descriptor.couplingName().toUpperCase(Locale.ROOT)));
    this.defaultThreshold = descriptor.camThreshold();
    this.timeout = timeout;
    this.overlayRead = ReducedRead.forOverlay(preprocessor.inputSize(), overlayMaxSide);
    this.modelRead = ReducedRead.forModel(preprocessor.inputSize());
    this.decodeSlots = new DecodeSlots(decodeConcurrency, timeout);
    this.preprocessTimer = timer(registry, "tscam.preprocess", "Decode and preprocess one image");
    this.postprocessTimer =
        timer(registry, "tscam.postprocess", "TS-CAM maps and boxes of one image");
  }

  private static Timer timer(MeterRegistry registry, String name, String description) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .register(registry);
  }

  /**
   * Localizes an encoded image (any supported format) for an answer that does not show the image:
   * only the image's size is kept once it is preprocessed, not its pixels.
   */
  public Localization localize(byte[] encoded, LocalizationQuery query) {
    ResolvedQuery resolved = resolve(query, query.includeMaps());
    Submitted submitted = submit(encoded, modelRead, resolved.fusion());
    return finish(submitted.outputs(), submitted.sourceSize(), resolved);
  }

  /**
   * Localizes an encoded image to be drawn on: decoded at overlay resolution, kept with its result,
   * and with the maps of the localized classes.
   */
  public LocalizedImage localizeForOverlay(byte[] encoded, LocalizationQuery query) {
    ResolvedQuery resolved = resolve(query, true);
    try (InferenceQueue.Arrival arrival = queue.expectArrival()) {
      PreparedImage prepared = prepare(encoded, overlayRead);
      CompletableFuture<ImageOutputs> outputs =
          arrival.submit(prepared.input(), Postprocessor.readoutFor(resolved.fusion()));
      return new LocalizedImage(prepared.image(), finish(outputs, prepared.sourceSize(), resolved));
    }
  }

  /** Localizes an already preprocessed input (CHW floats) of an image of the given size. */
  public Localization localizeInput(float[] input, int width, int height, LocalizationQuery query) {
    ResolvedQuery resolved = resolve(query, query.includeMaps());
    CompletableFuture<ImageOutputs> outputs =
        queue.submit(input, Postprocessor.readoutFor(resolved.fusion()));
    return finish(outputs, new PixelSize(width, height), resolved);
  }

  /**
   * Runs an encoded image through the same decode, preprocessing and batched inference as {@link
   * #localize} and returns its analysis, from which callers ask for any class's map or box (the
   * evaluation command sweeps thresholds over it). Blocks until the model has answered.
   */
  public ImageAnalysis analyze(byte[] encoded, Fusion fusion) {
    Submitted submitted = submit(encoded, modelRead, fusion);
    return postprocessor.analyze(await(submitted.outputs()), fusion, submitted.sourceSize());
  }

  private ResolvedQuery resolve(LocalizationQuery query, boolean keepMaps) {
    return ResolvedQuery.resolve(query, geometry.numClasses(), defaultThreshold, keepMaps);
  }

  /** A decoded image and its model input. */
  private record PreparedImage(DecodedImage image, float[] input) {

    PixelSize sourceSize() {
      return new PixelSize(image.width(), image.height());
    }
  }

  /** A queued image: the size its boxes refer to and the model's answer to come. */
  private record Submitted(PixelSize sourceSize, CompletableFuture<ImageOutputs> outputs) {}

  private Submitted submit(byte[] encoded, ReducedRead reduction, Fusion fusion) {
    try (InferenceQueue.Arrival arrival = queue.expectArrival()) {
      PreparedImage prepared = prepare(encoded, reduction);
      return new Submitted(
          prepared.sourceSize(),
          arrival.submit(prepared.input(), Postprocessor.readoutFor(fusion)));
    }
  }

  /** Decodes and preprocesses in a decode slot; the caller has announced the arrival already. */
  private PreparedImage prepare(byte[] encoded, ReducedRead reduction) {
    return decodeSlots.run(
        () -> {
          long start = System.nanoTime();
          DecodedImage image = decoder.decode(encoded, reduction);
          float[] input = new float[geometry.inputLength()];
          preprocessor.write(image.image(), input, 0);
          preprocessTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          return new PreparedImage(image, input);
        });
  }

  private Localization finish(
      CompletableFuture<ImageOutputs> pending, PixelSize sourceSize, ResolvedQuery query) {
    ImageOutputs outputs = await(pending);
    long start = System.nanoTime();
    ImageAnalysis analysis = postprocessor.analyze(outputs, query.fusion(), sourceSize);
    Localization result = postprocessor.localize(analysis, query);
    postprocessTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    return result;
  }

  private ImageOutputs await(CompletableFuture<ImageOutputs> pending) {
    try {
      return pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InferenceException("interrupted while waiting for the model", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new InferenceException("the model failed", e.getCause());
    } catch (TimeoutException e) {
      pending.cancel(false);
      throw new InferenceTimeoutException("the model did not answer within " + timeout, e);
    }
  }
}
