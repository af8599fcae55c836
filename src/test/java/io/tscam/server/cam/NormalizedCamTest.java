package io.tscam.server.cam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tscam.server.testsupport.TextMaps;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Contours, areas, order and thresholds on small masks; the expected numbers are what
 * cv2.findContours(RETR_TREE, CHAIN_APPROX_SIMPLE), cv2.contourArea and cv2.boundingRect give.
 */
class NormalizedCamTest {

  @Test
  void equalAreasGoToTheFirstContourInOpenCvOrderWhichIsTheLastFound() {
    NormalizedCam cam =
        mask(
            "........", //
            ".###.###",
            ".###.###",
            ".###.###",
            "........");
    assertThat(cam.contours(0.5))
        .containsExactly(
            new Contour(new Box(5, 1, 8, 4), 8, false, true, 5, 1),
            new Contour(new Box(1, 1, 4, 4), 8, false, true, 1, 1));
    assertThat(cam.largestContourBox(0.5)).isEqualTo(new Box(5, 1, 8, 4));
  }

  @Test
  void areaIsThePolygonThroughPixelCentresNotThePixelCount() {
    NormalizedCam cam =
        mask(
            "#.......", //
            "........",
            "...#....",
            "...####.",
            "........");
    assertThat(cam.contours(0.5))
        .containsExactly(
            new Contour(new Box(3, 2, 7, 4), 1, false, true, 3, 2),
            new Contour(new Box(0, 0, 1, 1), 0, false, true, 0, 0));
  }

  @Test
  void aOnePixelWideLineHasNoArea() {
    NormalizedCam cam = mask("......", ".####.", "......");
    assertThat(cam.contours(0.5))
        .containsExactly(new Contour(new Box(1, 1, 5, 2), 0, false, true, 1, 1));
    assertThat(cam.largestContourBox(0.5)).isEqualTo(new Box(1, 1, 5, 2));
  }

  @Test
  void holesAndIslandsInsideThemFollowTheirParentInPreOrder() {
    NormalizedCam cam =
        mask(
            "#########", //
            "#.......#",
            "#.##.##.#",
            "#.##.##.#",
            "#.......#",
            "#########");
    assertThat(cam.contours(0.5))
        .containsExactly(
            new Contour(new Box(0, 0, 9, 6), 80, false, true, 0, 0),
            new Contour(new Box(0, 0, 9, 6), 76, true, false, 0, 1),
            new Contour(new Box(5, 2, 7, 4), 2, false, false, 5, 2),
            new Contour(new Box(2, 2, 4, 4), 2, false, false, 2, 2));
    assertThat(cam.contourBoxes(0.5))
        .containsExactly(
            new Box(0, 0, 9, 6), new Box(0, 0, 9, 6), new Box(5, 2, 7, 4), new Box(2, 2, 4, 4));
  }

  @Test
  void everyOuterContourIsABoxLargestFirstWithItsShareOfTheMap() {
    NormalizedCam cam =
        mask(
            "#####...#", //
            "#...#....",
            "#.#.#..##",
            "#...#..##",
            "#####....");
    // The ring holds the island in its hole. Areas are polygon areas through pixel centres: the
    // ring 16, the square 1 (under a tenth of the ring's), the lone pixel 0.
    assertThat(cam.outerContourBoxes(0.5, 0.05))
        .containsExactly(
            new ContourBox(new Box(0, 0, 5, 5), 17.0 / 22),
            new ContourBox(new Box(7, 2, 9, 4), 4.0 / 22));
    assertThat(cam.outerContourBoxes(0.5, 0.1).get(0).box()).isEqualTo(cam.largestContourBox(0.5));
    assertThat(cam.outerContourBoxes(0.5, 1.0)).hasSize(1);
  }

  @Test
  void aMaskFilledToItsBordersIsOneContourAroundTheImage() {
    // Through the tracer itself: a map that is all foreground is flat and would normalise to 0.
    byte[] padded = new byte[5 * 4];
    for (int y = 1; y <= 2; y++) {
      Arrays.fill(padded, y * 5 + 1, y * 5 + 4, (byte) 1);
    }
    assertThat(new ContourTracer(padded, 5, 4).trace())
        .containsExactly(new Contour(new Box(0, 0, 3, 2), 4, false, true, 0, 0));
  }

  @Test
  void aConstantMapNormalisesToZerosAndHasNoContour() {
    NormalizedCam cam = NormalizedCam.fromUpsampled(new float[] {2, 2, 2, 2}, new ImageSize(2, 2));
    assertThat(cam.toUint8()).containsOnly(0);
    assertThat(cam.maximum()).isZero();
    assertThat(cam.largestContourBox(0.1)).isEqualTo(Box.NO_CONTOUR);
    assertThat(cam.contourBoxes(0.1)).containsExactly(Box.NO_CONTOUR);
  }

  @Test
  void pixelsMustBeStrictlyAboveTheTruncatedLevel() {
    // min 0, max 1: 25.5/255 and 26.5/255 normalise to uint8 25 and 26 (truncated).
    float[] values = {0, 25.5f / 255, 26.5f / 255, 1};
    NormalizedCam cam = NormalizedCam.fromUpsampled(values, new ImageSize(4, 1));
    assertThat(cam.toUint8()).containsExactly(0, 25, 26, (byte) 255);
    assertThat(cam.level(0.1)).isEqualTo(25); // int(0.1 * 255)
    assertThat(cam.contourBoxes(0.1)).containsExactly(new Box(2, 0, 4, 1));
  }

  @Test
  void thresholdsOutsideTheUnitIntervalAreRejected() {
    NormalizedCam cam = mask("#.");
    assertThatThrownBy(() -> cam.level(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cam.level(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A 0/1 map drawn with '#' for foreground, normalised as the engine normalises maps. */
  private static NormalizedCam mask(String... rows) {
    return TextMaps.of(rows);
  }
}
