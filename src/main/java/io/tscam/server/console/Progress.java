package io.tscam.server.console;

import java.io.PrintStream;

/** Tells the user how far a command over many images has come. Called from one thread. */
public interface Progress {

  /** {@code done} images of the total are finished. */
  void advance(int done);

  /** All images are finished, or the run stopped. */
  void finish();

  /**
   * A redrawn bar on a terminal; plain lines every 10% when the output is a file or a pipe, each
   * starting with the verb ("evaluated 37/120 images ...").
   */
  static Progress on(PrintStream out, boolean terminal, ProgressMeter meter, String verb) {
    return terminal ? new TerminalProgressBar(out, meter) : new ProgressLines(out, meter, verb);
  }
}
