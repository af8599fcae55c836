package io.tscam.server.labelling;

import io.tscam.server.console.Progress;
import io.tscam.server.console.Workers;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Drives a shard's remaining images through the labeller and into the journal, in input order. A
 * fixed number of workers each carry one image at a time, so that many images wait in the batching
 * queue together (the model runs them as batches); a finished image waits only for the ones before
 * it, within a window of that many images, so memory holds a window of annotations, never the
 * dataset. Once told to stop (a signal: Kubernetes deletes the pod), it journals no further image
 * and ends at once, so the pod's grace period is not spent on images a rerun will do anyway.
 */
final class LabelRun {

  private final ImageLabeller labeller;
  private final int imagesInFlight;
  private final BooleanSupplier stopRequested;

  LabelRun(ImageLabeller labeller, int imagesInFlight, BooleanSupplier stopRequested) {
    if (imagesInFlight < 1) {
      throw new IllegalArgumentException("at least one image must be in flight");
    }
    this.labeller = labeller;
    this.imagesInFlight = imagesInFlight;
    this.stopRequested = stopRequested;
  }

  /**
   * Labels the shard's images from the first one the journal lacks to the end.
   *
   * @param paths the shard's images, in order
   * @param progress counts the images labelled by this run (not those resumed)
   * @throws CancellationException when told to stop; the journal holds every image finished before
   */
  void run(Journal journal, Shard shard, List<String> paths, Progress progress) {
    ExecutorService workers = Workers.daemonPool(imagesInFlight, "tscam-label");
    try {
      Deque<Future<LabelledImage>> window = new ArrayDeque<>(imagesInFlight);
      int resumed = journal.resumedImages();
      int next = resumed;
      int done = resumed;
      while (done < paths.size()) {
        if (stopRequested.getAsBoolean()) {
          throw new CancellationException("stopped after " + (done - resumed) + " images");
        }
        while (next < paths.size() && window.size() < imagesInFlight) {
          long position = InputList.position(shard, next);
          String path = paths.get(next++);
          window.add(workers.submit(() -> labeller.label(position, path)));
        }
        journal.append(CocoJson.journalEntry(Workers.resultOf(window.poll())));
        progress.advance(++done - resumed);
      }
    } finally {
      workers.shutdownNow();
      progress.finish();
    }
  }
}
