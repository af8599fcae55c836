package io.tscam.server.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tscam.server.cam.ImageSize;
import io.tscam.server.cam.NormalizedCam;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scores and MaxBoxAccV2 on synthetic 20 x 20 maps whose contours are known by hand. Each map has a
 * big blob A (x, y in 0..9, value 0.5 -> uint8 127) and a small blob B (14..17, value 1 -> 255): A
 * survives thresholds up to 0.49 (int(0.49 * 255) = 124 < 127, int(0.50 * 255) = 127), B all of
 * them. Bounding rectangles: A [0, 0, 10, 10], B [14, 14, 18, 18] (x2, y2 exclusive).
 */
class ImageScorerTest {

  private static final ImageSize SIZE = new ImageSize(20, 20);
  private static final IouBox ON_A = new IouBox(0, 0, 9, 9);
  private static final IouBox ON_B = new IouBox(14, 14, 17, 17);

  /** B as produced [14, 14, 18, 18] against [14, 14, 17, 17]: 16 / 25. */
  private static final double B_IOU = 16.0 / 25.0;

  /** A as produced [0, 0, 10, 10] against [0, 0, 9, 9]: 100 / 121. */
  private static final double A_IOU = 100.0 / 121.0;

  private final ImageScorer scorer = new ImageScorer(0.6, ThresholdSweep.HUNDREDTHS);

  private static NormalizedCam blobs(boolean bridged) {
    float[] map = new float[Math.toIntExact(SIZE.pixels())];
    fill(map, 0, 0, 9, 9, 0.5f);
    fill(map, 14, 14, 17, 17, 1f);
    if (bridged) {
      // A low ridge (uint8 51) joining A to B: down column 9, then along row 14.
      fill(map, 9, 10, 9, 14, 0.2f);
      fill(map, 9, 14, 13, 14, 0.2f);
    }
    return NormalizedCam.fromUpsampled(map, SIZE);
  }

  private static void fill(float[] map, int x1, int y1, int x2, int y2, float value) {
    for (int y = y1; y <= y2; y++) {
      for (int x = x1; x <= x2; x++) {
        map[y * SIZE.width() + x] = value;
      }
    }
  }

  private ImageScore score(NormalizedCam cam, IouBox truth, List<Integer> top, int label) {
    return scorer.score(top, cam, new GroundTruth(List.of(truth)), label);
  }

  @Test
  void theOfficialBoxIsTheLargestContourSoASmallTargetIsMissedAtLowThresholds() {
    ImageScore score = score(blobs(false), ON_B, List.of(3, 1, 2, 4, 5), 3);
    assertThat(score.top1Correct()).isTrue();
    assertThat(score.gtKnownIou()).isCloseTo(B_IOU, within(1e-12)); // threshold 0.6: only B
    for (int t = 0; t < 100; t++) {
      assertThat(score.sweepLargestContourIou()[t]).isEqualTo(t < 50 ? 0.0 : B_IOU);
      assertThat(score.sweepAnyContourIou()[t]).isEqualTo(B_IOU);
    }
  }

  @Test
  void aTargetOnTheBigBlobIsFoundWhileTheBlobSurvives() {
    ImageScore score = score(blobs(false), ON_A, List.of(1, 5, 2, 4, 3), 5);
    assertThat(score.top1Correct()).isFalse();
    assertThat(score.top5Correct()).isTrue();
    assertThat(score.gtKnownIou()).isZero();
    for (int t = 0; t < 100; t++) {
      assertThat(score.sweepLargestContourIou()[t]).isEqualTo(t < 50 ? A_IOU : 0.0);
      assertThat(score.sweepAnyContourIou()[t]).isEqualTo(t < 50 ? A_IOU : 0.0);
    }
  }

  @Test
  void aBridgeMergesTheBlobsIntoOneContourBelowItsLevel() {
    // Up to 0.19 (int(0.20 * 255) = 51) one contour [0, 0, 18, 18] holds both: 16 / 361 with B.
    ImageScore score = score(blobs(true), ON_B, List.of(0, 1, 2, 4, 5), 7);
    assertThat(score.top5Correct()).isFalse();
    for (int t = 0; t < 100; t++) {
      double merged = 16.0 / 361.0;
      assertThat(score.sweepAnyContourIou()[t]).isEqualTo(t < 20 ? merged : B_IOU);
      assertThat(score.sweepLargestContourIou()[t])
          .isEqualTo(t < 20 ? merged : t < 50 ? 0.0 : B_IOU);
    }
  }

  @Test
  void maxBoxAccV2TakesTheBestThresholdPerIouLevel() {
    MetricsTally tally = new MetricsTally(ThresholdSweep.HUNDREDTHS);
    tally.add(score(blobs(false), ON_B, List.of(3, 1, 2, 4, 5), 3));
    tally.add(score(blobs(false), ON_A, List.of(1, 5, 2, 4, 3), 5));
    tally.add(score(blobs(true), ON_B, List.of(0, 1, 2, 4, 5), 7));
    EvaluationMetrics metrics = tally.metrics();

    // IoU 0.3 and 0.5: images 1 and 2 below 0.50 ... 1 and 3 above; all three in 0.20..0.49.
    // IoU 0.7: only image 2 (A, 0.83) and only while A survives.
    MaxBoxAccV2 max = metrics.maxBoxAccV2();
    assertThat(max.atIou())
        .containsExactly(
            new MaxBoxAccV2.AtIou(0.3, 100.0, 0.20),
            new MaxBoxAccV2.AtIou(0.5, 100.0, 0.20),
            new MaxBoxAccV2.AtIou(0.7, 100.0 / 3, 0.0));
    assertThat(max.value()).isCloseTo((100 + 100 + 100.0 / 3) / 3, within(1e-9));

    CurvePoint low = metrics.curve().get(10);
    assertThat(low.camThreshold()).isEqualTo(0.10);
    assertThat(low.boxAccuracy()).containsExactly(200.0 / 3, 200.0 / 3, 100.0 / 3);
    assertThat(low.gtKnownLoc()).isEqualTo(100.0 / 3);
    assertThat(metrics.curve().get(60).gtKnownLoc()).isEqualTo(200.0 / 3);

    // At the evaluated threshold 0.6: boxes on B hit (images 1 and 3), A is gone (image 2).
    assertThat(metrics.accuracy())
        .isEqualTo(
            new EvaluationMetrics.Accuracy(100.0 / 3, 200.0 / 3, 100.0 / 3, 100.0 / 3, 200.0 / 3));
  }
}
