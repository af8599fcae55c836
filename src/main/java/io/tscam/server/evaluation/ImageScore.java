package io.tscam.server.evaluation;

/**
 * What one image contributes to the metrics.
 *
 * @param top1Correct the top-1 class is the ground-truth class
 * @param top5Correct the ground-truth class is among the top 5
 * @param gtKnownIou the best IoU of the ground-truth class's official box at the evaluated cam
 *     threshold (the box the top-k and GT-known metrics read)
 * @param wholeImageIou the best IoU of the whole-image baseline box
 * @param centredHalfIou the best IoU of the centred half-size baseline box
 * @param sweepLargestContourIou per sweep threshold, the best IoU of the official box (largest
 *     contour)
 * @param sweepAnyContourIou per sweep threshold, the best IoU of any contour's box (MaxBoxAccV2)
 */
record ImageScore(
    boolean top1Correct,
    boolean top5Correct,
    double gtKnownIou,
    double wholeImageIou,
    double centredHalfIou,
    double[] sweepLargestContourIou,
    double[] sweepAnyContourIou) {}
