package io.tscam.server.evaluation;

import io.tscam.server.cam.Box;
import io.tscam.server.cam.ImageSize;
import io.tscam.server.cam.NormalizedCam;
import io.tscam.server.localization.ImageAnalysis;
import java.util.List;

/**
 * Scores one analysed image against its ground truth, in model-input space as the official code
 * does: classification, the official box of the ground-truth class at the evaluated threshold, the
 * baselines, and the threshold sweep of MaxBoxAccV2. Thread-safe.
 */
final class ImageScorer {

  static final int TOP_K = 5;

  private final double camThreshold;
  private final ThresholdSweep sweep;

  ImageScorer(double camThreshold, ThresholdSweep sweep) {
    this.camThreshold = camThreshold;
    this.sweep = sweep;
  }

  ImageScore score(ImageAnalysis analysis, DatasetImage image) {
    // The official code draws a box for each top-5 class, but only the one of the ground-truth
    // class can count for Top-1 or Top-5 Loc: that box, also GT-known's, decides all three.
    return score(
        analysis.topClasses(TOP_K),
        analysis.normalizedCam(image.classIndex()),
        image.groundTruth(analysis.imageSize(), analysis.inputSize()),
        image.classIndex());
  }

  /** The official box of a class at the evaluated threshold, in input space. */
  Box officialBox(ImageAnalysis analysis, int classIndex) {
    return analysis.normalizedCam(classIndex).largestContourBox(camThreshold);
  }

  /**
   * @param top the top-5 classes, best first
   * @param cam the ground-truth class's map, upsampled to the input size
   * @param truth the ground-truth boxes in input space
   * @param label the ground-truth class
   */
  ImageScore score(List<Integer> top, NormalizedCam cam, GroundTruth truth, int label) {
    ImageSize input = cam.size();
    double gtKnownIou = truth.bestIou(IouBox.asProduced(cam.largestContourBox(camThreshold)));
    double[] largestContourIou = new double[sweep.size()];
    double[] anyContourIou = new double[sweep.size()];
    for (int i = 0; i < sweep.size(); i++) {
      double threshold = sweep.threshold(i);
      largestContourIou[i] = truth.bestIou(IouBox.asProduced(cam.largestContourBox(threshold)));
      anyContourIou[i] =
          truth.bestIou(
              cam.contourBoxes(threshold).stream()
                  .map(box -> IouBox.clampedTo(box, input))
                  .toList());
    }
    return new ImageScore(
        top.get(0) == label,
        top.contains(label),
        gtKnownIou,
        truth.bestIou(IouBox.wholeImage(input)),
        truth.bestIou(IouBox.centredHalf(input)),
        largestContourIou,
        anyContourIou);
  }
}
