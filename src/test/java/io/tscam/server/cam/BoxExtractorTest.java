package io.tscam.server.cam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Edge cases of the whole chain; expected boxes are reference.box / reference.all_boxes output. */
class BoxExtractorTest {

  private static final BoxExtractor SQUARE = new BoxExtractor(new ImageSize(224, 224));
  private static final BoxExtractor WIDE = new BoxExtractor(new ImageSize(300, 200));

  @Test
  void flatMapsHaveNoContour() {
    assertThat(SQUARE.largestContourBox(filled(0f), 0.1)).isEqualTo(Box.NO_CONTOUR);
    assertThat(SQUARE.largestContourBox(filled(1.5f), 0.1)).isEqualTo(Box.NO_CONTOUR);
  }

  @Test
  void aFlatMapThatResizeRoundsUnevenlyGivesOpenCvsStripes() {
    // cv2.resize turns 0.47190973 into 0.4719097 / 0.47190973 / 0.47190976 (edge rows keep the
    // weights (1-fy, fy) of a clamped row); min-max then stretches the last bit to 0..255.
    NormalizedCam cam = SQUARE.normalize(filled(0.47190973f));
    assertThat(cam.toUint8()).containsOnly(0, 127, (byte) 255);
    assertThat(cam.largestContourBox(0.1)).isEqualTo(new Box(204, 0, 212, 224));
    assertThat(cam.contourBoxes(0.1))
        .hasSize(1147)
        .startsWith(new Box(213, 220, 224, 224), new Box(197, 220, 203, 224));
  }

  @Test
  void aSingleHotCellGivesACentredBoxThatShrinksWithTheThreshold() {
    GridMap map = hot(5, 5);
    assertThat(SQUARE.largestContourBox(map, 0.1)).isEqualTo(new Box(74, 74, 102, 102));
    assertThat(SQUARE.largestContourBox(map, 0.9)).isEqualTo(new Box(86, 86, 90, 90));
  }

  @Test
  void aHotCornerTouchesTheImageBorder() {
    assertThat(SQUARE.largestContourBox(hot(0, 0), 0.5)).isEqualTo(new Box(0, 0, 16, 16));
  }

  @Test
  void nonSquareInputsScaleEachAxisOnItsOwn() {
    float[] rightColumn = new float[196];
    float[] bottomRow = new float[196];
    for (int i = 0; i < 14; i++) {
      rightColumn[i * 14 + 13] = 1;
      bottomRow[13 * 14 + i] = 1;
    }
    assertThat(WIDE.largestContourBox(new GridMap(14, 14, rightColumn), 0.5))
        .isEqualTo(new Box(279, 0, 300, 200));
    assertThat(WIDE.largestContourBox(new GridMap(14, 14, bottomRow), 0.5))
        .isEqualTo(new Box(0, 186, 300, 200));
  }

  @Test
  void aHoleIsAContourOfItsOwnForMaxBoxAcc() {
    float[] values = new float[196];
    Arrays.fill(values, 1f);
    values[7 * 14 + 7] = 0f;
    NormalizedCam cam = WIDE.normalize(new GridMap(14, 14, values));
    assertThat(cam.largestContourBox(0.5)).isEqualTo(new Box(0, 0, 300, 200));
    assertThat(cam.contourBoxes(0.5))
        .containsExactly(new Box(0, 0, 300, 200), new Box(149, 99, 173, 115));
  }

  private static GridMap filled(float value) {
    float[] values = new float[196];
    Arrays.fill(values, value);
    return new GridMap(14, 14, values);
  }

  private static GridMap hot(int row, int column) {
    float[] values = new float[196];
    values[row * 14 + column] = 1f;
    return new GridMap(14, 14, values);
  }
}
