package io.tscam.server.evaluation;

import java.util.Locale;

/** Which images of a CUB-layout dataset to evaluate, by train_test_split.txt. */
enum Split {
  TEST,
  TRAIN,
  ALL;

  /** The name used on the command line and in the report. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses test, train or all (any case); null when the text is none of them. */
  static Split parse(String text) {
    for (Split split : values()) {
      if (split.label().equalsIgnoreCase(text)) {
        return split;
      }
    }
    return null;
  }

  boolean includes(boolean trainingImage) {
    return this == ALL || (this == TRAIN) == trainingImage;
  }
}
