package io.tscam.server.console;

import java.io.PrintStream;

/** A plain line at every tenth of the run, for logs and pipes where \r does not redraw. */
final class ProgressLines implements Progress {

  private static final int STEPS = 10;

  private final PrintStream out;
  private final ProgressMeter meter;
  private final String verb;
  private int reportedSteps;

  ProgressLines(PrintStream out, ProgressMeter meter, String verb) {
    this.out = out;
    this.meter = meter;
    this.verb = verb;
  }

  @Override
  public void advance(int done) {
    int steps = (int) Math.floor(STEPS * meter.fraction(done));
    if (steps > reportedSteps) {
      reportedSteps = steps;
      out.println(verb + " " + meter.describe(done));
      out.flush();
    }
  }

  @Override
  public void finish() {
    out.flush();
  }
}
