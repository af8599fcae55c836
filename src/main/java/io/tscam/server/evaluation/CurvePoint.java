package io.tscam.server.evaluation;

import java.util.List;

/**
 * One cam threshold of the sweep.
 *
 * @param camThreshold the threshold, a fraction of the map maximum
 * @param boxAccuracy percent of images whose best box over all contours reaches each IoU level of
 *     {@link BoxAccuracyCurve#IOU_LEVELS} (0.3, 0.5, 0.7)
 * @param gtKnownLoc percent of images whose official (largest-contour) box has IoU >= 0.5
 */
record CurvePoint(double camThreshold, List<Double> boxAccuracy, double gtKnownLoc) {

  public CurvePoint {
    boxAccuracy = List.copyOf(boxAccuracy);
  }
}
