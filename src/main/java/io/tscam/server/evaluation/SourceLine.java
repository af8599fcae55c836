package io.tscam.server.evaluation;

import java.nio.file.Path;

/** Where a value came from: a dataset file and a 1-based line number, shown as "file:line". */
record SourceLine(Path file, int number) {

  @Override
  public String toString() {
    return file + ":" + number;
  }
}
