package io.tscam.server.console;

import java.io.PrintStream;

/** One line redrawn in place with a carriage return: a bar, images/s and ETA. */
final class TerminalProgressBar implements Progress {

  private static final int WIDTH = 30;

  /** Redrawing every image would spend a terminal's time on a 10k-image run; ~10 per second do. */
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final ProgressMeter meter;
  private long lastDraw = Long.MIN_VALUE;

  TerminalProgressBar(PrintStream out, ProgressMeter meter) {
    this.out = out;
    this.meter = meter;
  }

  @Override
  public void advance(int done) {
    long now = meter.now();
    if (done == meter.total() || lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS) {
      lastDraw = now;
      draw(done);
    }
  }

  @Override
  public void finish() {
    out.println();
    out.flush();
  }

  private void draw(int done) {
    int filled = (int) Math.round(WIDTH * meter.fraction(done));
    String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
    // Trailing blanks wipe what a longer previous line left behind.
    out.print("\r[" + bar + "] " + meter.describe(done) + "   ");
    out.flush();
  }
}
