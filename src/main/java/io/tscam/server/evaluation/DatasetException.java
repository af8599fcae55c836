package io.tscam.server.evaluation;

import java.nio.file.Path;

/** The dataset cannot be evaluated; the message names the file (and line) at fault. */
class DatasetException extends RuntimeException {

  public DatasetException(SourceLine source, String problem) {
    super(source + ": " + problem);
  }

  public DatasetException(Path file, String problem) {
    super(file + ": " + problem);
  }

  public DatasetException(SourceLine source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
  }
}
