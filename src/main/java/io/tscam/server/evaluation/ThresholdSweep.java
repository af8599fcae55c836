package io.tscam.server.evaluation;

/**
 * The cam thresholds MaxBoxAccV2 sweeps: 0.00, 0.01, ..., 0.99 as wsolevaluation does (each value
 * the double nearest to i/100, the same as Python's i / 100).
 */
record ThresholdSweep(int steps) {

  /** wsolevaluation's default, cam_curve_interval 0.01. */
  public static final ThresholdSweep HUNDREDTHS = new ThresholdSweep(100);

  public ThresholdSweep {
    if (steps < 1) {
      throw new IllegalArgumentException("a sweep needs at least one threshold, got " + steps);
    }
  }

  public int size() {
    return steps;
  }

  public double threshold(int index) {
    return (double) index / steps;
  }
}
