package io.tscam.server.evaluation;

import java.io.PrintStream;

/** Tells the user how far the evaluation has come. Called from one thread. */
interface Progress {

  /** {@code done} images of the total are scored. */
  void advance(int done);

  /** All images are scored. */
  void finish();

  /** A redrawn bar on a terminal; plain lines every 10% when the output is a file or a pipe. */
  static Progress on(PrintStream out, boolean terminal, ProgressMeter meter) {
    return terminal ? new TerminalProgressBar(out, meter) : new ProgressLines(out, meter);
  }
}
