package io.tscam.server.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The official thresholds of each metric, on hand-made image scores. */
class MetricsTallyTest {

  private static final ThresholdSweep ONE_THRESHOLD = new ThresholdSweep(1);

  private static ImageScore score(
      boolean top1, boolean top5, double gtKnownIou, double wholeIou, double centredIou) {
    return new ImageScore(
        top1,
        top5,
        gtKnownIou,
        wholeIou,
        centredIou,
        new double[] {gtKnownIou},
        new double[] {gtKnownIou});
  }

  @Test
  void topKLocNeedsIouAboveOneHalfWhileGtKnownTakesOneHalfItself() {
    MetricsTally tally = new MetricsTally(ONE_THRESHOLD);
    tally.add(score(true, true, 0.5, 0, 0)); // GT-known only: not strictly above 0.5
    tally.add(score(true, true, 0.51, 0, 0)); // everything
    tally.add(score(false, true, 0.9, 0, 0)); // top-5 but not top-1
    tally.add(score(false, false, 0.9, 0, 0)); // misclassified: GT-known only
    EvaluationMetrics.Counts counts = tally.metrics().counts();
    assertThat(counts).isEqualTo(new EvaluationMetrics.Counts(4, 2, 3, 1, 2, 4, 0, 0));
    assertThat(tally.metrics().accuracy())
        .isEqualTo(new EvaluationMetrics.Accuracy(50, 75, 25, 50, 100));
  }

  @Test
  void baselinesCountGtKnownHitsOfTheirBoxes() {
    MetricsTally tally = new MetricsTally(ONE_THRESHOLD);
    tally.add(score(false, false, 0, 0.5, 0.49));
    tally.add(score(false, false, 0, 0.2, 0.8));
    tally.add(score(false, false, 0, 0.7, 0.6));
    tally.add(score(false, false, 0, 0.1, 0.1));
    assertThat(tally.metrics().baselines()).isEqualTo(new EvaluationMetrics.Baselines(50, 50));
  }

  @Test
  void sweepLevelsAreInclusiveAsInWsolevaluation() {
    MetricsTally tally = new MetricsTally(ONE_THRESHOLD);
    tally.add(score(false, false, 0.3, 0, 0));
    tally.add(score(false, false, 0.7, 0, 0));
    assertThat(tally.metrics().curve().get(0).boxAccuracy()).containsExactly(100.0, 50.0, 50.0);
  }
}
