package io.tscam.server.evaluation;

import io.tscam.server.cam.Box;
import io.tscam.server.console.Progress;
import io.tscam.server.console.ProgressMeter;
import io.tscam.server.console.Workers;
import io.tscam.server.imaging.ImageRejectedException;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.localization.Evidence;
import io.tscam.server.localization.Fusion;
import io.tscam.server.localization.ImageAnalysis;
import io.tscam.server.localization.Localizer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;

/**
 * Drives a dataset through the serving pipeline ({@link Localizer#analyze}: the decode,
 * preprocessing, batching queue and box code of /localize) and adds up the scores. A fixed number
 * of workers each carry one image at a time, so that many images wait in the batching queue
 * together (the model runs them as batches) while memory stays bounded. With evidence on, each
 * image also gets the two evidence passes of its ground-truth class's official box.
 */
final class Evaluator {

  private final Localizer localizer;
  private final ImageScorer scorer;
  private final ThresholdSweep sweep;
  private final int imagesInFlight;
  private final boolean evidence;

  Evaluator(
      Localizer localizer,
      ImageScorer scorer,
      ThresholdSweep sweep,
      int imagesInFlight,
      boolean evidence) {
    if (imagesInFlight < 1) {
      throw new IllegalArgumentException("at least one image must be in flight");
    }
    this.localizer = localizer;
    this.scorer = scorer;
    this.sweep = sweep;
    this.imagesInFlight = imagesInFlight;
    this.evidence = evidence;
  }

  /**
   * Scores every image; the first image that cannot be read, decoded or matched with its boxes
   * stops the run with a {@link DatasetException} naming its line. The outcome's evidence is null
   * when evidence is off.
   */
  EvaluationOutcome run(List<DatasetImage> images, ProgressMeter meter, Progress progress) {
    MetricsTally tally = new MetricsTally(sweep);
    EvidenceTally evidenceTally = new EvidenceTally();
    ExecutorService workers = Workers.daemonPool(imagesInFlight, "tscam-evaluate");
    try {
      CompletionService<Scored> scores = new ExecutorCompletionService<>(workers);
      images.forEach(image -> scores.submit(() -> score(image)));
      for (int done = 1; done <= images.size(); done++) {
        Scored scored = result(scores);
        tally.add(scored.score());
        if (evidence) {
          evidenceTally.add(scored.score().gtKnownIou(), scored.evidence());
        }
        progress.advance(done);
      }
    } finally {
      workers.shutdownNow();
      progress.finish();
    }
    double seconds = meter.elapsedSeconds();
    return new EvaluationOutcome(
        tally.metrics(),
        seconds,
        meter.imagesPerSecond(tally.images()),
        evidence ? evidenceTally.separation() : null);
  }

  /** An image's score, and the evidence of its ground-truth class's official box (or null). */
  private record Scored(ImageScore score, Evidence evidence) {}

  private Scored score(DatasetImage image) {
    byte[] encoded;
    try {
      encoded = Files.readAllBytes(image.file());
    } catch (IOException e) {
      throw new DatasetException(image.source(), "cannot read " + image.file() + ": " + e);
    }
    ImageAnalysis analysis;
    try (InferenceQueue.Arrival arrival = localizer.admit()) {
      analysis = localizer.analyze(arrival, encoded, Fusion.TSCAM);
    } catch (ImageRejectedException e) {
      throw new DatasetException(image.source(), image.file() + ": " + e.getMessage(), e);
    }
    return new Scored(scorer.score(analysis, image), evidence ? evidence(analysis, image) : null);
  }

  private Evidence evidence(ImageAnalysis analysis, DatasetImage image) {
    Box box = scorer.officialBox(analysis, image.classIndex());
    return localizer.evidence(analysis, image.classIndex(), box);
  }

  private static Scored result(CompletionService<Scored> scores) {
    try {
      return Workers.resultOf(scores.take());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while evaluating", e);
    }
  }
}
