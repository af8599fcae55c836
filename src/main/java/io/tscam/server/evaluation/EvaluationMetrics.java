package io.tscam.server.evaluation;

import java.util.List;

/**
 * Every metric of one evaluation.
 *
 * @param counts the raw counts behind the percentages
 * @param accuracy Cls@1, Cls@5, Top-1 Loc, Top-5 Loc and GT-known Loc at the evaluated threshold
 * @param maxBoxAccV2 the threshold-free box accuracy
 * @param baselines GT-known Loc of the whole-image and centred half-size boxes
 * @param curve box accuracy and GT-known Loc per cam threshold of the sweep
 */
record EvaluationMetrics(
    Counts counts,
    Accuracy accuracy,
    MaxBoxAccV2 maxBoxAccV2,
    Baselines baselines,
    List<CurvePoint> curve) {

  public EvaluationMetrics {
    curve = List.copyOf(curve);
  }

  /** How many images met each criterion. */
  public record Counts(
      int images,
      int cls1,
      int cls5,
      int top1Loc,
      int top5Loc,
      int gtKnownLoc,
      int wholeImageGtKnownLoc,
      int centredHalfGtKnownLoc) {}

  /** The official TS-CAM metrics, in percent of the images. */
  public record Accuracy(
      double cls1, double cls5, double top1Loc, double top5Loc, double gtKnownLoc) {}

  /** GT-known Loc of boxes that ignore the image, in percent: the floor a model must clear. */
  public record Baselines(double wholeImageGtKnownLoc, double centredHalfGtKnownLoc) {}
}
