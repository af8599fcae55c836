package io.tscam.server.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Box accuracy per cam threshold, accumulated image by image: for MaxBoxAccV2 (Choe et al., CVPR
 * 2020) the share of images whose best box over all contours reaches IoU 0.3, 0.5 and 0.7, and
 * beside it the GT-known Loc of the official largest-contour box.
 */
final class BoxAccuracyCurve {

  /** The IoU levels MaxBoxAccV2 averages over. */
  static final List<Double> IOU_LEVELS = List.of(0.3, 0.5, 0.7);

  private static final double GT_KNOWN_IOU = 0.5;

  private final ThresholdSweep sweep;
  private final int[][] anyContourHits;
  private final int[] largestContourHits;
  private int images;

  BoxAccuracyCurve(ThresholdSweep sweep) {
    this.sweep = sweep;
    this.anyContourHits = new int[IOU_LEVELS.size()][sweep.size()];
    this.largestContourHits = new int[sweep.size()];
  }

  void add(ImageScore score) {
    images++;
    for (int t = 0; t < sweep.size(); t++) {
      for (int level = 0; level < IOU_LEVELS.size(); level++) {
        if (score.sweepAnyContourIou()[t] >= IOU_LEVELS.get(level)) {
          anyContourHits[level][t]++;
        }
      }
      if (score.sweepLargestContourIou()[t] >= GT_KNOWN_IOU) {
        largestContourHits[t]++;
      }
    }
  }

  List<CurvePoint> points() {
    List<CurvePoint> points = new ArrayList<>(sweep.size());
    for (int t = 0; t < sweep.size(); t++) {
      List<Double> boxAccuracy = new ArrayList<>(IOU_LEVELS.size());
      for (int[] hits : anyContourHits) {
        boxAccuracy.add(Percent.of(hits[t], images));
      }
      points.add(
          new CurvePoint(
              sweep.threshold(t), boxAccuracy, Percent.of(largestContourHits[t], images)));
    }
    return points;
  }

  /**
   * The best accuracy over the sweep at each IoU level (the lowest threshold among equals, as
   * numpy's argmax picks), and their mean.
   */
  MaxBoxAccV2 maxBoxAccV2() {
    List<MaxBoxAccV2.AtIou> levels = new ArrayList<>(IOU_LEVELS.size());
    for (int level = 0; level < IOU_LEVELS.size(); level++) {
      int best = 0;
      for (int t = 1; t < sweep.size(); t++) {
        if (anyContourHits[level][t] > anyContourHits[level][best]) {
          best = t;
        }
      }
      levels.add(
          new MaxBoxAccV2.AtIou(
              IOU_LEVELS.get(level),
              Percent.of(anyContourHits[level][best], images),
              sweep.threshold(best)));
    }
    return MaxBoxAccV2.of(levels);
  }
}
