package io.tscam.server.localization;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import io.tscam.server.cam.Box;
import io.tscam.server.cam.ImageSize;
import io.tscam.server.imaging.DecodedImage;
import io.tscam.server.imaging.ImageDecoder;
import io.tscam.server.imaging.Preprocessor;
import io.tscam.server.imaging.ReducedRead;
import io.tscam.server.inference.AttentionReadout;
import io.tscam.server.inference.ImageOutputs;
import io.tscam.server.inference.InferenceException;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.InferenceTimeoutException;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.inference.ModelGeometry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The one localization pipeline, shared by the HTTP API, the warm-up, the evaluation command, the
 * tests and the benchmarks: decode, preprocess, batched inference, then TS-CAM maps and boxes for
 * the classes asked for. Every image takes the same path; what differs is only what a caller keeps
 * of it (the decoded pixels for an overlay, or just the image's size).
 *
 * <p>Admission comes first, in one step: {@link #admit()} takes the image's place in the inference
 * queue, or refuses at once. The HTTP API looks before reading an upload's body (refusing at once
 * when the queue is full) and admits it once the body is in, so a slow client holds no place; the
 * other callers admit right before they hand an image in.
 */
public final class Localizer {

  private final ImageDecoder decoder;
  private final Preprocessor preprocessor;
  private final InferenceQueue queue;
  private final Postprocessor postprocessor;
  private final ModelGeometry geometry;
  private final double defaultThreshold;
  private final LocalizerSettings settings;
  private final ReducedRead overlayRead;
  private final ReducedRead modelRead;
  private final DecodeSlots decodeSlots;
  private final Timer preprocessTimer;
  private final Timer postprocessTimer;
  private final Timer evidenceTimer;
  private final BoxMask mask;
  private final PipelineObservations observations;

  private Localizer(
      ImageDecoder decoder,
      Preprocessor preprocessor,
      InferenceQueue queue,
      ModelDescriptor descriptor,
      ModelGeometry geometry,
      LocalizerSettings settings,
      MeterRegistry registry,
      ObservationRegistry observations) {
    this.decoder = decoder;
    this.preprocessor = preprocessor;
    this.queue = queue;
    this.geometry = geometry;
    this.postprocessor = new Postprocessor(geometry, descriptor);
    this.defaultThreshold = descriptor.camThreshold();
    this.settings = settings;
    this.overlayRead = ReducedRead.forOverlay(preprocessor.inputSize(), settings.overlayMaxSide());
    this.modelRead = ReducedRead.forModel(preprocessor.inputSize());
    this.decodeSlots = new DecodeSlots(settings.decodeSlots(), settings.timeout());
    this.preprocessTimer = timer(registry, "tscam.preprocess", "Decode and preprocess one image");
    this.postprocessTimer =
        timer(registry, "tscam.postprocess", "TS-CAM maps and boxes of one image");
    this.evidenceTimer =
        timer(
            registry,
            "tscam.evidence",
            "The extra passes of evidence=true for one image: each class's box kept and removed");
    this.mask = new BoxMask(preprocessor.inputSize());
    this.observations = new PipelineObservations(observations);
  }

  /**
   * The pipeline for a model: a decoder within the settings' pixel limit and the preprocessing of
   * the model's input size, mean and std, in front of the model's inference queue. The app, the
   * tests and the benchmarks all build it here.
   */
  public static Localizer forModel(
      ModelDescriptor descriptor,
      ModelGeometry geometry,
      InferenceQueue queue,
      LocalizerSettings settings,
      MeterRegistry registry) {
    return forModel(descriptor, geometry, queue, settings, registry, ObservationRegistry.NOOP);
  }

  /**
   * The pipeline as {@link #forModel(ModelDescriptor, ModelGeometry, InferenceQueue,
   * LocalizerSettings, MeterRegistry)} builds it, with a span for each step of an image (admission,
   * decode, post-processing) in {@code observations}; the queue has its own for the wait and the
   * inference.
   */
  public static Localizer forModel(
      ModelDescriptor descriptor,
      ModelGeometry geometry,
      InferenceQueue queue,
      LocalizerSettings settings,
      MeterRegistry registry,
      ObservationRegistry observations) {
    return new Localizer(
        new ImageDecoder(settings.maxPixels()),
        preprocessorFor(descriptor),
        queue,
        descriptor,
        geometry,
        settings,
        registry,
        observations);
  }

  /** What decodes JPEG uploads: libjpeg-turbo, or ImageIO where the system lacks the library. */
  public String jpegDecoder() {
    return decoder.jpegDecoder();
  }

  /** Pillow's resize to the model's input size, then its mean/std normalisation. */
  public static Preprocessor preprocessorFor(ModelDescriptor descriptor) {
    return new Preprocessor(
        new ImageSize(descriptor.inputWidth(), descriptor.inputHeight()),
        toDoubles(descriptor.mean()),
        toDoubles(descriptor.std()));
  }

  private static double[] toDoubles(List<Float> values) {
    return values.stream().mapToDouble(Float::doubleValue).toArray();
  }

  private static Timer timer(MeterRegistry registry, String name, String description) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .register(registry);
  }

  /**
   * A look at the queue before an upload is read: refuses now when {@link #admit()} would, but
   * takes no place (and records no admission), so a slow upload holds none.
   */
  public void checkRoom() {
    queue.checkRoom();
  }

  /**
   * Takes a place in the inference queue for one image, before it is read or decoded; close it
   * whatever happens (the localize methods queue the image on it).
   *
   * @throws io.tscam.server.inference.QueueFullException when the queue has no room (HTTP 503)
   */
  public InferenceQueue.Arrival admit() {
    return observations.observe("admission", queue::expectArrival);
  }

  /**
   * Localizes an encoded image (any supported format) for an answer that does not show the image:
   * only the image's size is kept once it is preprocessed, not its pixels.
   */
  public Localization localize(
      InferenceQueue.Arrival arrival, byte[] encoded, LocalizationQuery query) {
    ResolvedQuery resolved = resolve(query);
    return finish(submit(arrival, encoded, modelRead, false, resolved), resolved);
  }

  /**
   * Localizes several encoded images with one query, each on its own place in the queue, exactly as
   * {@link #localize} does one: all are decoded and queued first, so the batcher can run them
   * together, then each is finished. An image that fails has its failure as its outcome; an invalid
   * query fails them all.
   */
  public List<ImageOutcome> localizeEach(
      List<InferenceQueue.Arrival> arrivals, List<byte[]> encoded, LocalizationQuery query) {
    if (arrivals.size() != encoded.size()) {
      throw new IllegalArgumentException(
          arrivals.size() + " places in the queue for " + encoded.size() + " images");
    }
    ResolvedQuery resolved = resolve(query);
    List<Supplier<ImageOutcome>> queued = new ArrayList<>(encoded.size());
    for (int i = 0; i < encoded.size(); i++) {
      try {
        Pending pending = submit(arrivals.get(i), encoded.get(i), modelRead, false, resolved);
        queued.add(() -> finished(pending, resolved));
      } catch (RuntimeException failure) {
        queued.add(() -> ImageOutcome.failed(failure));
      }
    }
    return queued.stream().map(Supplier::get).toList();
  }

  private ImageOutcome finished(Pending pending, ResolvedQuery query) {
    try {
      return ImageOutcome.of(finish(pending, query));
    } catch (RuntimeException failure) {
      return ImageOutcome.failed(failure);
    }
  }

  /**
   * Localizes an encoded image to be drawn on: decoded at overlay resolution and kept with its
   * result, which holds the first class of the query only, with its map (all an overlay draws).
   */
  public LocalizedImage localizeForOverlay(
      InferenceQueue.Arrival arrival, byte[] encoded, LocalizationQuery query) {
    ResolvedQuery resolved = resolve(query).drawn();
    Pending pending = submit(arrival, encoded, overlayRead, true, resolved);
    return new LocalizedImage(pending.kept(), finish(pending, resolved));
  }

  /**
   * Runs an encoded image through the same decode, preprocessing and batched inference as {@link
   * #localize} and returns its analysis, from which callers ask for any class's map or box (the
   * evaluation command sweeps thresholds over it). The analysis keeps the model input, for {@link
   * #evidence}. Blocks until the model has answered.
   */
  public ImageAnalysis analyze(InferenceQueue.Arrival arrival, byte[] encoded, Fusion fusion) {
    PreparedImage prepared = decodeSlots.run(() -> prepare(encoded, modelRead));
    ImageOutputs outputs = await(arrival.submit(prepared.input(), fusion.readout()));
    return postprocessor.analyze(outputs, fusion, prepared.image().size(), prepared.input());
  }

  /**
   * Two more forward passes through the same queue for one class of an analysed image: its input
   * with everything outside the box set to 0 (keep), and everything inside (remove). Each pass
   * takes its own place in the queue, and they are timed as tscam.evidence.
   *
   * @param inputBox a box in model-input space, usually the class's official box
   * @throws io.tscam.server.inference.QueueFullException when the queue has no room (HTTP 503)
   */
  public Evidence evidence(ImageAnalysis analysis, int classIndex, Box inputBox) {
    return evidenceFor(analysis, List.of(classIndex), List.of(inputBox)).get(0);
  }

  /** All passes are queued before the first is awaited, so they run in as few batches as fit. */
  private List<Evidence> evidenceFor(
      ImageAnalysis analysis, List<Integer> classes, List<Box> inputBoxes) {
    float[] input = analysis.modelInput();
    if (input == null) {
      throw new IllegalStateException("the analysis did not keep its model input");
    }
    long start = System.nanoTime();
    List<CompletableFuture<ImageOutputs>> passes = new ArrayList<>(2 * classes.size());
    for (Box box : inputBoxes) {
      passes.add(pass(mask.keep(input, box)));
      passes.add(pass(mask.remove(input, box)));
    }
    List<Evidence> found = new ArrayList<>(classes.size());
    for (int i = 0; i < classes.size(); i++) {
      found.add(
          new Evidence(
              probability(passes.get(2 * i), classes.get(i)),
              probability(passes.get(2 * i + 1), classes.get(i))));
    }
    evidenceTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    return found;
  }

  private CompletableFuture<ImageOutputs> pass(float[] input) {
    try (InferenceQueue.Arrival arrival = admit()) {
      return arrival.submit(input, AttentionReadout.CLASS_TOKEN_ROWS);
    }
  }

  private double probability(CompletableFuture<ImageOutputs> pass, int classIndex) {
    return new ClassScores(await(pass).logits()).probability(classIndex);
  }

  /** The localization with each class's evidence, and the passes that took. */
  private Localization withEvidence(ImageAnalysis analysis, Localization result) {
    List<ClassLocalization> classes = result.predictions();
    List<Evidence> found =
        evidenceFor(
            analysis,
            classes.stream().map(ClassLocalization::classIndex).toList(),
            classes.stream().map(ClassLocalization::inputBox).toList());
    List<ClassLocalization> withEvidence = new ArrayList<>(classes.size());
    for (int i = 0; i < classes.size(); i++) {
      withEvidence.add(classes.get(i).withEvidence(found.get(i)));
    }
    return new Localization(
        result.image(),
        result.threshold(),
        result.fusion(),
        withEvidence,
        result.attentionMap(),
        result.passes() + 2 * classes.size());
  }

  private ResolvedQuery resolve(LocalizationQuery query) {
    return ResolvedQuery.resolve(query, geometry.numClasses(), defaultThreshold);
  }

  /** Waits for the model's answer, then maps and boxes for the classes of the query. */
  private Localization finish(Pending pending, ResolvedQuery query) {
    ImageOutputs outputs = await(pending.outputs());
    return observations.observe("postprocess", () -> postprocess(outputs, pending, query));
  }

  private Localization postprocess(ImageOutputs outputs, Pending pending, ResolvedQuery query) {
    long start = System.nanoTime();
    ImageAnalysis analysis =
        postprocessor.analyze(outputs, query.fusion(), pending.sourceSize(), pending.input());
    Localization result = postprocessor.localize(analysis, query);
    postprocessTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    return query.evidence() ? withEvidence(analysis, result) : result;
  }

  /**
   * A queued image: the size its boxes refer to, its pixels when the caller keeps them (null
   * otherwise, so a JSON request holds no decoded image while it waits), its model input when the
   * query asks for evidence passes (null otherwise), and the model's answer to come.
   */
  private record Pending(
      ImageSize sourceSize,
      DecodedImage kept,
      float[] input,
      CompletableFuture<ImageOutputs> outputs) {}

  private Pending submit(
      InferenceQueue.Arrival arrival,
      byte[] encoded,
      ReducedRead reduction,
      boolean keepPixels,
      ResolvedQuery query) {
    PreparedImage prepared = decodeSlots.run(() -> prepare(encoded, reduction));
    DecodedImage image = prepared.image();
    return new Pending(
        image.size(),
        keepPixels ? image : null,
        query.evidence() ? prepared.input() : null,
        arrival.submit(prepared.input(), query.fusion().readout()));
  }

  /** A decoded image and its model input. */
  private record PreparedImage(DecodedImage image, float[] input) {}

  /** Decodes and preprocesses; runs in a decode slot. */
  private PreparedImage prepare(byte[] encoded, ReducedRead reduction) {
    return observations.observe("decode", () -> decodeAndPreprocess(encoded, reduction));
  }

  private PreparedImage decodeAndPreprocess(byte[] encoded, ReducedRead reduction) {
    long start = System.nanoTime();
    DecodedImage image = decoder.decode(encoded, reduction);
    float[] input = new float[geometry.inputLength()];
    preprocessor.write(image.image(), input, 0);
    preprocessTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    return new PreparedImage(image, input);
  }

  private ImageOutputs await(CompletableFuture<ImageOutputs> pending) {
    try {
      return pending.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InferenceException("interrupted while waiting for the model", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new InferenceException("the model failed", e.getCause());
    } catch (TimeoutException e) {
      pending.cancel(false);
      throw new InferenceTimeoutException(
          "the model did not answer within " + settings.timeout(), e);
    }
  }
}
