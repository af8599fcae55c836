package io.tscam.server.console;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Throughput and time left of a run over a known number of images. */
public final class ProgressMeter {

  private final int total;
  private final LongSupplier nanoTime;
  private final long start;

  public ProgressMeter(int total, LongSupplier nanoTime) {
    this.total = total;
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
  }

  /** The meter's clock, in nanoseconds. */
  long now() {
    return nanoTime.getAsLong();
  }

  int total() {
    return total;
  }

  double fraction(int done) {
    return total == 0 ? 1 : (double) done / total;
  }

  public double imagesPerSecond(int done) {
    double seconds = elapsedSeconds();
    return seconds > 0 ? done / seconds : 0;
  }

  public double elapsedSeconds() {
    return (now() - start) / 1e9;
  }

  /** "37/120 images (30%), 24.7 images/s, ETA 3s". */
  String describe(int done) {
    return String.format(
        "%d/%d images (%d%%), %.1f images/s, ETA %s",
        done, total, Math.round(100 * fraction(done)), imagesPerSecond(done), eta(done));
  }

  /** The time left at the rate so far, e.g. "2m05s"; "?" before the first image. */
  String eta(int done) {
    double rate = imagesPerSecond(done);
    if (done == 0 || rate <= 0) {
      return "?";
    }
    Duration left = Duration.ofSeconds(Math.round((total - done) / rate));
    return left.toHours() > 0
        ? String.format("%dh%02dm", left.toHours(), left.toMinutesPart())
        : left.toMinutes() > 0
            ? String.format("%dm%02ds", left.toMinutes(), left.toSecondsPart())
            : left.toSeconds() + "s";
  }
}
