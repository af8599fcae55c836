package io.tscam.server.inference;

import ai.djl.util.Progress;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * DJL's download progress as log lines: bytes so far and the total when the server announced one,
 * at most one line per interval (DJL reports every buffer it reads), plus a last line at the end.
 */
final class DownloadProgress implements Progress {

  private final String url;
  private final Consumer<String> sink;
  private final LongSupplier nanoClock;
  private final long intervalNanos;
  private long total = -1;
  private long done;
  private long lastLineAt;
  private boolean started;

  DownloadProgress(String url, Consumer<String> sink, LongSupplier nanoClock, Duration interval) {
    this.url = url;
    this.sink = sink;
    this.nanoClock = nanoClock;
    this.intervalNanos = interval.toNanos();
  }

  @Override
  public void reset(String message, long max, String trailingMessage) {
    total = max;
    done = 0;
    started = false;
  }

  @Override
  public void start(long initialProgress) {
    done = initialProgress;
  }

  @Override
  public void increment(long increment) {
    if (increment <= 0) {
      return;
    }
    done += increment;
    long now = nanoClock.getAsLong();
    if (!started || now - lastLineAt >= intervalNanos) {
      started = true;
      lastLineAt = now;
      sink.accept(line("downloading"));
    }
  }

  @Override
  public void update(long progress, String message) {
    done = progress;
  }

  @Override
  public void end() {
    if (started) {
      started = false;
      sink.accept(line("downloaded"));
    }
  }

  private String line(String verb) {
    String of = total > 0 ? " of " + total : "";
    return "%s %s: %d%s bytes".formatted(verb, url, done, of);
  }
}
