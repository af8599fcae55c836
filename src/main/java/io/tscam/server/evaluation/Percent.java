package io.tscam.server.evaluation;

/** Shares reported in percent of the images, as the papers report them. */
final class Percent {

  private Percent() {}

  static double of(int count, int total) {
    return total == 0 ? 0 : 100.0 * count / total;
  }
}
