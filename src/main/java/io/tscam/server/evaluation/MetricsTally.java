package io.tscam.server.evaluation;

/**
 * Adds up image scores into the official metrics. Not thread-safe: one thread adds, in any order
 * (every metric is a count).
 */
final class MetricsTally {

  private static final double GT_KNOWN_IOU = 0.5;
  private static final double TOP_K_LOC_IOU = 0.5;

  private final BoxAccuracyCurve curve;
  private int images;
  private int top1;
  private int top5;
  private int top1Loc;
  private int top5Loc;
  private int gtKnown;
  private int wholeImage;
  private int centredHalf;

  MetricsTally(ThresholdSweep sweep) {
    this.curve = new BoxAccuracyCurve(sweep);
  }

  void add(ImageScore score) {
    images++;
    top1 += score.top1Correct() ? 1 : 0;
    top5 += score.top5Correct() ? 1 : 0;
    // Top-k Loc wants IoU strictly above 0.5, GT-known at least 0.5, as the official code has it.
    boolean localized = score.gtKnownIou() > TOP_K_LOC_IOU;
    top1Loc += score.top1Correct() && localized ? 1 : 0;
    top5Loc += score.top5Correct() && localized ? 1 : 0;
    gtKnown += score.gtKnownIou() >= GT_KNOWN_IOU ? 1 : 0;
    wholeImage += score.wholeImageIou() >= GT_KNOWN_IOU ? 1 : 0;
    centredHalf += score.centredHalfIou() >= GT_KNOWN_IOU ? 1 : 0;
    curve.add(score);
  }

  int images() {
    return images;
  }

  EvaluationMetrics metrics() {
    EvaluationMetrics.Counts counts =
        new EvaluationMetrics.Counts(
            images, top1, top5, top1Loc, top5Loc, gtKnown, wholeImage, centredHalf);
    return new EvaluationMetrics(
        counts,
        new EvaluationMetrics.Accuracy(
            Percent.of(top1, images),
            Percent.of(top5, images),
            Percent.of(top1Loc, images),
            Percent.of(top5Loc, images),
            Percent.of(gtKnown, images)),
        curve.maxBoxAccV2(),
        new EvaluationMetrics.Baselines(
            Percent.of(wholeImage, images), Percent.of(centredHalf, images)),
        curve.points());
  }
}
