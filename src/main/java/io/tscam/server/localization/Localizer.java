package io.tscam.server.localization;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tscam.server.cam.PixelSize;
import io.tscam.server.imaging.DecodedImage;
import io.tscam.server.imaging.ImageDecoder;
import io.tscam.server.imaging.ImageSize;
import io.tscam.server.imaging.Preprocessor;
import io.tscam.server.inference.ImageOutputs;
import io.tscam.server.inference.InferenceException;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.InferenceTimeoutException;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.inference.ModelGeometry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one localization pipeline, shared by the HTTP API and the evaluation command: decode,
 * preprocess, batched inference, then TS-CAM maps and boxes for the classes asked for.
 */
public final class Localizer {

  private static final int MIN_EXACT_DECODE_SIDE = 512;

  private final ImageDecoder decoder;
  private final Preprocessor preprocessor;
  private final InferenceQueue queue;
  private final Postprocessor postprocessor;
  private final ModelGeometry geometry;
  private final double defaultThreshold;
  private final Duration timeout;
  private final ImageSize overlaySize;
  private final ImageSize modelDecodeSize;
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
      MeterRegistry registry) {
    this.decoder = decoder;
    this.preprocessor = preprocessor;
    this.queue = queue;
    this.geometry = geometry;
    this.postprocessor = new Postprocessor(geometry, descriptor.labels());
    this.defaultThreshold = descriptor.camThreshold();
    this.timeout = timeout;
    this.overlaySize = new ImageSize(overlayMaxSide, overlayMaxSide);
    this.modelDecodeSize = modelDecodeSize(preprocessor.inputSize());
    this.preprocessTimer = timer(registry, "tscam.preprocess", "Decode and preprocess one image");
    this.postprocessTimer =
        timer(registry, "tscam.postprocess", "TS-CAM maps and boxes of one image");
  }

  /**
   * The decoder reads a photo at a reduced scale only when it is several times this size: small
   * model inputs (the demo model takes 56 px) must not push ordinary images such as CUB's ~500x375
   * off the exact, PIL-identical path; only large photos take the fast one.
   */
  private static ImageSize modelDecodeSize(ImageSize input) {
    return new ImageSize(
        Math.max(input.width(), MIN_EXACT_DECODE_SIDE),
        Math.max(input.height(), MIN_EXACT_DECODE_SIDE));
  }

  private static Timer timer(MeterRegistry registry, String name, String description) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .register(registry);
  }

  /** Localizes an encoded image (any supported format). */
  public LocalizedImage localize(byte[] encoded, LocalizationQuery query) {
    ResolvedQuery resolved = ResolvedQuery.resolve(query, geometry.numClasses(), defaultThreshold);
    PreparedImage prepared = prepare(encoded, query.overlay() ? overlaySize : modelDecodeSize);
    DecodedImage image = prepared.image();
    return new LocalizedImage(
        image, run(prepared.input(), image.width(), image.height(), resolved));
  }

  /** Localizes an already preprocessed input (CHW floats) of an image of the given size. */
  public Localization localizeInput(float[] input, int width, int height, LocalizationQuery query) {
    return run(
        input,
        width,
        height,
        ResolvedQuery.resolve(query, geometry.numClasses(), defaultThreshold));
  }

  /**
   * Runs an encoded image through the same decode, preprocessing and batched inference as {@link
   * #localize} and returns its analysis, from which callers ask for any class's map or box (the
   * evaluation command sweeps thresholds over it). Blocks until the model has answered.
   */
  public ImageAnalysis analyze(byte[] encoded, Fusion fusion) {
    PreparedImage prepared = prepare(encoded, modelDecodeSize);
    ImageOutputs outputs = await(queue.submit(prepared.input(), Postprocessor.readoutFor(fusion)));
    DecodedImage image = prepared.image();
    return postprocessor.analyze(outputs, fusion, new PixelSize(image.width(), image.height()));
  }

  /** A decoded image and its model input. */
  private record PreparedImage(DecodedImage image, float[] input) {}

  private PreparedImage prepare(byte[] encoded, ImageSize decodeSize) {
    // Refuse before decoding: a full queue must not cost a decode per rejected request.
    queue.ensureRoom();
    long start = System.nanoTime();
    DecodedImage image = decoder.decode(encoded, decodeSize);
    float[] input = new float[geometry.inputLength()];
    preprocessor.write(image.image(), input, 0);
    preprocessTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    return new PreparedImage(image, input);
  }

  private Localization run(float[] input, int width, int height, ResolvedQuery query) {
    ImageOutputs outputs = await(queue.submit(input, Postprocessor.readoutFor(query.fusion())));
    long start = System.nanoTime();
    ImageAnalysis analysis =
        postprocessor.analyze(outputs, query.fusion(), new PixelSize(width, height));
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
